using System.Collections;
using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    [TestClass]
    public class WiringSelfTestTests
    {
        private sealed class Reports : ISelfTestReportSink
        {
            public readonly ArrayList Json = new ArrayList();
            public void OnSelfTestReport(byte[] json) { Json.Add(Gateway.Core.Messaging.Utf8.GetString(json, 0, json.Length)); }
        }

        [TestMethod]
        public void Hook_changes_are_reported_raw_and_drive_the_yellow_echo()
        {
            StatusInputs status = new StatusInputs();
            Reports reports = new Reports();
            WiringSelfTest test = new WiringSelfTest(status, reports, "1");
            test.OnHookLevel(true, 1200);
            Assert.IsTrue(status.HookRaw);
            test.OnHookLevel(false, 1203);
            Assert.IsFalse(status.HookRaw);
            Assert.AreEqual(2, reports.Json.Count);
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"hook\",\"on\":true,\"uptimeMs\":1200}", reports.Json[0]);
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"hook\",\"on\":false,\"uptimeMs\":1203}", reports.Json[1]);
        }

        [TestMethod]
        public void A_key_reports_the_mt8870_code_and_flashes_red()
        {
            StatusInputs status = new StatusInputs();
            Reports reports = new Reports();
            WiringSelfTest test = new WiringSelfTest(status, reports, "1");
            test.OnDtmfStrobe(true, 0x1A, 5000); // Q4..Q1 = 1010 (key 0); higher bits are not inputs
            test.OnDtmfStrobe(false, 0, 5040);
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"key\",\"on\":true,\"code\":10,\"uptimeMs\":5000}", reports.Json[0]);
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"key\",\"on\":false,\"uptimeMs\":5040}", reports.Json[1]);
            Assert.AreEqual(5000L, status.LastInputMs, "the strobe's rising edge starts the red flash");
        }

        [TestMethod]
        public void Ring_edges_are_reported_and_flash_red()
        {
            StatusInputs status = new StatusInputs();
            Reports reports = new Reports();
            WiringSelfTest test = new WiringSelfTest(status, reports, "1");
            test.OnRingLevel(true, 700);
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"ring\",\"on\":true,\"uptimeMs\":700}", reports.Json[0]);
            Assert.AreEqual(700L, status.LastInputMs);
            Assert.AreEqual(1, test.Reports);
        }

        [TestMethod]
        public void Without_a_sink_inputs_are_still_echoed_and_counted()
        {
            StatusInputs status = new StatusInputs();
            WiringSelfTest test = new WiringSelfTest(status, null, "1");
            test.OnHookLevel(true, 1);
            test.OnRingLevel(true, 2);
            Assert.IsTrue(status.HookRaw);
            Assert.AreEqual(2, test.Reports);
        }
    }
}
