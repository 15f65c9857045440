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
    /// <item>Leaves carry no word: a leaf always ends a rule and is always uniform; only its
    /// action is stored (one bit per leaf, or nothing when all leaves agree).</item>
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

        internal uint[] InternalBits;
        internal int[] RankSamples;
        internal ushort[] Nodes;
        internal int[] ChildBase;
        internal uint[] LeafBlockBits;   // null when every leaf has the same action
        internal bool LeafAllBlock;

        internal RuleTrie() { }

        /// <summary>Action when no rule matches.</summary>
        public RuleVerdict Default { get; internal set; }

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

        /// <summary>Bytes of the arrays that hold the trie (what the rules cost in RAM, object headers aside).</summary>
        public int SizeInBytes
        {
            get
            {
                return 4 * InternalBits.Length + 4 * RankSamples.Length + 2 * Nodes.Length + 4 * ChildBase.Length
                    + (LeafBlockBits == null ? 0 : 4 * LeafBlockBits.Length);
            }
        }

        /// <summary>The same rules labelled with another version (shares the arrays).</summary>
        public RuleTrie WithVersion(string version)
        {
            RuleTrie t = (RuleTrie)MemberwiseClone();
            t.Version = version == null ? "" : version;
            return t;
        }

        /// <summary>Number of internal nodes among nodes 0..node-1.</summary>
        internal int Rank(int node)
        {
            uint[] bits = InternalBits;
            int r = RankSamples[node >> RankSampleShift];
            int w = (node >> RankSampleShift) << (RankSampleShift - 5);
            int last = node >> 5;
            for (; w < last; w++) r += Bits.PopCount(bits[w]);
            int rest = node & 31;
            if (rest != 0) r += Bits.PopCount(bits[last] & ((1u << rest) - 1));
            return r;
        }

        /// <summary>True when <paramref name="node"/> has children (or is the root).</summary>
        internal bool IsInternal(int node)
        {
            return (InternalBits[node >> 5] & (1u << (node & 31))) != 0;
        }

        /// <summary>Node reached from the internal node with rank <paramref name="rank"/> by key index <paramref name="key"/>, or -1.</summary>
        internal int Child(int rank, int key)
        {
            ushort[] nodes = Nodes;
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

        /// <summary>Action of the rule ending at the leaf with leaf rank <paramref name="leafRank"/>.</summary>
        internal bool LeafBlocks(int leafRank)
        {
            uint[] bits = LeafBlockBits;
            if (bits == null) return LeafAllBlock;
            return (bits[leafRank >> 5] & (1u << (leafRank & 31))) != 0;
        }

        /// <summary>Action of the longest rule that is a prefix of <paramref name="keys"/> (or the
        /// default), with that rule's length (0 for the default). Ignores emergency numbers.</summary>
        public RuleVerdict Match(string keys, out int ruleLength)
        {
            RuleVerdict verdict = Default;
            ruleLength = 0;
            int rank = 0;
            for (int d = 0; d < keys.Length && rank >= 0; d++)
            {
                int k = RuleKeys.IndexOf(keys[d]);
                if (k < 0) break;
                int child = Child(rank, k);
                if (child < 0) break;
                int r = Rank(child);
                if (IsInternal(child))
                {
                    int word = Nodes[r];
                    if ((word & HasRuleBit) != 0)
                    {
                        verdict = (word & BlockBit) != 0 ? RuleVerdict.Block : RuleVerdict.Allow;
                        ruleLength = d + 1;
                    }
                    rank = r;
                }
                else
                {
                    verdict = LeafBlocks(child - r) ? RuleVerdict.Block : RuleVerdict.Allow;
                    ruleLength = d + 1;
                    rank = -1;
                }
            }
            return verdict;
        }

        /// <summary>The rules back as a rule set, in prefix order (allocates; for tools and warnings).</summary>
        public RuleSet ToRuleSet()
        {
            RuleSet set = new RuleSet();
            set.Default = Default;
            int[] keys = new int[RuleKeys.MaxPrefixLength + 1];
            Collect(0, 0, keys, set, -1, false);
            set.Normalize();
            return set;
        }

        /// <summary>Appends to <paramref name="set"/> the block rules strictly below the node reached by
        /// <paramref name="prefix"/>, at most <paramref name="limit"/> (nothing when the prefix leaves the trie).</summary>
        internal void CollectBlocksBelow(string prefix, RuleSet set, int limit)
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
            if (rank >= 0) Collect(rank, prefix.Length, keys, set, limit, true);
        }

        // Depth-first in key order; depth is bounded by MaxPrefixLength, so recursion stays shallow.
        private void Collect(int rank, int depth, int[] keys, RuleSet set, int limit, bool blocksOnly)
        {
            if (depth >= RuleKeys.MaxPrefixLength) return;
            int word = Nodes[rank];
            for (int k = 0; k < RuleKeys.Count; k++)
            {
                if ((word & (1 << k)) == 0) continue;
                if (limit >= 0 && set.Count >= limit) return;
                keys[depth] = k;
                int child = Child(rank, k);
                int r = Rank(child);
                bool internalNode = IsInternal(child);
                int childWord = internalNode ? Nodes[r] : 0;
                bool hasRule = !internalNode || (childWord & HasRuleBit) != 0;
                bool block = hasRule && (internalNode ? (childWord & BlockBit) != 0 : LeafBlocks(child - r));
                if (hasRule && (block || !blocksOnly))
                {
                    set.BeginRule(block, 0);
                    for (int d = 0; d <= depth; d++) set.AppendKey(keys[d]);
                }
                if (internalNode) Collect(r, depth + 1, keys, set, limit, blocksOnly);
            }
        }
    }
}
