using System;

namespace Gateway.Core.Rules
{
    /// <summary>A list of allow/block rules on key prefixes plus a default action, before compilation.</summary>
    /// <remarks>
    /// Prefixes are packed as 4-bit key codes (key index + 1, first key in the top nibble) in a
    /// 64-bit and a 32-bit word, so 24 keys take 12 bytes, comparison is two integer compares, and
    /// numeric order is lexicographic order with a prefix before its extensions: exactly the
    /// order in which the level-ordered trie is laid out.
    /// </remarks>
    public sealed class RuleSet
    {
        private ulong[] _hi = new ulong[16];
        private uint[] _lo = new uint[16];
        private byte[] _length = new byte[16];
        private bool[] _block = new bool[16];
        private int[] _line = new int[16];
        private int _count;
        private bool _normalized = true;

        /// <summary>An empty set whose default is allow.</summary>
        public RuleSet() { Default = RuleVerdict.Allow; }

        /// <summary>Action when no rule matches (allow unless the set says otherwise).</summary>
        public RuleVerdict Default { get; set; }

        /// <summary>Line of the `default` statement in the rule text, 0 when not given.</summary>
        public int DefaultLine { get; set; }

        /// <summary>Number of rules.</summary>
        public int Count { get { return _count; } }

        /// <summary>Adds a rule; <paramref name="line"/> is the source line for messages (0 if none).</summary>
        /// <exception cref="ArgumentException">Prefix is not 1-24 keys, or action is not Allow/Block.</exception>
        public void Add(RuleVerdict action, string prefix, int line)
        {
            if (action == RuleVerdict.Continue) throw new ArgumentException("a rule allows or blocks");
            if (!RuleKeys.IsKeyString(prefix))
                throw new ArgumentException("prefix '" + prefix + "' is not 1-" + RuleKeys.MaxPrefixLength + " keys of 0-9 * #");
            BeginRule(action == RuleVerdict.Block, line);
            for (int i = 0; i < prefix.Length; i++) AppendKey(RuleKeys.IndexOf(prefix[i]));
        }

        /// <summary>Adds a rule without a source line.</summary>
        public void Add(RuleVerdict action, string prefix) { Add(action, prefix, 0); }

        internal void BeginRule(bool block, int line)
        {
            if (_count == _hi.Length) Grow();
            _hi[_count] = 0;
            _lo[_count] = 0;
            _length[_count] = 0;
            _block[_count] = block;
            _line[_count] = line;
            _count++;
            _normalized = false;
        }

        /// <summary>Appends key index 0-11 to the rule being added (the caller checks the length).</summary>
        internal void AppendKey(int keyIndex)
        {
            int i = _count - 1;
            int d = _length[i];
            ulong code = (ulong)(keyIndex + 1);
            if (d < 16) _hi[i] |= code << (60 - 4 * d);
            else _lo[i] |= (uint)code << (28 - 4 * (d - 16));
            _length[i] = (byte)(d + 1);
        }

        private void Grow()
        {
            int n = _hi.Length * 2;
            ulong[] hi = new ulong[n]; Array.Copy(_hi, hi, _count); _hi = hi;
            uint[] lo = new uint[n]; Array.Copy(_lo, lo, _count); _lo = lo;
            byte[] len = new byte[n]; Array.Copy(_length, len, _count); _length = len;
            bool[] block = new bool[n]; Array.Copy(_block, block, _count); _block = block;
            int[] line = new int[n]; Array.Copy(_line, line, _count); _line = line;
        }

        /// <summary>Length in keys of rule <paramref name="i"/>.</summary>
        public int LengthAt(int i) { return _length[i]; }

        /// <summary>Action of rule <paramref name="i"/>.</summary>
        public RuleVerdict ActionAt(int i) { return _block[i] ? RuleVerdict.Block : RuleVerdict.Allow; }

