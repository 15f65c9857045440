using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Messaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The last will names when its session began, or says the clock was not set (docs/mqtt.md, "Connection").</summary>
    [TestClass]
    public class LastWillTests
    {
        [TestMethod]
        public void A_will_with_the_clock_set_carries_the_connection_time()
        {
            // 2026-11-25T09:14:58.000Z
            Assert.AreEqual("{\"online\":false,\"hw\":\"a4cf12b3c4d5\",\"connectedAt\":\"2026-11-25T09:14:58.000Z\"}", MessagingTopics.WillPayloadText("a4cf12b3c4d5", 1795598098000, true));
        }

        [TestMethod]
        public void A_will_without_a_set_clock_says_null_rather_than_a_1970_time()
        {
            Assert.AreEqual("{\"online\":false,\"hw\":\"a4cf12b3c4d5\",\"connectedAt\":null}", MessagingTopics.WillPayloadText("a4cf12b3c4d5", 8250, false));
        }

        [TestMethod]
        public void A_clock_beyond_year_9999_is_not_a_set_clock()
        {
            Assert.AreEqual("{\"online\":false,\"hw\":\"a4cf12b3c4d5\",\"connectedAt\":null}", MessagingTopics.WillPayloadText("a4cf12b3c4d5", 253402300800000, true));
        }

        [TestMethod]
        public void The_will_fits_its_declared_maximum()
        {
            byte[] will = MessagingTopics.WillPayload("a4cf12b3c4d5", 253402300799999, true);
            Assert.IsTrue(will.Length <= MessagingTopics.MaxWillPayloadBytes, will.Length + " bytes");
        }

        [TestMethod]
        public void The_box_forms_its_will_from_its_own_clock()
        {
            var box = new GatewayBox("box1", "line1", new LineTimings(), new CallSettings(), null, new IdleRelay(), new NoRecords(), null);
            Assert.AreEqual("{\"online\":false,\"hw\":\"a4cf12b3c4d5\",\"connectedAt\":null}", box.WillPayloadText("a4cf12b3c4d5", 5000));
            box.SetTimeBase(1795598093000, true);
            Assert.AreEqual("{\"online\":false,\"hw\":\"a4cf12b3c4d5\",\"connectedAt\":\"2026-11-25T09:14:58.000Z\"}", box.WillPayloadText("a4cf12b3c4d5", 5000));
        }

        private sealed class IdleRelay : ILineRelay
        {
            public void SetLoopOpen(bool open) { }

            public void ConfirmOpen() { }
        }

        private sealed class NoRecords : ICallRecordSink
        {
            public void OnCallRecord(CallRecord record) { }
        }
    }
}
