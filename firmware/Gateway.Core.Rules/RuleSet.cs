using System;

namespace Gateway.Core.Rules
{
    /// <summary>Allow/block rules on key prefixes, in one or more named classes each with a default, before compilation.</summary>
    /// <remarks>
    /// Prefixes are packed as 4-bit key codes (key index + 1, first key in the top nibble) in a
    /// 64-bit and a 32-bit word, so 24 keys take 12 bytes, comparison is two integer compares, and
    /// numeric order is lexicographic order with a prefix before its extensions: exactly the
    /// order in which the level-ordered trie is laid out. A wildcard rule is kept as a pattern
    /// (one 12-bit key set per position) and expanded into plain prefixes, each remembering its
    /// pattern, so that precedence and the rule as written survive compilation.
    /// </remarks>
    public sealed class RuleSet
    {
        /// <summary>Most classes one rule set may define (PBX classes of service go up to 15).</summary>
        public const int MaxClasses = 15;

        /// <summary>Most prefixes one wildcard rule may stand for.</summary>
        public const int MaxExpansion = 10000;

        /// <summary>Longest class name.</summary>
        public const int MaxClassNameLength = 16;

        /// <summary>Key set of the wildcard `x`: the digits 0-9.</summary>
        public const int AnyDigit = 0x3FF;

        private ulong[] _hi = new ulong[16];
        private uint[] _lo = new uint[16];
        private byte[] _length = new byte[16];
        private bool[] _block = new bool[16];
        private int[] _line = new int[16];
        private byte[] _class = new byte[16];
        private int[] _pattern = new int[16];   // -1: written as a plain prefix
        private int[] _limit = new int[16];     // talk time limit in seconds, 0: none
        private int _count;
        private bool _normalized = true;

        private string[] _classNames = new string[] { "" };
        private bool[] _defaultBlock = new bool[1];
        private int[] _defaultLine = new int[1];
        private int[] _classLimit = new int[1];
        private int[] _classLimitLine = new int[1];
        private int _classCount = 1;
        private bool _named;

        // Wildcard patterns: key sets (12-bit masks) per position, MaxPrefixLength per pattern.
        private ushort[] _patternKeys = new ushort[0];
        private byte[] _patternLength = new byte[0];
        private bool[] _patternBlock = new bool[0];
        private int[] _patternLine = new int[0];
        private int[] _patternLimit = new int[0];
        private byte[] _patternClass = new byte[0];
        private int _patternCount;
        private bool[] _literalOverride = new bool[16];   // a plain rule that beat a wildcard of its class at its own prefix

        /// <summary>When the text has schedule, holiday, otherwise, unsynced or timezone lines; else null.</summary>
        public RuleSchedule Schedule;

        /// <summary>An empty set with one unnamed class whose default is allow.</summary>
        public RuleSet() { }

        /// <summary>Action when no rule of the first class matches (allow unless the set says otherwise).</summary>
        public RuleVerdict Default
        {
            get { return DefaultOf(0); }
            set { SetDefault(0, value); }
        }

        /// <summary>Line of the first class's `default` statement in the rule text, 0 when not given.</summary>
        public int DefaultLine
        {
            get { return _defaultLine[0]; }
            set { _defaultLine[0] = value; }
        }

        /// <summary>Number of classes (1 for a set without `class` lines).</summary>
        public int ClassCount { get { return _classCount; } }

        /// <summary>True when the set names its classes (the rule text has `class` lines).</summary>
        public bool HasNamedClasses { get { return _named; } }

        /// <summary>Name of class <paramref name="c"/> ("" for the unnamed class of a set without classes).</summary>
        public string ClassName(int c) { return _classNames[c]; }

        /// <summary>Default of class <paramref name="c"/>.</summary>
        public RuleVerdict DefaultOf(int c) { return _defaultBlock[c] ? RuleVerdict.Block : RuleVerdict.Allow; }

        /// <summary>Sets the default of class <paramref name="c"/>.</summary>
        public void SetDefault(int c, RuleVerdict action) { _defaultBlock[c] = action == RuleVerdict.Block; }

        /// <summary>Line of class <paramref name="c"/>'s `default` statement, 0 when not given.</summary>
        public int DefaultLineOf(int c) { return _defaultLine[c]; }

