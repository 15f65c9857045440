using System;

namespace Gateway.Core.Rules
{
    /// <summary>Compiles a rule set into a <see cref="RuleTrie"/>, level by level from the sorted rules.</summary>
    /// <remarks>
    /// In prefix order the nodes of depth d, left to right, are exactly the distinct d-key prefixes
    /// of the rules, which is the breadth-first numbering the trie needs. So each level is a list of
    /// rule ranges (one per node), and the next level splits every range by the key at position d.
    /// No node objects are made; work is O(rules x longest prefix).
    /// </remarks>
    public static class RuleTrieBuilder
    {
        /// <summary>Builds the trie for <paramref name="rules"/>.</summary>
        /// <exception cref="ArgumentException">The set has a prefix both allowed and blocked.</exception>
        public static RuleTrie Build(RuleSet rules, string version)
        {
            string error = rules.Normalize();
            if (error != null) throw new ArgumentException(error);
            int count = rules.Count;

            // allowBefore[i]: allow rules among the first i, so any range's mix is O(1).
            int[] allowBefore = new int[count + 1];
            for (int i = 0; i < count; i++)
                allowBefore[i + 1] = allowBefore[i] + (rules.ActionAt(i) == RuleVerdict.Allow ? 1 : 0);

            int groupCap = count > 0 ? count : 1;
            int[] start = new int[groupCap], end = new int[groupCap];
            bool[] effBlock = new bool[groupCap];
            int[] nextStart = new int[groupCap], nextEnd = new int[groupCap];
            bool[] nextEffBlock = new bool[groupCap];
            start[0] = 0; end[0] = count; effBlock[0] = rules.Default == RuleVerdict.Block;
            int groups = 1;

            BitList internalBits = new BitList();
            BitList leafBits = new BitList();
            ushort[] nodes = new ushort[64];
            int internalCount = 0, nodeCount = 0, depth = 0, maxDepth = 0;
            int leafBlocks = 0;

            while (groups > 0)
            {
                int next = 0;
                for (int g = 0; g < groups; g++)
                {
                    int s = start[g], e = end[g];
                    bool eff = effBlock[g];
                    bool hasRule = false, ruleBlocks = false;
                    if (s < e && rules.LengthAt(s) == depth)
                    {
                        hasRule = true;
                        ruleBlocks = rules.ActionAt(s) == RuleVerdict.Block;
                        eff = ruleBlocks;
                        s++;
                    }
                    if (s == e && nodeCount > 0)
                    {
                        internalBits.Add(false);
                        leafBits.Add(ruleBlocks);
                        if (ruleBlocks) leafBlocks++;
                    }
                    else
                    {
                        internalBits.Add(true);
                        int bitmap = 0;
                        for (int i = s; i < e;)
                        {
                            int k = rules.KeyIndexAt(i, depth);
                            int j = i + 1;
                            while (j < e && rules.KeyIndexAt(j, depth) == k) j++;
                            nextStart[next] = i; nextEnd[next] = j; nextEffBlock[next] = eff; next++;
                            bitmap |= 1 << k;
                            i = j;
                        }
                        int allow = allowBefore[e] - allowBefore[s];
                        bool uniform = eff ? allow == 0 : allow == e - s;
                        int word = bitmap | (hasRule ? RuleTrie.HasRuleBit : 0) | (ruleBlocks ? RuleTrie.BlockBit : 0)
                            | (uniform ? RuleTrie.UniformBit : 0);
                        if (internalCount == nodes.Length)
                        {
                            ushort[] grown = new ushort[nodes.Length * 2];
                            Array.Copy(nodes, grown, internalCount);
                            nodes = grown;
                        }
                        nodes[internalCount++] = (ushort)word;
                    }
                    nodeCount++;
                }
                if (next > 0) maxDepth = depth + 1;
                int[] t = start; start = nextStart; nextStart = t;
                t = end; end = nextEnd; nextEnd = t;
                bool[] b = effBlock; effBlock = nextEffBlock; nextEffBlock = b;
                groups = next;
                depth++;
            }

            RuleTrie trie = new RuleTrie();
            trie.Default = rules.Default;
            trie.Version = version == null ? "" : version;
            trie.RuleCount = count;
            trie.NodeCount = nodeCount;
            trie.InternalCount = internalCount;
            trie.MaxDepth = maxDepth;
            trie.InternalBits = internalBits.ToArray();
            trie.Nodes = new ushort[internalCount];
            Array.Copy(nodes, trie.Nodes, internalCount);
            int leaves = nodeCount - internalCount;
            if (leafBlocks == 0 || leafBlocks == leaves)
            {
                trie.LeafBlockBits = null;
                trie.LeafAllBlock = leaves > 0 && leafBlocks == leaves;
            }
            else trie.LeafBlockBits = leafBits.ToArray();
            trie.RankSamples = ComputeRankSamples(trie.InternalBits, nodeCount);
            trie.ChildBase = ComputeChildBase(trie.Nodes);
            return trie;
        }

        /// <summary>Rank sample j = internal nodes among nodes 0..256j-1.</summary>
        internal static int[] ComputeRankSamples(uint[] bits, int nodeCount)
        {
            int[] samples = new int[(nodeCount >> RuleTrie.RankSampleShift) + 1];
            int r = 0;
            int wordsPerSample = 1 << (RuleTrie.RankSampleShift - 5);
            for (int j = 0; j < samples.Length; j++)
            {
                samples[j] = r;
                for (int w = j * wordsPerSample; w < (j + 1) * wordsPerSample && w < bits.Length; w++)
                    r += Bits.PopCount(bits[w]);
            }
            return samples;
        }

        /// <summary>Child base g = node number of the first child of internal node 16g.</summary>
        internal static int[] ComputeChildBase(ushort[] nodes)
        {
            int per = 1 << RuleTrie.ChildBaseShift;
            int[] bases = new int[(nodes.Length + per - 1) / per];
            int c = 1;
            for (int r = 0; r < nodes.Length; r++)
            {
                if ((r & (per - 1)) == 0) bases[r / per] = c;
                c += Bits.PopCount((uint)nodes[r] & RuleTrie.ChildMask);
            }
            return bases;
        }
    }
}
