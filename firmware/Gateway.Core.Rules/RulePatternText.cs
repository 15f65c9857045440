namespace Gateway.Core.Rules
{
    /// <summary>The written form of a wildcard position: a key, `x` for any digit, or a digit set such as `[2-5]` or `[13]`.</summary>
    /// <remarks>Writes into a caller's buffer, so a call record can name its rule without building pieces.</remarks>
    public static class RulePatternText
    {
        /// <summary>Writes key set <paramref name="set"/> (bit k = key index k) at <paramref name="n"/>; returns the new length.</summary>
        public static int AppendKeySet(char[] buffer, int n, int set)
        {
            if (Bits.PopCount((uint)set) == 1)
            {
                for (int k = 0; k < RuleKeys.Count; k++)
                    if (set == 1 << k) buffer[n++] = RuleKeys.KeyAt(k);
                return n;
            }
            if (set == RuleSet.AnyDigit)
            {
                buffer[n++] = 'x';
                return n;
            }
            buffer[n++] = '[';
            for (int k = 0; k < 10; k++)
            {
                if ((set & (1 << k)) == 0) continue;
                int last = k;
                while (last + 1 < 10 && (set & (1 << (last + 1))) != 0) last++;
                buffer[n++] = (char)('0' + k);
                // Three or more digits in a row read better as a range.
                if (last - k >= 2) { buffer[n++] = '-'; buffer[n++] = (char)('0' + last); k = last; }
            }
            buffer[n++] = ']';
            return n;
        }
    }
}
