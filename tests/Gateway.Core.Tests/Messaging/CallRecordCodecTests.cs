using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    [TestClass]
    public class CallRecordCodecTests
    {
        private static CallRecord RoundTrip(CallRecord r, string ownBox, out int size)
        {
            byte[] buf = new byte[CallRecordCodec.MaxEncodedLength(r)];
            size = CallRecordCodec.Encode(r, ownBox, buf, 0);
            CallRecord back = new CallRecord { Seq = r.Seq };
            Assert.IsTrue(CallRecordCodec.TryDecode(buf, 0, size, ownBox, back), "decode");
            return back;
        }

        [TestMethod]
        public void Every_sample_record_round_trips_exactly()
        {
            for (int n = 0; n < 200; n++)
            {
                CallRecord r = SampleCalls.Make(n);
                SampleCalls.AssertSame(r, RoundTrip(r, SampleCalls.Box, out _), "record " + n);
            }
        }

        [TestMethod]
        public void Null_and_empty_strings_and_extreme_numbers_round_trip()
        {
            CallRecord r = new CallRecord
            {
                Box = null, Line = "", Digits = null, Rule = "", StartUnixMs = long.MinValue, EndUnixMs = long.MaxValue,
                DurationMs = -1, BlockedAtDigit = int.MaxValue, Flashes = int.MinValue, Direction = (CallDirection)200,
                Dial = DialMethod.Mixed, Outcome = CallOutcome.Abandoned, Emergency = true, ClockSynced = false,
            };
            SampleCalls.AssertSame(r, RoundTrip(r, "own", out _), "extremes");
        }

        [TestMethod]
        public void Why_fields_round_trip_and_cost_nothing_when_they_say_nothing()
        {
            CallRecord r = SampleCalls.Make(3);
            r.RulesVersion = "";
            r.Class = null;
            r.Decision = Gateway.Core.Rules.DecisionKind.None;
            r.DecidedPattern = null;
            RoundTrip(r, SampleCalls.Box, out int plain);
            r.RulesVersion = "2026-11-30.1";
            r.Class = "night";
            r.Decision = Gateway.Core.Rules.DecisionKind.Block;
            r.DecidedPattern = "0x[2-5]";
            SampleCalls.AssertSame(r, RoundTrip(r, SampleCalls.Box, out int why), "why");
            Assert.IsTrue(why > plain, "the why fields take bytes");
            r.LimitMs = 600000;
            r.Outcome = CallOutcome.Limited;
            SampleCalls.AssertSame(r, RoundTrip(r, SampleCalls.Box, out _), "limited");
            r.LimitMs = 0;
            r.Decision = Gateway.Core.Rules.DecisionKind.Emergency;
            r.DecidedPattern = null;
            r.Class = null;
            SampleCalls.AssertSame(r, RoundTrip(r, SampleCalls.Box, out _), "emergency");
        }

        [TestMethod]
        public void Unusual_characters_in_strings_round_trip()
        {
            CallRecord r = SampleCalls.Make(1);
            r.Digits = "12x\u00e9\u4e2d\ud83d\ude00";
            r.Box = "other-box";
            r.Line = "L\u00fc";
            SampleCalls.AssertSame(r, RoundTrip(r, SampleCalls.Box, out _), "unicode");
        }

        [TestMethod]
        public void Typical_record_takes_under_40_bytes()
        {
            int total = 0;
            for (int n = 0; n < 1000; n++)
            {
                RoundTrip(SampleCalls.Make(n), SampleCalls.Box, out int size);
                total += size;
            }
            double average = total / 1000.0;
            Console.WriteLine("average encoded record: " + average + " bytes");
            Assert.IsTrue(average < 40, "average " + average);
        }

        [TestMethod]
        public void Truncated_or_padded_bytes_do_not_decode()
        {
            CallRecord r = SampleCalls.Make(3);
            byte[] buf = new byte[CallRecordCodec.MaxEncodedLength(r) + 1];
            int size = CallRecordCodec.Encode(r, SampleCalls.Box, buf, 0);
            for (int cut = 0; cut < size; cut++)
                Assert.IsFalse(CallRecordCodec.TryDecode(buf, 0, cut, SampleCalls.Box, new CallRecord()), "cut at " + cut);
            Assert.IsFalse(CallRecordCodec.TryDecode(buf, 0, size + 1, SampleCalls.Box, new CallRecord()), "padded");
        }

        [TestMethod]
        public void Random_bytes_never_throw()
        {
            const int seed = 4242;
            SeededRandom rnd = new SeededRandom(seed);
            byte[] buf = new byte[64];
            string failure = null; // the device's Assert has no Fail
            for (int i = 0; i < PropertyTrials.Of(20000) && failure == null; i++)
            {
                int n = rnd.Next(buf.Length);
                rnd.NextBytes(buf);
                try
                {
                    CallRecordCodec.TryDecode(buf, 0, n, SampleCalls.Box, new CallRecord());
                }
                catch (Exception e)
                {
                    failure = "seed " + seed + " iteration " + i + ": " + e;
                }
            }
            Assert.IsNull(failure, failure);
        }

        [TestMethod]
        public void Decoding_into_a_record_keeps_its_strings_when_the_text_is_the_same()
        {
            CallRecord r = SampleCalls.Make(3);
            r.Line = "l\u00e9ne 1";  // UTF-8, not packable
            byte[] buf = new byte[CallRecordCodec.MaxEncodedLength(r)];
            int size = CallRecordCodec.Encode(r, SampleCalls.Box, buf, 0);
            CallRecord into = new CallRecord();
            char[] scratch = new char[4];  // shorter than the digits: they get an array of their own
            Assert.IsTrue(CallRecordCodec.TryDecode(buf, 0, size, SampleCalls.Box, into, scratch), "first");
            SampleCalls.AssertSame(r, into, "first decode");
            string line = into.Line, digits = into.Digits, rule = into.Rule;
            Assert.IsTrue(CallRecordCodec.TryDecode(buf, 0, size, SampleCalls.Box, into, scratch), "again");
            SampleCalls.AssertSame(r, into, "second decode");
            Assert.IsTrue((object)line == (object)into.Line, "the same line id is not made again");
            Assert.IsTrue((object)digits == (object)into.Digits, "the same digits are not made again");
            Assert.IsTrue((object)rule == (object)into.Rule, "the same rule is not made again");
        }

        [TestMethod]
        public void Decoding_into_a_record_replaces_strings_whose_text_differs()
        {
            CallRecord into = new CallRecord();
            char[] scratch = new char[32];
            for (int n = 0; n < 40; n++)
            {
                CallRecord r = SampleCalls.Make(n);
                if (n % 3 == 0) r.Line = n % 2 == 0 ? "2" : "line-\u4e2d";
                r.Seq = into.Seq;
                byte[] buf = new byte[CallRecordCodec.MaxEncodedLength(r)];
                int size = CallRecordCodec.Encode(r, SampleCalls.Box, buf, 0);
                Assert.IsTrue(CallRecordCodec.TryDecode(buf, 0, size, SampleCalls.Box, into, scratch), "record " + n);
                SampleCalls.AssertSame(r, into, "record " + n + " decoded over record " + (n - 1));
            }
        }
    }
}
