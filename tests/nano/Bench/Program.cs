using System;
using Gateway.Core.Rules;

namespace Gateway.Bench
{
    /// <summary>Times the box's per-key rule decision and per-edge line decoding on the runtime that runs it.</summary>
    /// <remarks>
    /// The same source runs on the POSIX nanoCLR (Bench.csproj) and on .NET (Host/Bench.Host.csproj);
    /// ../bench.sh runs both in one go and divides. Output is one line per figure, raw integers
    /// (times in 100 ns ticks of DateTime.UtcNow, the only clock nanoFramework's mscorlib offers), so
    /// no number formatting depends on the runtime:
    /// <c>keys FED TICKS CHECKSUM</c>, <c>edges COUNT TICKS EVENTS CHECKSUM</c> (line decoder), <c>boxedges ...</c> (the whole box),
    /// <c>timer TICKS</c>, <c>sweep STEPS</c>, <c>worst RANK NUMBER DEPTH TICKS</c>,
    /// <c>key NUMBER DEPTH DIALS TICKS_WITH TICKS_WITHOUT</c> (fastest batch of DIALS dialings), then <c>done</c>.
    /// </remarks>
    public static class Program
    {
        // Blocks are timed one by one and each keeps its fastest pass, so a block that another process
        // interrupted (the development machine is shared) does not count; a block lasts long enough
        // for the 100 ns clock on each runtime (a few hundred microseconds on nanoCLR, tens on .NET).
#if NANOFRAMEWORK_1_0
        private const string RuntimeName = "nanoCLR";
        private const int Passes = 5;
        private const int NumbersPerBlock = 20;
        private const int EdgesPerBlock = 50;
        private const int DialsPerBatch = 1;   // dialings of one number timed together, for a single key
#else
        private const string RuntimeName = ".NET";
        private const int Passes = 30;
        private const int NumbersPerBlock = 2000;
        private const int EdgesPerBlock = 2000;
        private const int DialsPerBatch = 200;
#endif
        private const int Batches = 1000;
        private const int Rounds = 3;
        private const int Numbers = 20000;
        private const int Calls = 200;
        private const int WorstListed = 8;

        public static void Main()
        {
            Console.WriteLine("bench " + RuntimeName + " data " + ImageData.Source);
            RuleTrie trie;
            string reason;
            if (!RuleImage.TryRead(Convert.FromBase64String(ImageData.Base64()), out trie, out reason))
            {
                Console.WriteLine("error rule image: " + reason);
                return;
            }
            RuleBook book = new RuleBook();
            book.Install(trie, "bench");
            RuleCursor cursor = book.CreateCursor();
            RuleSet rules = trie.ToRuleSet();
            Console.WriteLine("rules " + rules.Count + " nodes " + trie.NodeCount);

            KeyWorkload work = KeyWorkload.Build(rules, Numbers, 42);
            long fed, checksum;
            long ticks = work.Time(cursor, NumbersPerBlock, Passes, out fed, out checksum);
            Console.WriteLine("keys " + fed + " " + ticks + " " + checksum);

            EdgeTrace trace = EdgeTrace.Build(Calls, 7);
            int events;
            ticks = trace.Time(null, EdgesPerBlock, Passes, out events, out checksum);
            Console.WriteLine("edges " + trace.Count + " " + ticks + " " + events + " " + checksum);
            ticks = trace.Time(book, EdgesPerBlock, Passes, out events, out checksum);
            Console.WriteLine("boxedges " + trace.Count + " " + ticks + " " + events + " " + checksum);

            long overhead = Clock.Overhead();
            Console.WriteLine("timer " + overhead);
            WorstKeys.Sweep(trie, rules, cursor, book.Emergency, overhead, WorstListed);
            string[] numbers = WorstKeys.Numbers;
            string given = HostOptions.WorstNumbers();
            if (given != null) numbers = given.Split(',');
            // Rounds spread each number's timing over the run, so a stretch in which the shared
            // machine ran this process slowly cannot decide a number's figure.
            long[] with = new long[numbers.Length], without = new long[numbers.Length];
            for (int i = 0; i < numbers.Length; i++) with[i] = without[i] = long.MaxValue;
            for (int round = 0; round < Rounds; round++)
                for (int i = 0; i < numbers.Length; i++)
                    WorstKeys.TimeLastKey(cursor, numbers[i], DialsPerBatch, Batches, ref with[i], ref without[i]);
            for (int i = 0; i < numbers.Length; i++)
                Console.WriteLine("key " + numbers[i] + " " + numbers[i].Length + " " + DialsPerBatch + " " + with[i] + " " + without[i]);
            Console.WriteLine("done");
        }
    }

    /// <summary>The clock: DateTime.UtcNow in 100 ns ticks (nanoFramework has no Stopwatch or TickCount64).</summary>
    internal static class Clock
    {
        public static long Now() { return DateTime.UtcNow.Ticks; }

        /// <summary>Smallest difference between two back-to-back reads: what one timed call costs on top.</summary>
        public static long Overhead()
        {
            long best = long.MaxValue;
            for (int i = 0; i < 20000; i++)
            {
                long t0 = Now();
                long t1 = Now();
                if (t1 - t0 < best) best = t1 - t0;
            }
            return best;
        }
    }
}
