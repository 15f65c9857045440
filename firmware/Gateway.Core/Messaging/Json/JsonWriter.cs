using System;

namespace Gateway.Core.Messaging.Json
{
    /// <summary>Writes compact JSON as UTF-8 into one reusable byte buffer, without building strings.</summary>
    /// <remarks>
    /// The same bytes come out on the device and on a PC, so payloads can be checked byte for byte
    /// on the host. The buffer is kept between documents (Reset) and only grows when a document is
    /// larger than any before it; nothing else allocates. Commas are placed automatically: call
    /// Name before each member value inside an object. Misuse (a value without a name inside an
    /// object, unbalanced End calls, nesting deeper than <see cref="MaxDepth"/>) throws
    /// InvalidOperationException rather than producing invalid JSON.
    /// </remarks>
    public sealed class JsonWriter
    {
        /// <summary>Deepest nesting of objects and arrays supported.</summary>
        public const int MaxDepth = 16;

        private const byte ContextObject = 1;
        private const byte ContextArray = 2;

        private byte[] _buffer;
        private int _length;
        private readonly byte[] _context = new byte[MaxDepth + 1];
        private readonly bool[] _hasItems = new bool[MaxDepth + 1];
        private int _depth;
        private bool _afterName;
        private bool _rootWritten;
        private readonly byte[] _digits = new byte[20];

        /// <summary>A writer whose buffer starts at <paramref name="initialCapacity"/> bytes.</summary>
        public JsonWriter(int initialCapacity)
        {
            if (initialCapacity < 16) initialCapacity = 16;
            _buffer = new byte[initialCapacity];
        }

        /// <summary>A writer with a 256-byte starting buffer.</summary>
        public JsonWriter() : this(256) { }

        /// <summary>The buffer holding the document; only the first <see cref="Length"/> bytes are valid.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Bytes written since the last Reset.</summary>
        public int Length { get { return _length; } }

        /// <summary>True when the top-level value is written and every object and array is closed.</summary>
        public bool IsComplete { get { return _rootWritten && _depth == 0; } }

        /// <summary>Starts a new document, keeping the buffer.</summary>
        public void Reset()
        {
            _length = 0;
            _depth = 0;
            _afterName = false;
            _rootWritten = false;
        }

        /// <summary>A copy of the written bytes (allocates: for callers that must keep the payload).</summary>
        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            Array.Copy(_buffer, copy, _length);
            return copy;
        }

        /// <summary>Opens an object (<c>{</c>).</summary>
        public void BeginObject()
        {
            BeforeValue();
            Put((byte)'{');
            Push(ContextObject);
        }

        /// <summary>Closes the innermost object.</summary>
        public void EndObject()
        {
            Pop(ContextObject);
            Put((byte)'}');
        }

        /// <summary>Opens an array (<c>[</c>).</summary>
        public void BeginArray()
        {
            BeforeValue();
            Put((byte)'[');
            Push(ContextArray);
        }

        /// <summary>Closes the innermost array.</summary>
        public void EndArray()
        {
            Pop(ContextArray);
            Put((byte)']');
        }