        internal void SetDefaultLine(int c, int line) { _defaultLine[c] = line; }

        /// <summary>Talk time limit in seconds of the calls class <paramref name="c"/> allows without a limit of their rule's own; 0: none.</summary>
        public int ClassLimitOf(int c) { return _classLimit[c]; }

        /// <summary>Sets class <paramref name="c"/>'s limit (seconds, 0: none).</summary>
        public void SetClassLimit(int c, int seconds) { _classLimit[c] = seconds; }

        internal int ClassLimitLine(int c) { return _classLimitLine[c]; }

        internal void SetClassLimitLine(int c, int line) { _classLimitLine[c] = line; }

        /// <summary>Sets the talk time limit (seconds) of the rule or wildcard rule just added.</summary>
        internal void SetLimitOfLast(int seconds, int expansion)
        {
            for (int i = _count - expansion; i < _count; i++) _limit[i] = seconds;
            if (_pattern[_count - 1] >= 0) _patternLimit[_pattern[_count - 1]] = seconds;
        }

        /// <summary>Talk time limit in seconds of rule <paramref name="i"/>, 0: none.</summary>
        public int LimitAt(int i) { return _limit[i]; }

        /// <summary>Talk time limit in seconds of pattern <paramref name="p"/>, 0: none.</summary>
        public int PatternLimit(int p) { return _patternLimit[p]; }

        /// <summary>Index of the class named <paramref name="name"/>, or -1.</summary>
        public int IndexOfClass(string name)
        {
            for (int c = 0; c < _classCount; c++)
                if (_classNames[c] == name) return c;
            return -1;
        }

        /// <summary>Adds a named class (the first replaces the unnamed one); returns its index.</summary>
        /// <exception cref="ArgumentException">Too many classes, or the name is taken.</exception>
        public int AddClass(string name)
        {
            if (name == null || name.Length == 0) throw new ArgumentException("a class needs a name");
            if (IndexOfClass(name) >= 0) throw new ArgumentException("class '" + name + "' is defined twice");
            if (!_named)
            {
                _named = true;
                _classNames[0] = name;
                return 0;
            }
            if (_classCount == MaxClasses) throw new ArgumentException("at most " + MaxClasses + " classes");
            int n = _classCount + 1;
            string[] names = new string[n]; Array.Copy(_classNames, names, _classCount); _classNames = names;
            bool[] def = new bool[n]; Array.Copy(_defaultBlock, def, _classCount); _defaultBlock = def;
            int[] lines = new int[n]; Array.Copy(_defaultLine, lines, _classCount); _defaultLine = lines;
            int[] limits = new int[n]; Array.Copy(_classLimit, limits, _classCount); _classLimit = limits;
            int[] limitLines = new int[n]; Array.Copy(_classLimitLine, limitLines, _classCount); _classLimitLine = limitLines;
            _classNames[_classCount] = name;
            return _classCount++;
        }

        /// <summary>Number of rules (a wildcard rule counts once per prefix it stands for, after <see cref="Normalize"/>).</summary>
        public int Count { get { return _count; } }

        /// <summary>Adds a rule to the first class; <paramref name="line"/> is the source line for messages (0 if none).</summary>
        /// <exception cref="ArgumentException">Prefix is not 1-24 keys, or action is not Allow/Block.</exception>
        public void Add(RuleVerdict action, string prefix, int line) { Add(0, action, prefix, line); }

        /// <summary>Adds a rule without a source line to the first class.</summary>
        public void Add(RuleVerdict action, string prefix) { Add(0, action, prefix, 0); }

        /// <summary>Adds a plain prefix rule to class <paramref name="c"/>.</summary>
        /// <exception cref="ArgumentException">Prefix is not 1-24 keys, or action is not Allow/Block.</exception>
        public void Add(int c, RuleVerdict action, string prefix, int line)
        {
            if (action == RuleVerdict.Continue) throw new ArgumentException("a rule allows or blocks");
            if (!RuleKeys.IsKeyString(prefix))
                throw new ArgumentException("prefix '" + prefix + "' is not 1-" + RuleKeys.MaxPrefixLength + " keys of 0-9 * #");
            BeginRule(action == RuleVerdict.Block, line, c, -1);
            for (int i = 0; i < prefix.Length; i++) AppendKey(RuleKeys.IndexOf(prefix[i]));
        }

