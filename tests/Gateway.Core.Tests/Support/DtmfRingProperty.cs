using System;
using Gateway.Core.Line;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Support
{
    /// <summary>Seeded random DTMF and ringing trials with +/-jitter on every reported edge.</summary>
    public static class DtmfRingProperty
    {
        private const string Keys = "0123456789*#ABCD";

        /// <summary>Off-hook, random keys (tone 40-200 ms, pause 40-300 ms), every strobe edge jittered.</summary>
        public static void AssertDtmfExact(int seed, int trials, int jitterMs)
        {
            SeededRandom rng = new SeededRandom(seed);
            for (int trial = 0; trial < PropertyTrials.Of(trials); trial++)
            {
                LineTrace trace = LineTrace.Start().OffHookAt(0);
                string keys = "";
                long t = 1000;
                int n = 1 + rng.Next(11);
                for (int i = 0; i < n; i++)
                {
                    char k = Keys[rng.Next(Keys.Length)];
                    int tone = 40 + rng.Next(161);
                    long rise = t + Jitter(rng, jitterMs);
                    long fall = t + tone + Jitter(rng, jitterMs);
                    trace.Dtmf(k, rise, MaxOf(0, fall - rise));
                    keys += k;
                    t += tone + 40 + rng.Next(261);
                }
                LineEventRecorder rec = trace.Decode();
                string failure = rec.Digits() == keys ? null
                    : "seed " + seed + " trial " + trial + ": keyed " + keys + ", decoded " + rec.Digits() + "\ntrace " + trace;
                Assert.IsNull(failure, failure);
            }
        }

        /// <summary>Random cadences (bursts 0.3-2 s, off 0.2-4 s, 20-25 Hz raw or rectified), every ring edge
        /// jittered: exactly one RingStart at the first burst and one RingStop after the last.</summary>
        public static void AssertRingExact(int seed, int trials, int jitterMs)
        {
            SeededRandom rng = new SeededRandom(seed);
            for (int trial = 0; trial < PropertyTrials.Of(trials); trial++)
            {
                LineTrace clean = LineTrace.Start();
                long on = 300 + rng.Next(1701), off = 200 + rng.Next(3801);
                double hz = rng.Next(3) == 0 ? 0 : 20 + rng.NextDouble() * 5;
                int cycles = 1 + rng.Next(5);
                clean.RingCadence(1000, cycles, on, off, hz);
                LineTrace trace = Jitter(clean, rng, jitterMs);
                LineEventRecorder rec = trace.Decode();
                string failure = rec.Kinds() == "RingStart RingStop" ? null
                    : "seed " + seed + " trial " + trial + ": " + cycles + " x " + on + "/" + off + " ms at " + hz.ToString("F1") + " Hz decoded " + rec.Describe();
                Assert.IsNull(failure, failure);
            }
        }

        private static LineTrace Jitter(LineTrace clean, SeededRandom rng, int jitterMs)
        {
            LineTrace t = LineTrace.Start();
            long last = long.MinValue;
            foreach (LineTrace.Step s in clean.Steps)
            {
                long at = MaxOf(last, s.TimeMs + Jitter(rng, jitterMs));
                t.RingEdge(s.Level, at);
                last = at;
            }
            return t;
        }

        // nanoFramework's mscorlib has no System.Math.
        private static long MaxOf(long a, long b) { return a > b ? a : b; }

        // Uniform in [-maxMs, maxMs]; the device's Random has no two-argument Next.
        private static int Jitter(SeededRandom rng, int maxMs) { return rng.Next(2 * maxMs + 1) - maxMs; }
    }
}
