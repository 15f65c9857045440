namespace Gateway.Core.Rules
{
    /// <summary>Finds the strictest class: the one whose rules allow the smallest share of all numbers (docs/rules.md, "Classes").</summary>
    /// <remarks>
    /// The share is the fraction of all 24-key sequences of the 12 keys that a class allows (emergency
    /// numbers left out), compared exactly: the count is a sum of signed multiples of 12^(24-d), one
    /// term per node where the effective verdict changes, normalised to base-12 digits. Ties go to
    /// the class written first. Runs once per rule update, never per key.
    /// </remarks>
    internal static class ClassStrictness
    {
        private const int Digits = RuleKeys.MaxPrefixLength + 1;

        public static int Strictest(RuleTrie t)
        {
            long[] best = null;
            int bestClass = 0;
            for (int c = 0; c < t.ClassCount; c++)
            {
                long[] share = Share(t, c);
                if (best == null || Compare(share, best) < 0)
                {
                    best = share;
                    bestClass = c;
                }
            }
            return bestClass;
        }

        /// <summary>Allowed 24-key sequences of class <paramref name="c"/> as base-12 digits, most significant first.</summary>
        internal static long[] Share(RuleTrie t, int c)
        {
            long[] n = new long[Digits];
            bool eff = t.DefaultBlocks[c];
            if (!eff) n[0] = 1;
            Walk(t, c, 0, 0, eff, n);
            for (int d = Digits - 1; d > 0; d--)
            {
                long carry = n[d] / RuleKeys.Count;
                if (n[d] - carry * RuleKeys.Count < 0) carry--;
                n[d] -= carry * RuleKeys.Count;
                n[d - 1] += carry;
            }
            return n;
        }

        // Depth-first below internal node <rank>, <depth> keys deep; children are numbered one after the other.
        private static void Walk(RuleTrie t, int c, int rank, int depth, bool eff, long[] n)
        {
            int word = t.NodeWord(rank);
            int child = -1, r = 0;
            for (int k = 0; k < RuleKeys.Count; k++)
            {
                if ((word & (1 << k)) == 0) continue;
                if (child < 0)
                {
                    child = t.Child(rank, k);
                    r = t.Rank(child);
                }
                else
                {
                    if (t.IsInternal(child)) r++;
                    child++;
                }
                bool internalNode = t.IsInternal(child);
                int flags = internalNode ? t.Flags(r, c) : t.LeafFlags(child - r, c);
                bool childEff = (flags & RuleTrie.FlagRule) != 0 ? (flags & RuleTrie.FlagBlock) != 0 : eff;
                if (childEff != eff) n[depth + 1] += childEff ? -1 : 1;
                if (internalNode) Walk(t, c, r, depth + 1, childEff, n);
            }
        }

        /// <summary>The share as a fraction (for tools; exact comparisons use <see cref="Share"/>).</summary>
        internal static double Fraction(RuleTrie t, int c)
        {
            long[] n = Share(t, c);
            double f = 0, scale = 1;
            for (int d = 0; d < Digits; d++, scale /= RuleKeys.Count) f += n[d] * scale;
            return f;
        }

        private static int Compare(long[] a, long[] b)
        {
            for (int d = 0; d < Digits; d++)
                if (a[d] != b[d]) return a[d] < b[d] ? -1 : 1;
            return 0;
        }
    }
}
