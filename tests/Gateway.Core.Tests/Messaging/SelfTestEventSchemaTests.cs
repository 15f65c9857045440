using System.Collections;
using System.IO;
using Gateway.Core.Status;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The wiring self-test's reports are events the contract describes (host only: reads docs/).</summary>
    [TestClass]
    public class SelfTestEventSchemaTests
    {
        private sealed class Reports : ISelfTestReportSink
        {
            public readonly ArrayList Json = new ArrayList();
            public void OnSelfTestReport(byte[] json) { Json.Add(Gateway.Core.Messaging.Utf8.GetString(json, 0, json.Length)); }
        }

        private sealed class Relay : ISelfTestRelay
        {
            public bool IsLineCut { get; set; }
            public bool StartTestCut(long timeMs) { IsLineCut = true; return true; }
        }

        private static string EventSchema { get { return Path.Combine(MiniSchema.DocsDir(), "schemas", "event.schema.json"); } }

        [TestMethod]
        public void Every_self_test_report_matches_the_events_schema()
        {
            Reports reports = new Reports();
            WiringSelfTest test = new WiringSelfTest(new StatusInputs(), reports, "1");
            test.OnHookLevel(true, 1200);
            test.OnDtmfStrobe(true, 0x0A, 5000);
            test.OnDtmfStrobe(false, 0, 5040);
            test.OnRingLevel(true, 9000);
            Assert.AreEqual(4, reports.Json.Count);
            Relay relay = new Relay();
            WiringSelfTest withRelay = new WiringSelfTest(new StatusInputs(), reports, "1", relay);
            withRelay.OnDtmfStrobe(true, 0x0C, 10000); // # : the key report, then the relay step's
            relay.IsLineCut = false;
            withRelay.Tick(11500);
            Assert.AreEqual(7, reports.Json.Count);
            foreach (string json in reports.Json)
                Assert.IsNull(MiniSchema.Validate(EventSchema, json), json);
        }

        [TestMethod]
        public void Events_schema_refuses_a_self_test_report_for_an_unknown_input()
        {
            Assert.IsNotNull(MiniSchema.Validate(EventSchema,
                "{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"power\",\"on\":true,\"uptimeMs\":1}"));
        }
    }
}