        internal void BeginRule(bool block, int line) { BeginRule(block, line, 0, -1); }

        internal void BeginRule(bool block, int line, int c, int pattern)
        {
            if (_count == _hi.Length) Grow();
            _hi[_count] = 0;
            _lo[_count] = 0;
            _length[_count] = 0;
            _block[_count] = block;
            _line[_count] = line;
            _class[_count] = (byte)c;
            _pattern[_count] = pattern;
            _limit[_count] = 0;
            _literalOverride[_count] = false;
            _count++;
            _normalized = false;
        }

        /// <summary>Sets the limit of the rule being added (seconds).</summary>
        internal void SetLimitOfCurrent(int seconds) { _limit[_count - 1] = seconds; }

        /// <summary>Marks the rule being added as a plain rule that beat a wildcard at its own prefix.</summary>
        internal void MarkPlainOverride() { _literalOverride[_count - 1] = true; }

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

        /// <summary>Adds a wildcard rule to class <paramref name="c"/>: <paramref name="keySets"/>[0..length)
        /// are 12-bit key sets, one per position; it is expanded into every prefix it stands for. Returns
        /// the number of prefixes, or 0 (nothing added) when that would be more than <see cref="MaxExpansion"/>.</summary>
        internal int AddPattern(int c, bool block, int line, ushort[] keySets, int length)
        {
            int expansion = 1;
            for (int d = 0; d < length; d++)
            {
                expansion *= Bits.PopCount(keySets[d]);
                if (expansion > MaxExpansion) return 0;
            }
            int p = _patternCount;
            if (p == _patternLength.Length) GrowPatterns();
            for (int d = 0; d < RuleKeys.MaxPrefixLength; d++)
                _patternKeys[p * RuleKeys.MaxPrefixLength + d] = d < length ? keySets[d] : (ushort)0;
            _patternLength[p] = (byte)length;
            _patternBlock[p] = block;
            _patternLine[p] = line;
            _patternClass[p] = (byte)c;
            _patternLimit[p] = 0;
            _patternCount++;

            // Odometer over the positions: the last position turns fastest, so prefixes come in order.
            int[] pick = new int[length];
            for (int d = 0; d < length; d++) pick[d] = LowestKey(keySets[d], 0);
            for (int made = 0; made < expansion; made++)
            {
                BeginRule(block, line, c, p);
                for (int d = 0; d < length; d++) AppendKey(pick[d]);
                for (int d = length - 1; d >= 0; d--)
                {
                    int nextKey = LowestKey(keySets[d], pick[d] + 1);
                    if (nextKey >= 0) { pick[d] = nextKey; break; }
                    pick[d] = LowestKey(keySets[d], 0);
                }
            }
            return expansion;
        }

        /// <summary>Adds a wildcard pattern without its prefixes (the trie already holds them); returns its index.</summary>
        internal int AddPatternOnly(int c, bool block, ushort[] keySets, int length, int limit)
        {
            int p = _patternCount;
            if (p == _patternLength.Length) GrowPatterns();
            for (int d = 0; d < RuleKeys.MaxPrefixLength; d++)
                _patternKeys[p * RuleKeys.MaxPrefixLength + d] = d < length ? keySets[d] : (ushort)0;
            _patternLength[p] = (byte)length;
            _patternBlock[p] = block;
            _patternClass[p] = (byte)c;
            _patternLimit[p] = limit;
            _patternCount++;
            return p;
        }

        private static int LowestKey(int set, int from)
        {
            for (int k = from; k < RuleKeys.Count; k++)
                if ((set & (1 << k)) != 0) return k;
            return -1;
        }