        /// <summary>Writes a member name inside an object; the next call writes its value.</summary>
        public void Name(string name)
        {
            if (name == null) throw new ArgumentNullException("name");
            if (_depth == 0 || _context[_depth] != ContextObject || _afterName)
                throw new InvalidOperationException("a member name is only valid inside an object, before its value");
            if (_hasItems[_depth]) Put((byte)',');
            _hasItems[_depth] = true;
            PutQuoted(name);
            Put((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value, escaped; null is written as JSON null.</summary>
        public void String(string value)
        {
            BeforeValue();
            if (value == null) PutAscii("null");
            else PutQuoted(value);
        }

        /// <summary>Writes <c>head</c> followed by <c>tail</c> as one string value (neither null; no string is joined).</summary>
        public void Joined(string head, string tail)
        {
            BeforeValue();
            Put((byte)'"');
            PutEscapedText(head);
            PutEscapedText(tail);
            Put((byte)'"');
        }

        /// <summary>Writes the characters <c>value[start..start+count)</c> as a string value (no string needed).</summary>
        public void String(char[] value, int start, int count)
        {
            if (value == null) throw new ArgumentNullException("value");
            if (start < 0 || count < 0 || start + count > value.Length) throw new ArgumentOutOfRangeException("count");
            BeforeValue();
            Put((byte)'"');
            for (int i = start; i < start + count; i++)
                i = PutChar(value, i, start + count);
            Put((byte)'"');
        }

        /// <summary>Writes an integer value.</summary>
        public void Int(long value)
        {
            BeforeValue();
            PutInt(value);
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        public void Bool(bool value)
        {
            BeforeValue();
            PutAscii(value ? "true" : "false");
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void Null()
        {
            BeforeValue();
            PutAscii("null");
        }

        /// <summary>Writes Unix milliseconds as an ISO 8601 UTC string, <c>"yyyy-MM-ddTHH:mm:ss.fffZ"</c>.</summary>
        /// <remarks>Computed by hand (no DateTime formatting, whose output and cost differ by platform).
        /// Years 0001-9999 only.</remarks>
        public void UtcTime(long unixMs)
        {
            if (unixMs < MinUnixMs || unixMs > MaxUnixMs) throw new ArgumentOutOfRangeException("unixMs");
            BeforeValue();
            long days = FloorDiv(unixMs, MsPerDay);
            int msOfDay = (int)(unixMs - days * MsPerDay);
            int year, month, day;
            CivilFromDays(days, out year, out month, out day);
            Put((byte)'"');
            PutFixed(year, 4);
            Put((byte)'-');
            PutFixed(month, 2);
            Put((byte)'-');
            PutFixed(day, 2);
            Put((byte)'T');
            PutFixed(msOfDay / 3600000, 2);
            Put((byte)':');
            PutFixed(msOfDay / 60000 % 60, 2);
            Put((byte)':');
            PutFixed(msOfDay / 1000 % 60, 2);
            Put((byte)'.');
            PutFixed(msOfDay % 1000, 3);
            Put((byte)'Z');
            Put((byte)'"');
        }

        // Shorthands for object members: Name followed by the value.

        /// <summary>Member with a string value (null written as null).</summary>
        public void String(string name, string value) { Name(name); String(value); }

        /// <summary>Member with an integer value.</summary>
        public void Int(string name, long value) { Name(name); Int(value); }

        /// <summary>Member with a boolean value.</summary>
        public void Bool(string name, bool value) { Name(name); Bool(value); }

        /// <summary>Member with a null value.</summary>
        public void Null(string name) { Name(name); Null(); }

        /// <summary>Member with an ISO 8601 UTC time value.</summary>
        public void UtcTime(string name, long unixMs) { Name(name); UtcTime(unixMs); }

        private const long MsPerDay = 86400000L;
        private const long MinUnixMs = -62135596800000L;  // 0001-01-01T00:00:00.000Z
        private const long MaxUnixMs = 253402300799999L;  // 9999-12-31T23:59:59.999Z

        private static long FloorDiv(long a, long b)
        {
            long q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
            return q;
        }

        // Proleptic Gregorian calendar: counts 400-year eras (146097 days each) from 0000-03-01 so that
        // the leap day falls at the end of each computed year; months then follow a fixed 153-day
        // five-month pattern.
        private static void CivilFromDays(long daysSinceEpoch, out int year, out int month, out int day)
        {
            long z = daysSinceEpoch + 719468;              // days since 0000-03-01
            long era = FloorDiv(z, 146097);
            long dayOfEra = z - era * 146097;               // [0, 146096]
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);  // [0, 365], from March 1
            long monthIndex = (5 * dayOfYear + 2) / 153;    // 0 = March
            day = (int)(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
            month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
            year = (int)(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        }

        private void BeforeValue()
        {
            if (_depth == 0)
            {
                if (_rootWritten) throw new InvalidOperationException("the document already has its top-level value; call Reset");
                _rootWritten = true;
                return;
            }
            if (_context[_depth] == ContextObject)
            {
                if (!_afterName) throw new InvalidOperationException("a value inside an object needs a member name first");
                _afterName = false;
                return;
            }
            if (_hasItems[_depth]) Put((byte)',');
            _hasItems[_depth] = true;
        }

        private void Push(byte context)
        {
            if (_depth == MaxDepth) throw new InvalidOperationException("JSON nested deeper than " + MaxDepth);
            _depth++;
            _context[_depth] = context;
            _hasItems[_depth] = false;
        }

        private void Pop(byte context)
        {
            if (_depth == 0 || _context[_depth] != context || _afterName)
                throw new InvalidOperationException(context == ContextObject ? "no object to close here" : "no array to close here");
            _depth--;
        }

        private void PutQuoted(string s)
        {
            Put((byte)'"');
            PutEscapedText(s);
            Put((byte)'"');
        }

        private void PutEscapedText(string s)
        {
            int n = s.Length;
            for (int i = 0; i < n; i++)
            {
                char c = s[i];
                if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') { Put((byte)c); continue; }
                if (c < 0x80) { PutEscaped(c); continue; }
                int codePoint = Utf8.CodePointAt(s, i);
                if (codePoint > 0xFFFF) i++;
                PutCodePoint(codePoint);
            }
        }

        // Returns the index of the last char consumed (a surrogate pair consumes two).
        private int PutChar(char[] s, int i, int end)
        {
            char c = s[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') { Put((byte)c); return i; }
            if (c < 0x80) { PutEscaped(c); return i; }
            int codePoint = Utf8.CodePointAt(c, i + 1 < end ? s[i + 1] : -1);
            PutCodePoint(codePoint);
            return codePoint > 0xFFFF ? i + 1 : i;
        }

        // ASCII that is not written as itself: what JSON requires escaped (RFC 8259 section 7), and DEL.
        private void PutEscaped(char c)
        {
            switch (c)
            {
                case '"': Put((byte)'\\'); Put((byte)'"'); return;
                case '\\': Put((byte)'\\'); Put((byte)'\\'); return;
                case '\n': Put((byte)'\\'); Put((byte)'n'); return;
                case '\r': Put((byte)'\\'); Put((byte)'r'); return;
                case '\t': Put((byte)'\\'); Put((byte)'t'); return;
                case '\b': Put((byte)'\\'); Put((byte)'b'); return;
                case '\f': Put((byte)'\\'); Put((byte)'f'); return;
            }
            if (c < 0x20)
            {
                PutAscii("\\u00");
                Put(Hex(c >> 4));
                Put(Hex(c & 0xF));
                return;
            }
            Put((byte)c);
        }

        private static byte Hex(int nibble)
        {
            return (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        private void PutCodePoint(int cp)
        {
            Reserve(4);
            _length = Utf8.WriteCodePoint(cp, _buffer, _length);
        }

        private void PutInt(long value)
        {
            if (value == 0) { Put((byte)'0'); return; }
            bool negative = value < 0;
            int n = 0;
            // Work with negative numbers so long.MinValue needs no special case.
            long v = negative ? value : -value;
            while (v != 0)
            {
                _digits[n++] = (byte)('0' - (int)(v % 10));
                v /= 10;
            }
            if (negative) Put((byte)'-');
            while (n > 0) Put(_digits[--n]);
        }

        private void PutFixed(int value, int width)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                _digits[i] = (byte)('0' + value % 10);
                value /= 10;
            }
            for (int i = 0; i < width; i++) Put(_digits[i]);
        }

        private void PutAscii(string s)
        {
            for (int i = 0; i < s.Length; i++) Put((byte)s[i]);
        }

        private void Put(byte b)
        {
            Reserve(1);
            _buffer[_length++] = b;
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length) return;
            int size = _buffer.Length < 16 ? 16 : _buffer.Length * 2;
            while (size < _length + count) size *= 2;
            byte[] bigger = new byte[size];
            Array.Copy(_buffer, bigger, _length);
            _buffer = bigger;
        }
    }
}
