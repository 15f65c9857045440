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
            Random rng = new Random(seed);
            for (int trial = 0; trial < trials; trial++)
            {
                LineTrace trace = LineTrace.Start().OffHookAt(0);
                string keys = "";
                long t = 1000;
                int n = rng.Next(1, 12);
                for (int i = 0; i < n; i++)
                {
                    char k = Keys[rng.Next(Keys.Length)];
                    int tone = rng.Next(40, 201);
                    long rise = t + rng.Next(-jitterMs, jitterMs + 1);
                    long fall = t + tone + rng.Next(-jitterMs, jitterMs + 1);
                    trace.Dtmf(k, rise, Math.Max(0, fall - rise));
                    keys += k;
                    t += tone + rng.Next(40, 301);
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
            Random rng = new Random(seed);
            for (int trial = 0; trial < trials; trial++)
            {
                LineTrace clean = LineTrace.Start();
                long on = rng.Next(300, 2001), off = rng.Next(200, 4001);
                double hz = rng.Next(3) == 0 ? 0 : 20 + rng.NextDouble() * 5;
                int cycles = rng.Next(1, 6);
                clean.RingCadence(1000, cycles, on, off, hz);
                LineTrace trace = Jitter(clean, rng, jitterMs);
                LineEventRecorder rec = trace.Decode();
                string failure = rec.Kinds() == "RingStart RingStop" ? null
                    : "seed " + seed + " trial " + trial + ": " + cycles + " x " + on + "/" + off + " ms at " + hz.ToString("0.0") + " Hz decoded " + rec.Describe();
                Assert.IsNull(failure, failure);
            }
        }

        private static LineTrace Jitter(LineTrace clean, Random rng, int jitterMs)
        {
            LineTrace t = LineTrace.Start();
            long last = long.MinValue;
            foreach (LineTrace.Step s in clean.Steps)
            {
                long at = Math.Max(last, s.TimeMs + rng.Next(-jitterMs, jitterMs + 1));
                t.RingEdge(s.Level, at);
                last = at;
            }
            return t;
        }
    }
}
