namespace Gateway.Core.Rules
{
    /// <summary>A compiled rule set: a level-ordered 12-way trie in a few flat arrays, read-only.</summary>
    /// <remarks>
    /// Layout (no object per node; see docs/rules.md): nodes are numbered breadth-first, so the
    /// children of all internal nodes form one run and the children of the r-th internal node
    /// start right after the children of internal nodes 0..r-1.
    /// <list type="bullet">
    /// <item>InternalBits: one bit per node, 1 = internal; rank via one sample per 256 bits.</item>
    /// <item>Nodes: one 16-bit word per internal node: bits 0-11 child bitmap (key index),
    /// bit 12 a rule ends here, bit 13 that rule blocks, bit 14 uniform (every continuation gets
    /// the node's effective verdict, so the decision falls here).</item>
    /// <item>ChildBase: first child's node number for every 16th internal node; the rest is a
    /// popcount over at most 15 node words, read two at a time.</item>
    /// <item>Leaves carry no word: a leaf is always uniform; per class, whether it ends a rule
    /// (nothing stored when every leaf does) and that rule's action (nothing when all agree).</item>
    /// <item>Classes: the trie is shared; the node word's flags are the first class's, every
    /// further class has 4 bits per internal node (rule, blocks, uniform) beside it.</item>
    /// </list>
    /// Every step is a bounded number of array reads: O(1) per key, no allocation.
    /// </remarks>
    public sealed class RuleTrie
    {
        internal const int ChildMask = 0x0FFF;
        internal const int HasRuleBit = 1 << 12;
        internal const int BlockBit = 1 << 13;
        internal const int UniformBit = 1 << 14;
        internal const int RankSampleShift = 8;   // one rank sample per 256 node bits
        internal const int ChildBaseShift = 4;    // one child base per 16 internal nodes

        internal uint[] InternalBits;   // null when Stored reads them
        internal int[] RankSamples;
        internal ushort[] Nodes;        // null when Stored reads them
        internal int[] ChildBase;
        // The node bits and node words in the stored image, for a set loaded with RuleImage.TryRead's
        // storedAt (docs/rules.md, "Large sets stay in flash"); null: both arrays are in RAM.
        internal StoredTrieWords Stored;
        internal const int FlagRule = 1;          // a rule of the class ends here
        internal const int FlagBlock = 2;         // that rule blocks
        internal const int FlagUniform = 4;       // internal nodes: every continuation gets the node's effective verdict
        internal const int FlagShift = 12;        // the first class's flags in the node word

        internal int ClassCount = 1;
        internal string[] ClassNames = new string[] { "" };
        internal bool[] DefaultBlocks = new bool[1];
        internal SparseWords[] ClassFlags = new SparseWords[0];   // class c >= 1 at [c-1]: 4 bits per internal node
        internal SparseWords[] LeafRuleBits = new SparseWords[1]; // per class, bit per leaf; null when every leaf ends a rule of the class
        internal SparseWords[] LeafBlockBits = new SparseWords[1];// per class, bit per leaf; null when every leaf rule of the class has the same action
        internal bool[] LeafAllBlock = new bool[1];

        // Wildcard patterns that decide somewhere, in rule-text order, then the plain rules that beat
        // one at their own prefix (flag PatternPlain): only read to name a rule in a call record.
        internal const int PatternBlock = 1;
        internal const int PatternPlain = 2;
        internal const int PatternLimit = 4;    // the rule limits the talk time of the calls it allows
        internal int PatternCount;
        internal ushort[] PatternSets = new ushort[0];  // MaxPrefixLength per pattern
        internal byte[] PatternLength = new byte[0];
        internal byte[] PatternClass = new byte[0];
        internal byte[] PatternFlags = new byte[0];
        internal int[] PatternLimitSeconds = new int[0];
        internal int[] ClassLimitSeconds = new int[1];    // per class, 0: none

        /// <summary>Which class a call is judged in by time; null when the rules have no schedule lines (always the first class).</summary>
        public RuleSchedule Schedule { get; internal set; }

        /// <summary>The authorization codes; null when the rules have none.</summary>
        public RuleCodes Codes { get; internal set; }

        /// <summary>The class for a call that starts at <paramref name="unixMs"/> (docs/rules.md, "Schedules").</summary>
        public int ClassAt(long unixMs, bool clockSynced)
        {
            RuleSchedule s = Schedule;
            return s == null ? 0 : s.ClassAt(unixMs, clockSynced);
        }

        /// <summary>Share of all numbers class <paramref name="c"/> allows, emergency numbers left out
        /// (docs/rules.md, "Strictest class"; for tools: walks the trie).</summary>
        public double AllowedShare(int c) { return ClassStrictness.Fraction(this, c); }