        private void Grow()
        {
            int n = _hi.Length * 2;
            ulong[] hi = new ulong[n]; Array.Copy(_hi, hi, _count); _hi = hi;
            uint[] lo = new uint[n]; Array.Copy(_lo, lo, _count); _lo = lo;
            byte[] len = new byte[n]; Array.Copy(_length, len, _count); _length = len;
            bool[] block = new bool[n]; Array.Copy(_block, block, _count); _block = block;
            int[] line = new int[n]; Array.Copy(_line, line, _count); _line = line;
            byte[] cls = new byte[n]; Array.Copy(_class, cls, _count); _class = cls;
            int[] pat = new int[n]; Array.Copy(_pattern, pat, _count); _pattern = pat;
            int[] lim = new int[n]; Array.Copy(_limit, lim, _count); _limit = lim;
            bool[] over = new bool[n]; Array.Copy(_literalOverride, over, _count); _literalOverride = over;
        }

        private void GrowPatterns()
        {
            int n = _patternLength.Length == 0 ? 4 : _patternLength.Length * 2;
            ushort[] keys = new ushort[n * RuleKeys.MaxPrefixLength]; Array.Copy(_patternKeys, keys, _patternKeys.Length); _patternKeys = keys;
            byte[] len = new byte[n]; Array.Copy(_patternLength, len, _patternCount); _patternLength = len;
            bool[] block = new bool[n]; Array.Copy(_patternBlock, block, _patternCount); _patternBlock = block;
            int[] line = new int[n]; Array.Copy(_patternLine, line, _patternCount); _patternLine = line;
            int[] limit = new int[n]; Array.Copy(_patternLimit, limit, _patternCount); _patternLimit = limit;
            byte[] cls = new byte[n]; Array.Copy(_patternClass, cls, _patternCount); _patternClass = cls;
        }

        /// <summary>Length in keys of rule <paramref name="i"/>.</summary>
        public int LengthAt(int i) { return _length[i]; }

        /// <summary>Action of rule <paramref name="i"/>.</summary>
        public RuleVerdict ActionAt(int i) { return _block[i] ? RuleVerdict.Block : RuleVerdict.Allow; }

        /// <summary>Source line of rule <paramref name="i"/> (0 if none).</summary>
        public int LineAt(int i) { return _line[i]; }

        /// <summary>Class of rule <paramref name="i"/>.</summary>
        public int ClassAt(int i) { return _class[i]; }

        /// <summary>Wildcard pattern rule <paramref name="i"/> comes from, or -1 when it was written as a plain prefix.</summary>
        public int PatternAt(int i) { return _pattern[i]; }

        /// <summary>True when plain rule <paramref name="i"/> beat a wildcard rule of its class at its own prefix.</summary>
        public bool OverridesPatternAt(int i) { return _literalOverride[i]; }

        /// <summary>Number of wildcard patterns.</summary>
        public int PatternCount { get { return _patternCount; } }

        /// <summary>Length of pattern <paramref name="p"/>.</summary>
        public int PatternLength(int p) { return _patternLength[p]; }

        /// <summary>Key set (12-bit mask, bit k = key index k) of pattern <paramref name="p"/> at position <paramref name="d"/>.</summary>
        public int PatternKeySet(int p, int d) { return _patternKeys[p * RuleKeys.MaxPrefixLength + d]; }

        /// <summary>Action of pattern <paramref name="p"/>.</summary>
        public bool PatternBlocks(int p) { return _patternBlock[p]; }

        /// <summary>Class of pattern <paramref name="p"/>.</summary>
        public int PatternClass(int p) { return _patternClass[p]; }

        /// <summary>Source line of pattern <paramref name="p"/>.</summary>
        public int PatternLine(int p) { return _patternLine[p]; }

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

        /// <summary>Rule <paramref name="i"/> as written: `block 0x1`, `allow 00852` (allocates).</summary>
        public string WrittenAt(int i)
        {
            int p = _pattern[i];
            return (_block[i] ? "block " : "allow ") + (p < 0 ? PrefixAt(i) : PatternText(p)) + (_limit[i] > 0 ? " limit " + RuleDuration.Text(_limit[i]) : "");
        }

        /// <summary>Pattern <paramref name="p"/> in its normal written form: keys, `x`, `[2-5]` (allocates).</summary>
        public string PatternText(int p)
        {
            char[] buffer = new char[RuleKeys.MaxPrefixLength * 16];
            int n = 0;
            for (int d = 0; d < _patternLength[p]; d++)
                n = RulePatternText.AppendKeySet(buffer, n, PatternKeySet(p, d));
            return new string(buffer, 0, n);
        }

