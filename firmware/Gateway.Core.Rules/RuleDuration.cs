namespace Gateway.Core.Rules
{
    /// <summary>Durations in rule text: a whole number and `s`, `m` or `h`, from 1 s to 24 h (`90s`, `10m`, `2h`).</summary>
    public static class RuleDuration
    {
        /// <summary>Longest duration, in seconds (24 h).</summary>
        public const int MaxSeconds = 86400;

        /// <summary>Seconds of <paramref name="t"/>[start, end), or -1 when it is not a duration.</summary>
        public static int Parse(byte[] t, int start, int end)
        {
            if (end - start < 2 || end - start > 7) return -1;
            int unit;
            byte u = t[end - 1];
            if (u == (byte)'s') unit = 1;
            else if (u == (byte)'m') unit = 60;
            else if (u == (byte)'h') unit = 3600;
            else return -1;
            int n = 0;
            for (int i = start; i < end - 1; i++)
            {
                int d = t[i] - (byte)'0';
                if (d < 0 || d > 9) return -1;
                n = n * 10 + d;
            }
            long seconds = (long)n * unit;
            return seconds < 1 || seconds > MaxSeconds ? -1 : (int)seconds;
        }

        /// <summary>The shortest text for <paramref name="seconds"/>: `2h`, `10m`, `90s`.</summary>
        public static string Text(int seconds)
        {
            if (seconds % 3600 == 0) return (seconds / 3600).ToString() + "h";
            if (seconds % 60 == 0) return (seconds / 60).ToString() + "m";
            return seconds.ToString() + "s";
        }
    }
}
