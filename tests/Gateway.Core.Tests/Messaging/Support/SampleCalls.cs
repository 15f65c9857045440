using System;
using Gateway.Core.Calls;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using Gateway.Core.Tests.Support;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Deterministic, realistic call records for outbox and link tests.</summary>
    internal static class SampleCalls
    {
        public const string Box = "box-0042";

        /// <summary>The epoch a test journal draws when it starts empty (the device draws a random one).</summary>
        public const long Epoch = 0x5eed0042c0ffee01;

        private static readonly string[] Numbers =
        {
            "13800138000", "01062345678", "110", "00442071234567", "8001", "95588", "120", "075526543210", "*72#", "17951",
        };

        /// <summary>The n-th record of a fixed, varied sequence (Seq left 0).</summary>
        public static CallRecord Make(int n)
        {
            SeededRandom rnd = new SeededRandom(1000 + n);
            string digits = Numbers[n % Numbers.Length];
            bool blocked = n % 7 == 3;
            long start = 1764057600000L + n * 97_531L;
            long duration = blocked ? 4_000 + rnd.Next(3_000) : rnd.Next(900_000);
            return new CallRecord
            {
                Box = Box,
                Line = "1",
                Direction = n % 5 == 4 ? CallDirection.Incoming : CallDirection.Outgoing,
                Digits = n % 5 == 4 ? "" : digits,
                Dial = n % 5 == 4 ? DialMethod.None : (n % 3 == 0 ? DialMethod.Pulse : DialMethod.Dtmf),
                StartUnixMs = start,
                EndUnixMs = start + duration,
                DurationMs = duration,
                Outcome = n % 5 == 4 ? CallOutcome.Incoming : (blocked ? CallOutcome.Blocked : CallOutcome.Completed),
                Rule = blocked ? digits.Substring(0, 3) : (n % 4 == 0 ? "0" : null),
                BlockedAtDigit = blocked ? 3 : 0,
                Flashes = n % 11 == 0 ? 1 : 0,
                Emergency = digits == "110" || digits == "120",
                ClockSynced = n % 13 != 0,
            };
        }

        public static CallRecord Copy(CallRecord r)
        {
            return new CallRecord
            {
                Seq = r.Seq, Box = r.Box, Line = r.Line, Direction = r.Direction, Digits = r.Digits, Dial = r.Dial,
                StartUnixMs = r.StartUnixMs, EndUnixMs = r.EndUnixMs, DurationMs = r.DurationMs, Outcome = r.Outcome,
                Rule = r.Rule, BlockedAtDigit = r.BlockedAtDigit, Flashes = r.Flashes, Emergency = r.Emergency,
                ClockSynced = r.ClockSynced,
            };
        }

        public static string Describe(CallRecord r)
        {
            // Concatenation rather than string.Join, which the device's mscorlib lacks; enums print
            // as numbers there, which is fine because both sides of a comparison are described alike.
            return r.Seq + "|" + (r.Box ?? "<null>") + "|" + (r.Line ?? "<null>") + "|" + r.Direction + "|" + (r.Digits ?? "<null>")
                + "|" + r.Dial + "|" + r.StartUnixMs + "|" + r.EndUnixMs + "|" + r.DurationMs + "|" + r.Outcome
                + "|" + (r.Rule ?? "<null>") + "|" + r.BlockedAtDigit + "|" + r.Flashes + "|" + r.Emergency + "|" + r.ClockSynced
                + "|" + (r.RulesVersion ?? "<null>") + "|" + (r.Class ?? "<null>") + "|" + r.Decision + "|" + (r.DecidedPattern ?? "<null>") + "|" + r.LimitMs;
        }

        public static void AssertSame(CallRecord expected, CallRecord actual, string context)
        {
            Assert.AreEqual(Describe(expected), Describe(actual), context);
        }
    }
}
