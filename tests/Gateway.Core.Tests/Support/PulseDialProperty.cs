using System;
using Gateway.Core.Line;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Support
{
    /// <summary>Seeded random pulse-dialling trials across an envelope; returns null or a reproducible failure.</summary>
    public static class PulseDialProperty
    {
        public sealed class Envelope
        {
            public double MinPps = 7, MaxPps = 14;
            public double MinBreakPercent = 55, MaxBreakPercent = 72;
            public int MinPauseMs = 200, MaxPauseMs = 1000;
            public int JitterMs = 15;
            public int BounceMs = 0;          // bursts reported within this time after their first edge; 0 = none
            public double BounceChance = 0.5;
            public bool BounceBeforeJitter;   // true: bounce edges are jittered one by one like every other edge
            public bool StretchBounce;        // true: each burst's last edge lands at the end of the burst time (worst case)
            public int MaxDigits = 6;
            public string Map = PulseDigitMap.Standard;
        }

        /// <summary>Fails with the seed, the dialled plan and the trace when any trial decodes wrongly
        /// (fewer trials on the device: <see cref="PropertyTrials"/>).</summary>
        public static void AssertExact(int seed, int trials, Envelope env, LineTimings timings = null)
        {
            string failure = Run(seed, PropertyTrials.Of(trials), env, timings);
            Assert.IsNull(failure, failure);
        }

        /// <summary>Runs <paramref name="trials"/> calls: off-hook, random digits (each its own rate and ratio),
        /// hang-up. Expects exactly OffHook, the digits, OnHook.</summary>
        public static string Run(int seed, int trials, Envelope env, LineTimings timings = null)
        {
            SeededRandom rng = new SeededRandom(seed);
            for (int trial = 0; trial < trials; trial++)
            {
                int len = 1 + rng.Next(env.MaxDigits);
                char[] digits = new char[len];
                for (int i = 0; i < len; i++) digits[i] = (char)('0' + rng.Next(10));
                string number = new string(digits);

                LineTrace trace = LineTrace.Start().OffHookAt(0);
                long t = 1000;
                string plan = "";
                foreach (char d in number)
                {
                    double pps = env.MinPps + rng.NextDouble() * (env.MaxPps - env.MinPps);
                    double ratio = env.MinBreakPercent + rng.NextDouble() * (env.MaxBreakPercent - env.MinBreakPercent);
                    int pause = env.MinPauseMs + rng.Next(env.MaxPauseMs - env.MinPauseMs + 1);
                    trace.DialPulses(d.ToString(), pps, ratio, t, pause, env.Map);
                    plan += d + "@" + pps.ToString("F2") + "pps/" + ratio.ToString("F1") + "%/" + pause + "ms ";
                    t = trace.EndMs + pause;
                }
                trace.OnHookAt(t + 1000);
                if (env.BounceBeforeJitter && env.BounceMs > 0) trace = trace.WithHookBounce(rng, env.BounceMs, env.BounceChance, env.StretchBounce);
                if (env.JitterMs > 0) trace = trace.WithHookJitter(rng, env.JitterMs);
                if (!env.BounceBeforeJitter && env.BounceMs > 0) trace = trace.WithHookBounce(rng, env.BounceMs, env.BounceChance, env.StretchBounce);

                LineEventRecorder rec = trace.Decode(timings);
                string expected = "OffHook";
                foreach (char d in number) expected += " Digit:" + d + "/Pulse";
                expected += " OnHook";
                string actual = rec.Kinds();
                if (actual != expected)
                    return "seed " + seed + " trial " + trial + ": dialled " + plan + "\nexpected " + expected + "\nactual   " + actual
                        + "\nevents " + rec.Describe() + "\ntrace " + trace;
            }
            return null;
        }
    }
}
