using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Gateway.Core.Messaging.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>Golden bytes: the device and the host must publish exactly these.</summary>
    [TestClass]
    public class CallRecordJsonTests
    {
        private static CallRecord Completed()
        {
            CallRecord r = new CallRecord();
            r.Seq = 1;
            r.Box = "box1";
            r.Line = "line1";
            r.Direction = CallDirection.Outgoing;
            r.Digits = "02161234567";
            r.Dial = DialMethod.Dtmf;
            r.StartUnixMs = 1767258000000L;       // 2026-01-01T09:00:00.000Z
            r.EndUnixMs = 1767258184250L;
            r.DurationMs = 184250;
            r.Outcome = CallOutcome.Completed;
            r.Flashes = 0;
            r.ClockSynced = true;
            r.Epoch = "00c0ffee00c0ffee";
            r.Hw = "a4cf12b3c4d5";
            return r;
        }

        // Encoding.GetString with only the bytes does not exist on the device.
        private static string Text(byte[] bytes) { return Encoding.UTF8.GetString(bytes, 0, bytes.Length); }

        private static void AssertBytes(string expected, byte[] actual)
        {
            byte[] want = Encoding.UTF8.GetBytes(expected);
            Assert.AreEqual(expected, Text(actual));
            Assert.AreEqual(want.Length, actual.Length);
            for (int i = 0; i < want.Length; i++) Assert.AreEqual(want[i], actual[i], "byte " + i);
        }

        [TestMethod]
        public void Completed_call_encodes_to_the_documented_bytes()
        {
            AssertBytes("{\"seq\":1,\"epoch\":\"00c0ffee00c0ffee\",\"box\":\"box1\",\"hw\":\"a4cf12b3c4d5\",\"line\":\"line1\",\"direction\":\"outgoing\",\"digits\":\"02161234567\",\"dial\":\"dtmf\","
                + "\"start\":\"2026-01-01T09:00:00.000Z\",\"end\":\"2026-01-01T09:03:04.250Z\",\"durationMs\":184250,\"outcome\":\"completed\","
                + "\"rule\":null,\"blockedAtDigit\":null,\"flashes\":0,\"emergency\":false,\"clockSynced\":true,"
                + "\"rulesVersion\":\"\",\"class\":null,\"decidedBy\":null,\"limitMs\":null}",
                CallRecordJson.Encode(Completed()));
        }

        [TestMethod]
        public void Blocked_call_carries_its_rule_and_digit_index()
        {
            CallRecord r = Completed();
            r.Seq = 42;
            r.Digits = "0044";
            r.Dial = DialMethod.Pulse;
            r.Outcome = CallOutcome.Blocked;
            r.Rule = "00";
            r.BlockedAtDigit = 2;
            r.EndUnixMs = r.StartUnixMs + 3100;
            r.DurationMs = 3100;
            r.RulesVersion = "2026-11-25.1";
            r.Class = "night";
            r.Decision = DecisionKind.Block;
            AssertBytes("{\"seq\":42,\"epoch\":\"00c0ffee00c0ffee\",\"box\":\"box1\",\"hw\":\"a4cf12b3c4d5\",\"line\":\"line1\",\"direction\":\"outgoing\",\"digits\":\"0044\",\"dial\":\"pulse\","
                + "\"start\":\"2026-01-01T09:00:00.000Z\",\"end\":\"2026-01-01T09:00:03.100Z\",\"durationMs\":3100,\"outcome\":\"blocked\","
                + "\"rule\":\"00\",\"blockedAtDigit\":2,\"flashes\":0,\"emergency\":false,\"clockSynced\":true,"
                + "\"rulesVersion\":\"2026-11-25.1\",\"class\":\"night\",\"decidedBy\":\"block 00\",\"limitMs\":null}",
                CallRecordJson.Encode(r));
        }

        [TestMethod]
        public void Incoming_unsynced_call_with_flashes_encodes_every_field()
        {
            CallRecord r = Completed();
            r.Direction = CallDirection.Incoming;
            r.Digits = "";
            r.Dial = DialMethod.None;
            r.Outcome = CallOutcome.Incoming;
            r.Flashes = 2;
            r.ClockSynced = false;
            AssertBytes("{\"seq\":1,\"epoch\":\"00c0ffee00c0ffee\",\"box\":\"box1\",\"hw\":\"a4cf12b3c4d5\",\"line\":\"line1\",\"direction\":\"incoming\",\"digits\":\"\",\"dial\":\"none\","
                + "\"start\":\"2026-01-01T09:00:00.000Z\",\"end\":\"2026-01-01T09:03:04.250Z\",\"durationMs\":184250,\"outcome\":\"incoming\","
                + "\"rule\":null,\"blockedAtDigit\":null,\"flashes\":2,\"emergency\":false,\"clockSynced\":false,"
                + "\"rulesVersion\":\"\",\"class\":null,\"decidedBy\":null,\"limitMs\":null}",
                CallRecordJson.Encode(r));
        }

        [TestMethod]
        public void Emergency_mixed_and_abandoned_names_are_lower_case()
        {
            CallRecord r = Completed();
            r.Dial = DialMethod.Mixed;
            r.Emergency = true;
            r.Rule = "110";
            string json = Text(CallRecordJson.Encode(r));
            Assert.IsTrue(json.Contains("\"dial\":\"mixed\""));
            Assert.IsTrue(json.Contains("\"emergency\":true"));
            r.Outcome = CallOutcome.Abandoned;
            Assert.IsTrue(Text(CallRecordJson.Encode(r)).Contains("\"outcome\":\"abandoned\""));
        }

        [TestMethod]
        public void The_deciding_rule_is_named_as_written()
        {
            CallRecord r = Completed();
            r.Rule = "0051";
            r.Decision = DecisionKind.Allow;
            r.DecidedPattern = "0x[2-5]1";
            Assert.IsTrue(Text(CallRecordJson.Encode(r)).Contains("\"decidedBy\":\"allow 0x[2-5]1\","));
            Assert.AreEqual("allow 0x[2-5]1", r.DecidedBy());
            r.DecidedPattern = null;
            r.Decision = DecisionKind.Emergency;
            r.Rule = "110";
            Assert.IsTrue(Text(CallRecordJson.Encode(r)).Contains("\"decidedBy\":\"emergency 110\","));
            r.Rule = null;
            r.Decision = DecisionKind.DefaultBlock;
            Assert.IsTrue(Text(CallRecordJson.Encode(r)).Contains("\"rule\":null,"));
            Assert.IsTrue(Text(CallRecordJson.Encode(r)).Contains("\"decidedBy\":\"default block\","));
            r.Decision = DecisionKind.DefaultAllow;
            Assert.AreEqual("default allow", r.DecidedBy());
        }

        [TestMethod]
        public void Ids_with_quotes_are_escaped()
        {
            CallRecord r = Completed();
            r.Box = "front \"desk\"";
            string json = Text(CallRecordJson.Encode(r));
            Assert.IsTrue(json.Contains("\"box\":\"front \\\"desk\\\"\""));
        }

        [TestMethod]
        public void Writing_into_a_warm_writer_gives_the_same_bytes_as_encode()
        {
            JsonWriter w = new JsonWriter(16);
            CallRecord r = Completed();
            for (int i = 0; i < 3; i++)
            {
                w.Reset();
                CallRecordJson.Write(w, r);
            }
            AssertBytes(Text(CallRecordJson.Encode(r)), w.ToArray());
            Assert.IsTrue(w.IsComplete);
        }
    }
}