        /// <summary>Rules of class <paramref name="c"/> (a wildcard counts once per prefix), and how many of them block.</summary>
        public int RuleCountOf(int c, out int blocks)
        {
            int rules = 0;
            blocks = 0;
            for (int r = 0; r < InternalCount; r++)
            {
                int f = Flags(r, c);
                if ((f & FlagRule) != 0) { rules++; if ((f & FlagBlock) != 0) blocks++; }
            }
            for (int leaf = 0; leaf < NodeCount - InternalCount; leaf++)
            {
                int f = LeafFlags(leaf, c);
                if ((f & FlagRule) != 0) { rules++; if ((f & FlagBlock) != 0) blocks++; }
            }
            return rules;
        }

        internal RuleTrie() { }

        /// <summary>Action when no rule of the first class matches.</summary>
        public RuleVerdict Default
        {
            get { return DefaultBlocks[0] ? RuleVerdict.Block : RuleVerdict.Allow; }
            internal set { DefaultBlocks[0] = value == RuleVerdict.Block; }
        }

        /// <summary>Number of classes (1 for rules without classes).</summary>
        public int Classes { get { return ClassCount; } }

        /// <summary>Name of class <paramref name="c"/> ("" when the rules have no classes).</summary>
        public string ClassName(int c) { return ClassNames[c]; }

        /// <summary>Default of class <paramref name="c"/>.</summary>
        public RuleVerdict DefaultOf(int c) { return DefaultBlocks[c] ? RuleVerdict.Block : RuleVerdict.Allow; }

        /// <summary>Index of the class named <paramref name="name"/>, or -1.</summary>
        public int IndexOfClass(string name)
        {
            for (int c = 0; c < ClassCount; c++)
                if (ClassNames[c] == name) return c;
            return -1;
        }

        /// <summary>Number of wildcard patterns kept to name rules (plain rules that beat one included).</summary>
        public int Patterns { get { return PatternCount; } }

        /// <summary>Rule-set version carried in the image ("" when none).</summary>
        public string Version { get; internal set; }

        /// <summary>Number of rules.</summary>
        public int RuleCount { get; internal set; }

        /// <summary>Number of trie nodes, the root included.</summary>
        public int NodeCount { get; internal set; }

        /// <summary>Number of nodes with children (the root always counts as one).</summary>
        public int InternalCount { get; internal set; }

        /// <summary>Number of nodes without children.</summary>
        public int LeafCount { get { return NodeCount - InternalCount; } }

        /// <summary>Longest rule prefix.</summary>
        public int MaxDepth { get; internal set; }

        /// <summary>True when the node bits and node words are read from the stored image (flash) instead of RAM.</summary>
        public bool IsStored { get { return Stored != null; } }

        /// <summary>Where the node bits and node words are read from (null: RAM); its owner keeps the bytes as they are while the set is used.</summary>
        public IRuleImageFile StoredImage { get { return Stored == null ? null : Stored.File; } }

        /// <summary>Reads of the stored image that failed or came short since the set was loaded (0 for a set in RAM).</summary>
        public int StoredReadFaults { get { return Stored == null ? 0 : Stored.Faults; } }

        /// <summary>Reads of the stored image since the set was loaded (cache misses; 0 for a set in RAM).</summary>
        public int StoredReads { get { return Stored == null ? 0 : Stored.Reads; } }

        /// <summary>Bytes of the node bits and node words, in RAM or in the stored image.</summary>
        public int LargeArrayBytes { get { return 4 * BitWordCount + 2 * InternalCount; } }

        /// <summary>Bytes of the arrays that hold the trie in RAM (what the rules cost there, object
        /// headers aside); a stored set's node bits and node words are not counted (<see cref="LargeArrayBytes"/>).</summary>
        public int SizeInBytes
        {
            get
            {
                int size = 4 * RankSamples.Length + 4 * ChildBase.Length + (Stored == null ? LargeArrayBytes : 0);
                for (int c = 0; c < ClassCount; c++)
                {
                    if (c > 0) size += ClassFlags[c - 1].SizeInBytes;
                    if (LeafRuleBits[c] != null) size += LeafRuleBits[c].SizeInBytes;
                    if (LeafBlockBits[c] != null) size += LeafBlockBits[c].SizeInBytes;
                }
                for (int p = 0; p < PatternCount; p++) size += 3 + 2 * PatternLength[p] + ((PatternFlags[p] & PatternLimit) != 0 ? 4 : 0);
                return size;
            }
        }

