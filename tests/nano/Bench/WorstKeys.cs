using System;
using Gateway.Core.Rules;

namespace Gateway.Bench
{
    /// <summary>Finds the slowest single key of the rule cursor by timing every key the cursor can ever be fed on a trie node.</summary>
    /// <remarks>
    /// Every rule (and every emergency number) is dialled key by key until decided; in prefix order,
    /// the keys a number shares with the one before are fed untimed, so each trie path the cursor
    /// can reach is timed exactly once per pass (keys off the trie cost less: no node is read).
    /// Each step keeps its fastest of the passes, minus the cost of reading the clock. The slowest
    /// steps are then timed again, repeated, by <see cref="TimeLastKey"/>.
    /// </remarks>
    internal static class WorstKeys
    {
        private const int SweepPasses = 5;

        /// <summary>The slowest numbers found by the last sweep, each ending with its slowest key.</summary>
        public static string[] Numbers = new string[0];

        public static void Sweep(RuleTrie trie, RuleSet rules, RuleCursor cursor, EmergencyNumbers emergency, long overhead, int listed)
        {
            int total = rules.Count + emergency.Count;
            int capacity = trie.NodeCount + RuleKeys.MaxPrefixLength * emergency.Count;
            int[] best = new int[capacity];
            int[] stepNumber = new int[capacity];
            byte[] stepDepth = new byte[capacity];
            for (int i = 0; i < capacity; i++) best[i] = int.MaxValue;
            char[] previous = new char[RuleKeys.MaxPrefixLength];
            char[] keys = new char[RuleKeys.MaxPrefixLength];
            int steps = 0;
            for (int pass = 0; pass < SweepPasses; pass++)
            {
                int previousLength = 0;
                steps = 0;
                for (int n = 0; n < total; n++)
                {
                    int length = Keys(rules, emergency, n, keys);
                    int common = 0;
                    while (common < length && common < previousLength && keys[common] == previous[common]) common++;
                    cursor.Reset();
                    for (int d = 0; d < length; d++)
                    {
                        RuleVerdict v;
                        if (d < common)
                        {
                            v = cursor.Advance(keys[d]);
                        }
                        else
                        {
                            long t0 = Clock.Now();
                            v = cursor.Advance(keys[d]);
                            long t = Clock.Now() - t0 - overhead;
                            if (t < best[steps]) best[steps] = (int)t;
                            stepNumber[steps] = n;
                            stepDepth[steps] = (byte)(d + 1);
                            steps++;
                        }
                        if (v != RuleVerdict.Continue) break;
                    }
                    for (int d = 0; d < length; d++) previous[d] = keys[d];
                    previousLength = length;
                    if (n >= rules.Count) previousLength = 0; // emergency numbers are not in order: time each in full
                }
            }
            Console.WriteLine("sweep " + steps);

            Numbers = new string[listed];
            bool[] taken = new bool[steps];
            for (int rank = 0; rank < listed; rank++)
            {
                int worst = -1;
                for (int s = 0; s < steps; s++)
                    if (!taken[s] && (worst < 0 || best[s] > best[worst])) worst = s;
                taken[worst] = true;
                int length = Keys(rules, emergency, stepNumber[worst], keys);
                string number = new string(keys, 0, stepDepth[worst]);
                Numbers[rank] = number;
                Console.WriteLine("worst " + (rank + 1) + " " + number + " " + stepDepth[worst] + " " + best[worst]);
            }
        }

        // Keys of sweep number n: the rules in prefix order, then the emergency numbers.
        private static int Keys(RuleSet rules, EmergencyNumbers emergency, int n, char[] keys)
        {
            if (n < rules.Count)
            {
                int length = rules.LengthAt(n);
                for (int d = 0; d < length; d++) keys[d] = RuleKeys.KeyAt(rules.KeyIndexAt(n, d));
                return length;
            }
            string number = emergency[n - rules.Count];
            for (int d = 0; d < number.Length; d++) keys[d] = number[d];
            return number.Length;
        }

        /// <summary>Times dialling <paramref name="number"/> with and without its last key in
        /// <paramref name="batches"/> batches of <paramref name="dials"/> dialings, lowering
        /// <paramref name="with"/> and <paramref name="without"/> to the fastest batch seen; their
        /// difference is that key's cost.</summary>
        public static void TimeLastKey(RuleCursor cursor, string number, int dials, int batches, ref long with, ref long without)
        {
            char[] keys = number.ToCharArray();
            for (int b = 0; b < batches; b++)
            {
                long a = Dial(cursor, keys, keys.Length, dials);
                long c = Dial(cursor, keys, keys.Length - 1, dials);
                if (a < with) with = a;
                if (c < without) without = c;
            }
        }

        private static long Dial(RuleCursor cursor, char[] keys, int length, int dials)
        {
            long t0 = Clock.Now();
            for (int r = 0; r < dials; r++)
            {
                cursor.Reset();
                for (int d = 0; d < length; d++) cursor.Advance(keys[d]);
            }
            return Clock.Now() - t0;
        }
    }
}
