using System;

namespace Gateway.Core.Rules
{
    /// <summary>Compiles a rule set into a <see cref="RuleTrie"/>, level by level from the sorted rules.</summary>
    /// <remarks>
    /// In prefix order the nodes of depth d, left to right, are exactly the distinct d-key prefixes
    /// of the rules, which is the breadth-first numbering the trie needs. So each level is a list of
    /// rule ranges (one per node), and the next level splits every range by the key at position d.
    /// The classes share the nodes; per class, prefix sums of its rules and allow rules give each
    /// range's mix in O(1). No node objects are made; work is O(rules x (longest prefix + classes)).
    /// </remarks>
    public static class RuleTrieBuilder
    {
        /// <summary>Builds the trie for <paramref name="rules"/>.</summary>
        /// <exception cref="ArgumentException">The set has rules that disagree with nothing to choose between them.</exception>
        public static RuleTrie Build(RuleSet rules, string version)
        {
            string error = rules.Normalize();
            if (error != null) throw new ArgumentException(error);
            int count = rules.Count;
            int classes = rules.ClassCount;

            // inClass[c*(count+1)+i]: rules of class c among the first i; allowIn the same for its allow rules.
            int stride = count + 1;
            int[] inClass = new int[classes * stride];
            int[] allowIn = new int[classes * stride];
            for (int i = 0; i < count; i++)
            {
                int ci = rules.ClassAt(i);
                bool allow = rules.ActionAt(i) == RuleVerdict.Allow;
                for (int c = 0; c < classes; c++)
                {
                    inClass[c * stride + i + 1] = inClass[c * stride + i] + (c == ci ? 1 : 0);
                    allowIn[c * stride + i + 1] = allowIn[c * stride + i] + (c == ci && allow ? 1 : 0);
                }
            }

            int groupCap = count > 0 ? count : 1;
            int[] start = new int[groupCap], end = new int[groupCap];
            bool[] effBlock = new bool[groupCap * classes];
            int[] nextStart = new int[groupCap], nextEnd = new int[groupCap];
            bool[] nextEffBlock = new bool[groupCap * classes];
            start[0] = 0; end[0] = count;
            for (int c = 0; c < classes; c++) effBlock[c] = rules.DefaultOf(c) == RuleVerdict.Block;
            int groups = 1;

            BitList internalBits = new BitList();
            BitList[] leafRules = new BitList[classes], leafBlocks = new BitList[classes];
            int[] leafRuleCount = new int[classes], leafBlockCount = new int[classes];
            uint[][] classFlags = new uint[classes - 1][];
            for (int c = 0; c < classes; c++)
            {
                leafRules[c] = new BitList();
                leafBlocks[c] = new BitList();
                if (c > 0) classFlags[c - 1] = new uint[8];
            }
            int[] flags = new int[classes];
            ushort[] nodes = new ushort[64];
            int internalCount = 0, nodeCount = 0, depth = 0, maxDepth = 0;

            while (groups > 0)
            {
                int next = 0;
                for (int g = 0; g < groups; g++)
                {
                    int s = start[g], e = end[g];
                    for (int c = 0; c < classes; c++) flags[c] = 0;
                    // Sorted by prefix then class: the rules ending here come first, one per class.
                    while (s < e && rules.LengthAt(s) == depth)
                    {
                        int c = rules.ClassAt(s);
                        bool blocks = rules.ActionAt(s) == RuleVerdict.Block;
                        flags[c] = RuleTrie.FlagRule | (blocks ? RuleTrie.FlagBlock : 0);
                        effBlock[g * classes + c] = blocks;
                        s++;
                    }
                    if (s == e && nodeCount > 0)
                    {
                        internalBits.Add(false);
                        for (int c = 0; c < classes; c++)
                        {
                            bool hasRule = flags[c] != 0, blocks = (flags[c] & RuleTrie.FlagBlock) != 0;
                            leafRules[c].Add(hasRule);
                            leafBlocks[c].Add(blocks);
                            if (hasRule) leafRuleCount[c]++;
                            if (blocks) leafBlockCount[c]++;
                        }
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
                            nextStart[next] = i; nextEnd[next] = j;
                            for (int c = 0; c < classes; c++) nextEffBlock[next * classes + c] = effBlock[g * classes + c];
                            next++;
                            bitmap |= 1 << k;
                            i = j;
                        }
                        for (int c = 0; c < classes; c++)
                        {
                            int allow = allowIn[c * stride + e] - allowIn[c * stride + s];
                            int inRange = inClass[c * stride + e] - inClass[c * stride + s];
                            bool uniform = effBlock[g * classes + c] ? allow == 0 : allow == inRange;
                            if (uniform) flags[c] |= RuleTrie.FlagUniform;
                        }
                        if (internalCount == nodes.Length)
                        {
                            ushort[] grown = new ushort[nodes.Length * 2];
                            Array.Copy(nodes, grown, internalCount);
                            nodes = grown;
                            for (int c = 1; c < classes; c++)
                            {
                                uint[] f = new uint[nodes.Length / 8];
                                Array.Copy(classFlags[c - 1], f, classFlags[c - 1].Length);
                                classFlags[c - 1] = f;
                            }
                        }
                        nodes[internalCount] = (ushort)(bitmap | (flags[0] << RuleTrie.FlagShift));
                        for (int c = 1; c < classes; c++)
                            classFlags[c - 1][internalCount >> 3] |= (uint)flags[c] << ((internalCount & 7) << 2);
                        internalCount++;
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
            trie.ClassCount = classes;
            trie.ClassNames = new string[classes];
            trie.DefaultBlocks = new bool[classes];
            trie.ClassFlags = new SparseWords[classes - 1];
            trie.LeafRuleBits = new SparseWords[classes];
            trie.LeafBlockBits = new SparseWords[classes];
            trie.LeafAllBlock = new bool[classes];
            int leaves = nodeCount - internalCount;
            for (int c = 0; c < classes; c++)
            {
                trie.ClassNames[c] = rules.ClassName(c);
                trie.DefaultBlocks[c] = rules.DefaultOf(c) == RuleVerdict.Block;
                if (c > 0) trie.ClassFlags[c - 1] = SparseWords.Of(classFlags[c - 1], (internalCount + 7) >> 3);
                if (leafRuleCount[c] != leaves) trie.LeafRuleBits[c] = SparseWords.Of(leafRules[c].ToArray(), (leaves + 31) >> 5);
                if (leafBlockCount[c] == 0 || leafBlockCount[c] == leafRuleCount[c])
                    trie.LeafAllBlock[c] = leafRuleCount[c] > 0 && leafBlockCount[c] == leafRuleCount[c];
                else trie.LeafBlockBits[c] = SparseWords.Of(leafBlocks[c].ToArray(), (leaves + 31) >> 5);
            }
            trie.Version = version == null ? "" : version;
            trie.RuleCount = count;
            trie.NodeCount = nodeCount;
            trie.InternalCount = internalCount;
            trie.MaxDepth = maxDepth;
            trie.InternalBits = internalBits.ToArray();
            trie.Nodes = new ushort[internalCount];
            Array.Copy(nodes, trie.Nodes, internalCount);
            trie.RankSamples = ComputeRankSamples(trie.InternalBits, nodeCount);
            trie.ChildBase = ComputeChildBase(trie.Nodes);
            KeepPatterns(rules, trie);
            trie.Schedule = Scheduled(rules.Schedule, trie);
            return trie;
        }

        // The wildcard patterns that decide at least one prefix, in rule-text order, then the plain
        // rules that beat a wildcard at their own prefix: what a call record needs to name its rule.
        private static void KeepPatterns(RuleSet rules, RuleTrie trie)
        {
            int patterns = rules.PatternCount;
            bool[] decides = new bool[patterns];
            int kept = 0, plain = 0;
            for (int i = 0; i < rules.Count; i++)
            {
                int p = rules.PatternAt(i);
                if (p >= 0 && !decides[p]) { decides[p] = true; kept++; }
                if (PlainEntry(rules, i)) plain++;
            }
            int n = kept + plain;
            trie.PatternCount = n;
            trie.PatternSets = new ushort[n * RuleKeys.MaxPrefixLength];
            trie.PatternLength = new byte[n];
            trie.PatternClass = new byte[n];
            trie.PatternFlags = new byte[n];
            trie.PatternLimitSeconds = new int[n];
            trie.ClassLimitSeconds = new int[rules.ClassCount];
            for (int c = 0; c < rules.ClassCount; c++) trie.ClassLimitSeconds[c] = rules.ClassLimitOf(c);
            int o = 0;
            for (int p = 0; p < patterns; p++)
            {
                if (!decides[p]) continue;
                for (int d = 0; d < rules.PatternLength(p); d++)
                    trie.PatternSets[o * RuleKeys.MaxPrefixLength + d] = (ushort)rules.PatternKeySet(p, d);
                trie.PatternLength[o] = (byte)rules.PatternLength(p);
                trie.PatternClass[o] = (byte)rules.PatternClass(p);
                trie.PatternLimitSeconds[o] = rules.PatternLimit(p);
                trie.PatternFlags[o] = (byte)((rules.PatternBlocks(p) ? RuleTrie.PatternBlock : 0) | (rules.PatternLimit(p) > 0 ? RuleTrie.PatternLimit : 0));
                o++;
            }
            for (int i = 0; i < rules.Count; i++)
            {
                if (!PlainEntry(rules, i)) continue;
                for (int d = 0; d < rules.LengthAt(i); d++)
                    trie.PatternSets[o * RuleKeys.MaxPrefixLength + d] = (ushort)(1 << rules.KeyIndexAt(i, d));
                trie.PatternLength[o] = (byte)rules.LengthAt(i);
                trie.PatternClass[o] = (byte)rules.ClassAt(i);
                trie.PatternLimitSeconds[o] = rules.LimitAt(i);
                trie.PatternFlags[o] = (byte)(RuleTrie.PatternPlain | (rules.ActionAt(i) == RuleVerdict.Block ? RuleTrie.PatternBlock : 0)
                    | (rules.LimitAt(i) > 0 ? RuleTrie.PatternLimit : 0));
                o++;
            }
        }

        // A plain rule needs an entry when it beat a wildcard (to be named itself) or limits talk time.
        private static bool PlainEntry(RuleSet rules, int i)
        {
            return rules.PatternAt(i) < 0 && (rules.OverridesPatternAt(i) || rules.LimitAt(i) > 0);
        }

        // The classes a schedule does not name: the strictest when time matters, else the first.
        private static RuleSchedule Scheduled(RuleSchedule schedule, RuleTrie trie)
        {
            if (schedule == null) return null;
            int fallback = schedule.HasTimes ? ClassStrictness.Strictest(trie) : 0;
            if (!schedule.OtherwiseGiven) schedule.Otherwise = fallback;
            if (!schedule.UnsyncedGiven) schedule.Unsynced = fallback;
            return schedule;
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