        /// <summary>The same rules labelled with another version (shares the arrays).</summary>
        public RuleTrie WithVersion(string version)
        {
            RuleTrie t = (RuleTrie)MemberwiseClone();
            t.Version = version == null ? "" : version;
            return t;
        }

        /// <summary>Words of node bits.</summary>
        internal int BitWordCount { get { return (NodeCount + 31) >> 5; } }

        /// <summary>Word <paramref name="w"/> of the node bits, from RAM or the stored image.</summary>
        internal uint BitsWord(int w)
        {
            uint[] bits = InternalBits;
            return bits != null ? bits[w] : Stored.BitsWord(w);
        }

        /// <summary>Node word of the internal node with rank <paramref name="rank"/>, from RAM or the stored image.</summary>
        internal int NodeWord(int rank)
        {
            ushort[] nodes = Nodes;
            return nodes != null ? nodes[rank] : Stored.NodeWord(rank);
        }

        /// <summary>Number of internal nodes among nodes 0..node-1.</summary>
        internal int Rank(int node)
        {
            uint[] bits = InternalBits;
            int r = RankSamples[node >> RankSampleShift];
            int w = (node >> RankSampleShift) << (RankSampleShift - 5);
            int last = node >> 5;
            int rest = node & 31;
            if (bits == null)
            {
                StoredTrieWords stored = Stored;
                for (; w < last; w++) r += Bits.PopCount(stored.BitsWord(w));
                if (rest != 0) r += Bits.PopCount(stored.BitsWord(last) & ((1u << rest) - 1));
                return r;
            }
            for (; w < last; w++) r += Bits.PopCount(bits[w]);
            if (rest != 0) r += Bits.PopCount(bits[last] & ((1u << rest) - 1));
            return r;
        }

        /// <summary>True when <paramref name="node"/> has children (or is the root).</summary>
        internal bool IsInternal(int node)
        {
            return (BitsWord(node >> 5) & (1u << (node & 31))) != 0;
        }

        /// <summary>Node reached from the internal node with rank <paramref name="rank"/> by key index <paramref name="key"/>, or -1.</summary>
        internal int Child(int rank, int key)
        {
            ushort[] nodes = Nodes;
            if (nodes == null) return StoredChild(rank, key);
            int word = nodes[rank];
            int bit = 1 << key;
            if ((word & bit) == 0) return -1;
            int c = ChildBase[rank >> ChildBaseShift];
            int j = rank & ~((1 << ChildBaseShift) - 1);
            for (; j + 1 < rank; j += 2)
                c += Bits.PopCount(((uint)nodes[j] | ((uint)nodes[j + 1] << 16)) & 0x0FFF0FFFu);
            if (j < rank) c += Bits.PopCount((uint)nodes[j] & ChildMask);
            return c + Bits.PopCount((uint)(word & (bit - 1)));
        }

        // Child for a stored trie: the same sums over the node words' group. The image was checked
        // when it was loaded; a node past the end (the file changed under it) reads as no child.
        private int StoredChild(int rank, int key)
        {
            StoredTrieWords stored = Stored;
            int word = stored.NodeWord(rank);
            int bit = 1 << key;
            if ((word & bit) == 0) return -1;
            int c = ChildBase[rank >> ChildBaseShift];
            for (int j = rank & ~((1 << ChildBaseShift) - 1); j < rank; j++)
                c += Bits.PopCount((uint)stored.NodeWord(j) & ChildMask);
            c += Bits.PopCount((uint)(word & (bit - 1)));
            return c < NodeCount ? c : -1;
        }

        /// <summary>Flags (FlagRule, FlagBlock, FlagUniform) of the internal node with rank <paramref name="rank"/> in class <paramref name="c"/>.</summary>
        internal int Flags(int rank, int c)
        {
            if ((uint)rank >= (uint)InternalCount) return 0;  // as in LeafFlags
            if (c == 0) return (NodeWord(rank) >> FlagShift) & 7;
            return (int)(ClassFlags[c - 1][rank >> 3] >> ((rank & 7) << 2)) & 7;
        }

        /// <summary>Flags (FlagRule, FlagBlock) of the leaf with leaf rank <paramref name="leafRank"/> in class <paramref name="c"/>.</summary>
        internal int LeafFlags(int leafRank, int c)
        {
            // In range whenever the words read are the image's; a stored set read while its drive
            // fails may compute any rank, and a wrong decision is better than an exception in a call.
            if ((uint)leafRank >= (uint)(NodeCount - InternalCount)) return 0;
            uint bit = 1u << (leafRank & 31);
            SparseWords rules = LeafRuleBits[c];
            if (rules != null && (rules[leafRank >> 5] & bit) == 0) return 0;
            SparseWords blocks = LeafBlockBits[c];
            bool block = blocks == null ? LeafAllBlock[c] : (blocks[leafRank >> 5] & bit) != 0;
            return block ? FlagRule | FlagBlock : FlagRule;
        }