        /// <summary>Sorts by prefix and class, keeps for each prefix and class the rule that decides it
        /// (docs/rules.md: a plain prefix beats a wildcard, then the more specific pattern, then the one
        /// written first), and refuses rules that disagree with nothing to choose between them (the error
        /// names both lines; null when fine).</summary>
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
            bool[] sawPattern = new bool[n];
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                int last = kept > 0 ? keep[kept - 1] : -1;
                if (last >= 0 && SamePrefix(last, i) && _class[last] == _class[i])
                {
                    // Sorted best first within a prefix and class: i never beats last.
                    if (_pattern[i] >= 0 || _pattern[last] >= 0) sawPattern[kept - 1] = true;
                    if ((_block[last] != _block[i] || _limit[last] != _limit[i]) && Specificity(last, i) == 0)
                    {
                        int later = _line[i] > _line[last] ? i : last, earlier = later == i ? last : i;
                        if (_line[later] < worstLine)
                        {
                            worstLine = _line[later];
                            if (_pattern[i] < 0 && _pattern[last] < 0 && _block[last] != _block[i])
                                error = "line " + _line[later] + ": prefix '" + PrefixAt(later) + "' is " + (_block[later] ? "blocked" : "allowed")
                                    + " here but " + (_block[earlier] ? "blocked" : "allowed") + " on line " + _line[earlier];
                            else
                                error = "line " + _line[later] + ": '" + WrittenAt(later) + "' and '" + WrittenAt(earlier) + "' on line " + _line[earlier]
                                    + " both decide " + PrefixAt(later) + " and neither is more specific";
                        }
                    }
                    continue;
                }
                sawPattern[kept] = _pattern[i] >= 0;
                keep[kept++] = i;
            }
            if (error != null) return error;

            ulong[] hi = new ulong[kept]; uint[] lo = new uint[kept]; byte[] len = new byte[kept];
            bool[] block = new bool[kept]; int[] line = new int[kept]; byte[] cls = new byte[kept];
            int[] pat = new int[kept]; bool[] over = new bool[kept]; int[] lim = new int[kept];
            for (int k = 0; k < kept; k++)
            {
                int i = keep[k];
                hi[k] = _hi[i]; lo[k] = _lo[i]; len[k] = _length[i]; block[k] = _block[i]; line[k] = _line[i];
                cls[k] = _class[i]; pat[k] = _pattern[i]; lim[k] = _limit[i];
                over[k] = _pattern[i] < 0 && (sawPattern[k] || _literalOverride[i]);
            }
            _hi = hi; _lo = lo; _length = len; _block = block; _line = line; _class = cls; _pattern = pat; _literalOverride = over; _limit = lim;
            _count = kept;
            _normalized = true;
            return null;
        }

        private bool SamePrefix(int a, int b) { return _hi[a] == _hi[b] && _lo[a] == _lo[b]; }

        // Size of rule i's key set at position d (1 for a plain prefix).
        private int SetSize(int i, int d)
        {
            int p = _pattern[i];
            return p < 0 ? 1 : Bits.PopCount(_patternKeys[p * RuleKeys.MaxPrefixLength + d]);
        }

        // Negative when rule a is more specific than rule b (same prefix): at the first position where
        // their key sets differ in size, the smaller set wins; 0 when they never differ.
        private int Specificity(int a, int b)
        {
            if (_pattern[a] < 0 && _pattern[b] < 0) return 0;
            for (int d = 0; d < _length[a]; d++)
            {
                int sa = SetSize(a, d), sb = SetSize(b, d);
                if (sa != sb) return sa < sb ? -1 : 1;
            }
            return 0;
        }

        private int Compare(int a, int b)
        {
            if (_hi[a] != _hi[b]) return _hi[a] < _hi[b] ? -1 : 1;
            if (_lo[a] != _lo[b]) return _lo[a] < _lo[b] ? -1 : 1;
            if (_class[a] != _class[b]) return _class[a] < _class[b] ? -1 : 1;
            int s = Specificity(a, b);
            if (s != 0) return s;
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