        /// <summary>Source line of rule <paramref name="i"/> (0 if none).</summary>
        public int LineAt(int i) { return _line[i]; }

        /// <summary>Key index (0-11) at position <paramref name="d"/> of rule <paramref name="i"/>.</summary>
        public int KeyIndexAt(int i, int d)
        {
            if (d < 16) return (int)((_hi[i] >> (60 - 4 * d)) & 0xF) - 1;
            return (int)((_lo[i] >> (28 - 4 * (d - 16))) & 0xF) - 1;
        }

        /// <summary>The prefix of rule <paramref name="i"/> as text (allocates; not for the per-digit path).</summary>
        public string PrefixAt(int i)
        {
            char[] chars = new char[_length[i]];
            for (int d = 0; d < chars.Length; d++) chars[d] = RuleKeys.KeyAt(KeyIndexAt(i, d));
            return new string(chars);
        }

        /// <summary>Sorts by prefix, drops repeated identical rules, and refuses a prefix both
        /// allowed and blocked (error names both lines; null when fine).</summary>
        public string Normalize()
        {
            if (_normalized) return null;
            int n = _count;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            SortByPrefix(order);

            // Conflict reported at the earliest line that contradicts an earlier one.
            int worstLine = int.MaxValue;
            string error = null;
            int kept = 0;
            int[] keep = new int[n];
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                if (kept > 0 && SamePrefix(keep[kept - 1], i))
                {
                    int first = keep[kept - 1];
                    if (_block[first] != _block[i] && _line[i] < worstLine)
                    {
                        worstLine = _line[i];
                        error = "line " + _line[i] + ": prefix '" + PrefixAt(i) + "' is " + (_block[i] ? "blocked" : "allowed")
                            + " here but " + (_block[first] ? "blocked" : "allowed") + " on line " + _line[first];
                    }
                    continue;
                }
                keep[kept++] = i;
            }
            if (error != null) return error;

            ulong[] hi = new ulong[kept]; uint[] lo = new uint[kept]; byte[] len = new byte[kept];
            bool[] block = new bool[kept]; int[] line = new int[kept];
            for (int k = 0; k < kept; k++)
            {
                int i = keep[k];
                hi[k] = _hi[i]; lo[k] = _lo[i]; len[k] = _length[i]; block[k] = _block[i]; line[k] = _line[i];
            }
            _hi = hi; _lo = lo; _length = len; _block = block; _line = line; _count = kept;
            _normalized = true;
            return null;
        }

        private bool SamePrefix(int a, int b) { return _hi[a] == _hi[b] && _lo[a] == _lo[b]; }

        private int Compare(int a, int b)
        {
            if (_hi[a] != _hi[b]) return _hi[a] < _hi[b] ? -1 : 1;
            if (_lo[a] != _lo[b]) return _lo[a] < _lo[b] ? -1 : 1;
            return _line[a] < _line[b] ? -1 : (_line[a] > _line[b] ? 1 : (a < b ? -1 : (a > b ? 1 : 0)));
        }

        // Bottom-up merge sort: stable, O(n log n), no recursion, no IComparer boxing.
        private void SortByPrefix(int[] order)
        {
            int n = order.Length;
            int[] src = order, dst = new int[n];
            for (int width = 1; width < n; width *= 2)
            {
                for (int lo = 0; lo < n; lo += 2 * width)
                {
                    int mid = lo + width < n ? lo + width : n;
                    int hi = lo + 2 * width < n ? lo + 2 * width : n;
                    int a = lo, b = mid, o = lo;
                    while (a < mid && b < hi) dst[o++] = Compare(src[a], src[b]) <= 0 ? src[a++] : src[b++];
                    while (a < mid) dst[o++] = src[a++];
                    while (b < hi) dst[o++] = src[b++];
                }
                int[] t = src; src = dst; dst = t;
            }
            if (src != order) Array.Copy(src, order, n);
        }
    }
}