        /// <summary>Action of the longest rule that is a prefix of <paramref name="keys"/> (or the
        /// default), with that rule's length (0 for the default), in the first class. Ignores emergency numbers.</summary>
        public RuleVerdict Match(string keys, out int ruleLength) { return Match(0, keys, out ruleLength); }

        /// <summary>As <see cref="Match(string, out int)"/> in class <paramref name="c"/>.</summary>
        public RuleVerdict Match(int c, string keys, out int ruleLength)
        {
            RuleVerdict verdict = DefaultOf(c);
            ruleLength = 0;
            int rank = 0;
            for (int d = 0; d < keys.Length && rank >= 0; d++)
            {
                int k = RuleKeys.IndexOf(keys[d]);
                if (k < 0) break;
                int child = Child(rank, k);
                if (child < 0) break;
                int r = Rank(child);
                bool internalNode = IsInternal(child);
                int flags = internalNode ? Flags(r, c) : LeafFlags(child - r, c);
                if ((flags & FlagRule) != 0)
                {
                    verdict = (flags & FlagBlock) != 0 ? RuleVerdict.Block : RuleVerdict.Allow;
                    ruleLength = d + 1;
                }
                rank = internalNode ? r : -1;
            }
            return verdict;
        }

        /// <summary>The wildcard pattern that decided <paramref name="keys"/>[start, start+length) in class
        /// <paramref name="c"/>, -1 when a plain rule did, -2 when a plain rule did that beat a wildcard
        /// (docs/rules.md: the more specific pattern, then the one written first). Scans the pattern
        /// table: for call records and tools, not per key.</summary>
        internal int DecidingPattern(int c, char[] keys, int start, int length)
        {
            int e = DecidingEntry(c, keys, start, length);
            if (e < 0) return -1;
            return (PatternFlags[e] & PatternPlain) != 0 ? -2 : e;
        }

        /// <summary>Talk time limit in seconds of a call allowed by the rule that decided
        /// <paramref name="keys"/>[start, start+length) in class <paramref name="c"/> (length 0: the
        /// default): the rule's own limit, else the class's; 0 when none.</summary>
        internal int LimitOf(int c, char[] keys, int start, int length)
        {
            int e = length == 0 ? -1 : DecidingEntry(c, keys, start, length);
            int rule = e >= 0 ? PatternLimitSeconds[e] : 0;
            return rule > 0 ? rule : ClassLimitSeconds[c];
        }

        /// <summary>Talk time limit in seconds of class <paramref name="c"/>, 0 when none.</summary>
        public int ClassLimit(int c) { return ClassLimitSeconds[c]; }

        // The table entry of the deciding rule: a plain rule's own entry, else the best wildcard; -1 for neither.
        private int DecidingEntry(int c, char[] keys, int start, int length)
        {
            int best = -1;
            for (int p = 0; p < PatternCount; p++)
            {
                if (PatternClass[p] != c || PatternLength[p] != length) continue;
                bool match = true;
                for (int d = 0; d < length && match; d++)
                {
                    int k = RuleKeys.IndexOf(keys[start + d]);
                    match = k >= 0 && (PatternSets[p * RuleKeys.MaxPrefixLength + d] & (1 << k)) != 0;
                }
                if (!match) continue;
                if ((PatternFlags[p] & PatternPlain) != 0) return p;
                if (best < 0 || MoreSpecific(p, best)) best = p;
            }
            return best;
        }

        private bool MoreSpecific(int a, int b)
        {
            for (int d = 0; d < PatternLength[a]; d++)
            {
                int sa = Bits.PopCount(PatternSets[a * RuleKeys.MaxPrefixLength + d]);
                int sb = Bits.PopCount(PatternSets[b * RuleKeys.MaxPrefixLength + d]);
                if (sa != sb) return sa < sb;
            }
            return false;
        }

        /// <summary>Writes pattern <paramref name="p"/> as written (normal form) at <paramref name="n"/>; returns the new length.</summary>
        internal int AppendPattern(char[] buffer, int n, int p)
        {
            for (int d = 0; d < PatternLength[p]; d++)
                n = RulePatternText.AppendKeySet(buffer, n, PatternSets[p * RuleKeys.MaxPrefixLength + d]);
            return n;
        }

