using Gateway.Core.Calls;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>Compact, exact binary form of a <see cref="CallRecord"/> for the outbox journal.</summary>
    /// <remarks>
    /// Every field round-trips exactly (null and empty strings are told apart). Dialled keys and
    /// rule prefixes, which are almost always 0-9 * # A-D, are packed two per byte; the box id is
    /// omitted when it is the journal's own. A typical record is about 30 bytes (docs/mqtt.md).
    /// Layout: flags, direction, dial, outcome, [box], line, digits, rule, start, end-start,
    /// duration, blockedAtDigit, flashes, then (flag "why") rules version, class, decision kind and
    /// wildcard pattern, then (flag "limit") the talk time limit; integers are zigzag varints. The "why" part is left out when it says
    /// nothing (no version, class or decision), which is also how a record journaled before it
    /// existed reads.
    /// </remarks>
    public static class CallRecordCodec
    {
        // Sixteen keys, so that a key fits a nibble; the order is part of the journal format.
        private const string PackedKeys = "0123456789*#ABCD";

        private const int FlagEmergency = 0x01;
        private const int FlagClockSynced = 0x02;
        private const int FlagOwnBox = 0x04;
        private const int FlagWhy = 0x08;
        private const int FlagLimit = 0x10;

        // String slots: 0 = null, 1 = UTF-8, 2 = packed keys.
        private const int StringNull = 0;
        private const int StringUtf8 = 1;
        private const int StringPacked = 2;

        /// <summary>Upper bound of the encoded size of <c>r</c> (for sizing buffers).</summary>
        public static int MaxEncodedLength(CallRecord r)
        {
            return 1 + 3 * 5 + 4 * 10 + 2 * 5 + StringBound(r.Box) + StringBound(r.Line) + StringBound(r.Digits) + StringBound(r.Rule)
                + StringBound(r.RulesVersion) + StringBound(r.Class) + 5 + StringBound(r.DecidedPattern) + 10;
        }

        private static int StringBound(string s)
        {
            return s == null ? 1 : 1 + 5 + s.Length * 3;
        }

        /// <summary>Writes <c>r</c> at <c>index</c>; returns the index after the last byte. The
        /// buffer must hold <see cref="MaxEncodedLength"/> bytes.</summary>
        public static int Encode(CallRecord r, string ownBox, byte[] b, int index)
        {
            bool ownBoxMatch = r.Box != null && ownBox != null && r.Box == ownBox;
            bool why = (r.RulesVersion != null && r.RulesVersion.Length > 0) || r.Class != null || r.Decision != DecisionKind.None;
            int flags = (r.Emergency ? FlagEmergency : 0) | (r.ClockSynced ? FlagClockSynced : 0) | (ownBoxMatch ? FlagOwnBox : 0)
                | (why ? FlagWhy : 0) | (r.LimitMs > 0 ? FlagLimit : 0);
            b[index++] = (byte)flags;
            index = WriteVarint(b, index, (long)r.Direction);
            index = WriteVarint(b, index, (long)r.Dial);
            index = WriteVarint(b, index, (long)r.Outcome);
            if (!ownBoxMatch) index = WriteString(b, index, r.Box);
            index = WriteString(b, index, r.Line);
            index = WriteString(b, index, r.Digits);
            index = WriteString(b, index, r.Rule);
            index = WriteVarint(b, index, r.StartUnixMs);
            index = WriteVarint(b, index, r.EndUnixMs - r.StartUnixMs);
            index = WriteVarint(b, index, r.DurationMs);
            index = WriteVarint(b, index, r.BlockedAtDigit);
            index = WriteVarint(b, index, r.Flashes);
            if (why)
            {
                index = WriteString(b, index, r.RulesVersion == null ? "" : r.RulesVersion);
                index = WriteString(b, index, r.Class);
                index = WriteVarint(b, index, (long)r.Decision);
                index = WriteString(b, index, r.DecidedPattern);
            }
            if (r.LimitMs > 0) index = WriteVarint(b, index, r.LimitMs);
            return index;
        }

        /// <summary>Fills <c>r</c> from <c>count</c> bytes at <c>index</c> (Seq is left alone);
        /// false when the bytes are not exactly one well-formed record.</summary>
        public static bool TryDecode(byte[] b, int index, int count, string ownBox, CallRecord r)
        {
            return TryDecode(b, index, count, ownBox, r, null);
        }

        /// <summary>As <see cref="TryDecode(byte[], int, int, string, CallRecord)"/>, for a record
        /// that is decoded into again and again: a string equal to the one <c>r</c> already holds is
        /// kept rather than made anew (a line id, a rule prefix), and packed keys are unpacked in
        /// <c>scratch</c> (may be null) rather than in an array of their own.</summary>
        public static bool TryDecode(byte[] b, int index, int count, string ownBox, CallRecord r, char[] scratch)
        {
            int end = index + count;
            if (count < 1) return false;
            int flags = b[index++];
            if ((flags & ~(FlagEmergency | FlagClockSynced | FlagOwnBox | FlagWhy | FlagLimit)) != 0) return false;
            long v;
            if (!ReadVarint(b, ref index, end, out v) || v < 0 || v > 255) return false;
            r.Direction = (CallDirection)(int)v;
            if (!ReadVarint(b, ref index, end, out v) || v < 0 || v > 255) return false;
            r.Dial = (DialMethod)(int)v;
            if (!ReadVarint(b, ref index, end, out v) || v < 0 || v > 255) return false;
            r.Outcome = (CallOutcome)(int)v;
            string s;
            if ((flags & FlagOwnBox) != 0)
            {
                if (ownBox == null) return false;
                r.Box = ownBox;
            }
            else
            {
                if (!ReadString(b, ref index, end, r.Box, scratch, out s)) return false;
                r.Box = s;
            }
            if (!ReadString(b, ref index, end, r.Line, scratch, out s)) return false;
            r.Line = s;
            if (!ReadString(b, ref index, end, r.Digits, scratch, out s)) return false;
            r.Digits = s;
            if (!ReadString(b, ref index, end, r.Rule, scratch, out s)) return false;
            r.Rule = s;
            long start, delta, duration, blocked, flashes;
            if (!ReadVarint(b, ref index, end, out start)) return false;
            if (!ReadVarint(b, ref index, end, out delta)) return false;
            if (!ReadVarint(b, ref index, end, out duration)) return false;
            if (!ReadVarint(b, ref index, end, out blocked) || blocked < int.MinValue || blocked > int.MaxValue) return false;
            if (!ReadVarint(b, ref index, end, out flashes) || flashes < int.MinValue || flashes > int.MaxValue) return false;
            if ((flags & FlagWhy) != 0)
            {
                if (!ReadString(b, ref index, end, r.RulesVersion, scratch, out s)) return false;
                string version = s;
                if (!ReadString(b, ref index, end, r.Class, scratch, out s)) return false;
                string cls = s;
                long kind;
                if (!ReadVarint(b, ref index, end, out kind) || kind < 0 || kind > (long)DecisionKind.Emergency) return false;
                if (!ReadString(b, ref index, end, r.DecidedPattern, scratch, out s)) return false;
                if (version == null) return false;
                r.RulesVersion = version;
                r.Class = cls;
                r.Decision = (DecisionKind)(int)kind;
                r.DecidedPattern = s;
            }
            else
            {
                r.RulesVersion = "";
                r.Class = null;
                r.Decision = DecisionKind.None;
                r.DecidedPattern = null;
            }
            long limit = 0;
            if ((flags & FlagLimit) != 0 && (!ReadVarint(b, ref index, end, out limit) || limit <= 0)) return false;
            r.LimitMs = limit;
            if (index != end) return false;
            r.StartUnixMs = start;
            r.EndUnixMs = start + delta;
            r.DurationMs = duration;
            r.BlockedAtDigit = (int)blocked;
            r.Flashes = (int)flashes;
            r.Emergency = (flags & FlagEmergency) != 0;
            r.ClockSynced = (flags & FlagClockSynced) != 0;
            return true;
        }

        /// <summary>Zigzag varint (1-10 bytes); returns the index after it.</summary>
        public static int WriteVarint(byte[] b, int index, long value)
        {
            ulong u = (ulong)((value << 1) ^ (value >> 63));
            while (u >= 0x80)
            {
                b[index++] = (byte)(u | 0x80);
                u >>= 7;
            }
            b[index++] = (byte)u;
            return index;
        }

        /// <summary>Reads a zigzag varint; false when cut short, longer than 10 bytes or not minimal.</summary>
        public static bool ReadVarint(byte[] b, ref int index, int end, out long value)
        {
            ulong u = 0;
            int shift = 0;
            value = 0;
            while (true)
            {
                if (index >= end || shift > 63) return false;
                int x = b[index++];
                if (shift == 63 && x > 1) return false;
                u |= (ulong)(x & 0x7F) << shift;
                if ((x & 0x80) == 0)
                {
                    if (x == 0 && shift > 0) return false; // not minimal: two encodings of one value
                    break;
                }
                shift += 7;
            }
            value = (long)(u >> 1) ^ -(long)(u & 1);
            return true;
        }

        private static int WriteString(byte[] b, int index, string s)
        {
            if (s == null)
            {
                b[index++] = StringNull;
                return index;
            }
            if (IsPackable(s))
            {
                b[index++] = StringPacked;
                index = WriteVarint(b, index, s.Length);
                for (int i = 0; i < s.Length; i += 2)
                {
                    int hi = PackedKeys.IndexOf(s[i]);
                    int lo = i + 1 < s.Length ? PackedKeys.IndexOf(s[i + 1]) : 0;
                    b[index++] = (byte)((hi << 4) | lo);
                }
                return index;
            }
            b[index++] = StringUtf8;
            index = WriteVarint(b, index, Utf8.ByteCount(s));
            return Utf8.Write(s, b, index);
        }

        private static bool IsPackable(string s)
        {
            for (int i = 0; i < s.Length; i++)
                if (PackedKeys.IndexOf(s[i]) < 0) return false;
            return true;
        }

        // Reads a string slot; previous is returned as the value when it is equal (no allocation).
        private static bool ReadString(byte[] b, ref int index, int end, string previous, char[] scratch, out string s)
        {
            s = null;
            if (index >= end) return false;
            int kind = b[index++];
            if (kind == StringNull) return true;
            long len;
            if (!ReadVarint(b, ref index, end, out len) || len < 0) return false;
            if (kind == StringPacked)
            {
                long bytes = (len + 1) / 2;
                if (bytes > end - index) return false;
                if ((len & 1) == 1 && (b[index + (int)(len / 2)] & 0x0F) != 0) return false;
                int n = (int)len;
                if (previous != null && previous.Length == n && PackedEquals(b, index, previous)) s = previous;
                else
                {
                    char[] chars = scratch != null && scratch.Length >= n ? scratch : new char[n];
                    for (int i = 0; i < n; i++) chars[i] = PackedKeyAt(b, index, i);
                    s = new string(chars, 0, n);
                }
                index += (int)bytes;
                return true;
            }
            if (kind == StringUtf8)
            {
                if (len > end - index) return false;
                if (previous != null && Utf8.Decodes(b, index, (int)len, previous)) s = previous;
                else s = Utf8.GetString(b, index, (int)len);
                index += (int)len;
                return s != null;
            }
            return false;
        }

        private static char PackedKeyAt(byte[] b, int index, int i)
        {
            int x = b[index + i / 2];
            return PackedKeys[(i & 1) == 0 ? x >> 4 : x & 0x0F];
        }

        private static bool PackedEquals(byte[] b, int index, string s)
        {
            for (int i = 0; i < s.Length; i++)
                if (PackedKeyAt(b, index, i) != s[i]) return false;
            return true;
        }
    }
}
