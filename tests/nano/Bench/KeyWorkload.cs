using Gateway.Core.Rules;

namespace Gateway.Bench
{
    /// <summary>Dialled numbers fed key by key to the rule cursor, as tests/Gateway.Benchmarks does.</summary>
    /// <remarks>
    /// Same mix as Gateway.Benchmarks (80% start with a rule prefix cut to a random length, then
    /// random digits up to 3-13 keys; 20% random digits), drawn from our own generator so that
    /// nanoCLR and .NET get exactly the same keys.
    /// </remarks>
    internal sealed class KeyWorkload
    {
        private readonly char[] _keys;
        private readonly int[] _starts;

        private KeyWorkload(char[] keys, int[] starts)
        {
            _keys = keys;
            _starts = starts;
        }

        public static KeyWorkload Build(RuleSet rules, int numbers, uint seed)
        {
            Lcg rng = new Lcg(seed);
            int[] starts = new int[numbers + 1];
            char[] keys = new char[numbers * (RuleKeys.MaxPrefixLength + 14)];
            int n = 0;
            for (int i = 0; i < numbers; i++)
            {
                starts[i] = n;
                int length = rng.Next(3, 14);
                if (rng.Next(0, 10) < 8)
                {
                    int rule = rng.Next(0, rules.Count);
                    int len = rules.LengthAt(rule);
                    int cut = rng.Next(1, len + 2);
                    if (cut > len) cut = len;
                    for (int d = 0; d < cut; d++) keys[n++] = RuleKeys.KeyAt(rules.KeyIndexAt(rule, d));
                }
                while (n - starts[i] < length) keys[n++] = (char)('0' + rng.Next(0, 10));
            }
            starts[numbers] = n;
            return new KeyWorkload(keys, starts);
        }

        /// <summary>Ticks to feed every number until decided, then Finish: the sum over blocks of
        /// <paramref name="perBlock"/> numbers of each block's fastest pass (after one warm-up pass).
        /// The checksum covers verdicts and decision digits.</summary>
        public long Time(RuleCursor cursor, int perBlock, int passes, out long fed, out long checksum)
        {
            int numbers = _starts.Length - 1;
            int blocks = (numbers + perBlock - 1) / perBlock;
            long[] best = new long[blocks];
            fed = 0;
            checksum = 0;
            for (int p = 0; p <= passes; p++)
            {
                fed = 0;
                checksum = 0;
                for (int b = 0; b < blocks; b++)
                {
                    int end = (b + 1) * perBlock;
                    if (end > numbers) end = numbers;
                    long t0 = Clock.Now();
                    Run(cursor, b * perBlock, end, ref fed, ref checksum);
                    long t = Clock.Now() - t0;
                    if (p == 1 || (p > 1 && t < best[b])) best[b] = t;
                }
            }
            long total = 0;
            for (int b = 0; b < blocks; b++) total += best[b];
            return total;
        }

        private void Run(RuleCursor cursor, int from, int to, ref long fed, ref long checksum)
        {
            char[] keys = _keys;
            int[] starts = _starts;
            for (int n = from; n < to; n++)
            {
                cursor.Reset();
                RuleVerdict v = RuleVerdict.Continue;
                int i = starts[n], end = starts[n + 1];
                for (; i < end && v == RuleVerdict.Continue; i++) v = cursor.Advance(keys[i]);
                fed += i - starts[n];
                v = cursor.Finish();
                checksum += (int)v * 31 + cursor.DecidedAtDigit;
            }
        }
    }

    /// <summary>A linear congruential generator (Numerical Recipes constants): the same numbers on every runtime.</summary>
    internal sealed class Lcg
    {
        private uint _state;

        public Lcg(uint seed) { _state = seed; }

        /// <summary>A number in [min, max).</summary>
        public int Next(int min, int max)
        {
            _state = _state * 1664525u + 1013904223u;
            return min + (int)((_state >> 8) % (uint)(max - min));
        }
    }
}