        /// <summary>The rules back as a rule set, in prefix order, every class with its name and default;
        /// a rule a wildcard decided comes back as that wildcard (allocates; for tools and warnings).</summary>
        public RuleSet ToRuleSet()
        {
            RuleSet set = new RuleSet();
            for (int c = 0; c < ClassCount; c++)
            {
                if (ClassNames[c].Length > 0) set.AddClass(ClassNames[c]);
                set.SetDefault(c, DefaultOf(c));
                set.SetClassLimit(c, ClassLimitSeconds[c]);
            }
            ushort[] sets = new ushort[RuleKeys.MaxPrefixLength];
            int[] patternIndex = new int[PatternCount];
            for (int p = 0; p < PatternCount; p++)
            {
                patternIndex[p] = -1;
                if ((PatternFlags[p] & PatternPlain) != 0) continue;
                for (int d = 0; d < PatternLength[p]; d++) sets[d] = PatternSets[p * RuleKeys.MaxPrefixLength + d];
                patternIndex[p] = set.AddPatternOnly(PatternClass[p], (PatternFlags[p] & PatternBlock) != 0, sets, PatternLength[p], PatternLimitSeconds[p]);
            }
            set.Schedule = Schedule;
            set.Codes = Codes;
            int[] keys = new int[RuleKeys.MaxPrefixLength + 1];
            char[] chars = new char[RuleKeys.MaxPrefixLength + 1];
            for (int c = 0; c < ClassCount; c++) Collect(0, 0, keys, chars, set, -1, false, c, patternIndex);
            set.Normalize();
            return set;
        }

        /// <summary>Appends to <paramref name="set"/> the block rules strictly below the node reached by
        /// <paramref name="prefix"/>, at most <paramref name="limit"/> (nothing when the prefix leaves the trie).</summary>
        internal void CollectBlocksBelow(string prefix, RuleSet set, int limit) { CollectBlocksBelow(0, prefix, set, limit); }

        /// <summary>As <see cref="CollectBlocksBelow(string, RuleSet, int)"/> in class <paramref name="c"/>.</summary>
        internal void CollectBlocksBelow(int c, string prefix, RuleSet set, int limit)
        {
            int[] keys = new int[RuleKeys.MaxPrefixLength + 1];
            int node = 0, rank = 0;
            for (int d = 0; d < prefix.Length; d++)
            {
                if (rank < 0) return;
                keys[d] = RuleKeys.IndexOf(prefix[d]);
                node = Child(rank, keys[d]);
                if (node < 0) return;
                rank = IsInternal(node) ? Rank(node) : -1;
            }
            if (rank >= 0) Collect(rank, prefix.Length, keys, null, set, limit, true, c, null);
        }

        // Depth-first in key order; depth is bounded by MaxPrefixLength, so recursion stays shallow.
        private void Collect(int rank, int depth, int[] keys, char[] chars, RuleSet set, int limit, bool blocksOnly, int c, int[] patternIndex)
        {
            if (depth >= RuleKeys.MaxPrefixLength) return;
            int word = NodeWord(rank);
            for (int k = 0; k < RuleKeys.Count; k++)
            {
                if ((word & (1 << k)) == 0) continue;
                if (limit >= 0 && set.Count >= limit) return;
                keys[depth] = k;
                int child = Child(rank, k);
                int r = Rank(child);
                bool internalNode = IsInternal(child);
                int flags = internalNode ? Flags(r, c) : LeafFlags(child - r, c);
                bool hasRule = (flags & FlagRule) != 0;
                bool block = (flags & FlagBlock) != 0;
                if (hasRule && (block || !blocksOnly))
                {
                    int pattern = -1, entry = -1;
                    if (patternIndex != null && PatternCount > 0)
                    {
                        for (int d = 0; d <= depth; d++) chars[d] = RuleKeys.KeyAt(keys[d]);
                        entry = DecidingEntry(c, chars, 0, depth + 1);
                        if (entry >= 0 && (PatternFlags[entry] & PatternPlain) == 0) pattern = patternIndex[entry];
                    }
                    set.BeginRule(block, 0, c, pattern);
                    if (entry >= 0)
                    {
                        if (PatternLimitSeconds[entry] > 0) set.SetLimitOfCurrent(PatternLimitSeconds[entry]);
                        // A plain entry that is there for its limit alone is not an override; marking it one is harmless.
                        if ((PatternFlags[entry] & PatternPlain) != 0) set.MarkPlainOverride();
                    }
                    for (int d = 0; d <= depth; d++) set.AppendKey(keys[d]);
                }
                if (internalNode) Collect(r, depth + 1, keys, chars, set, limit, blocksOnly, c, patternIndex);
            }
        }
    }
}
