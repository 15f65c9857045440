using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>A box whose messages the broker acknowledges but never delivers (an ACL that denies
    /// its writes: MQTT 3.1.1 still sends PUBACK) must not stay green: its own status, read back,
    /// is the proof that its messages arrive (docs/mqtt.md, "Delivery check").</summary>
    [TestClass]
    public class DeliveryCheckTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        private static BoxLink Start(FakeTransport mqtt)
        {
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            return new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
        }

        [TestMethod]
        public void A_box_whose_status_comes_back_stays_without_fault_for_hours()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            for (long t = 0; t <= 3 * 3600 * 1000; t += 1000) link.Tick(t);
            Assert.IsNull(link.DeliveryFault);
            Assert.IsNull(link.CurrentFault);
            Assert.IsTrue(mqtt.On(Topics.Status).Length > 100, "heartbeats went out and came back");
        }

        [TestMethod]
        public void A_status_that_never_comes_back_is_a_fault_after_the_timeout_and_not_before()
        {
            FakeTransport mqtt = new FakeTransport();
            mqtt.Echo = false;
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            link.Tick(link.EchoTimeoutMs - 1);
            Assert.IsNull(link.DeliveryFault, "still within the timeout");
            link.Tick(link.EchoTimeoutMs);
            Assert.AreEqual(BoxLink.NotDeliveredFault, link.DeliveryFault);
            Assert.AreEqual(BoxLink.NotDeliveredFault, link.CurrentFault, "on the LEDs and in status");
            Assert.IsTrue(mqtt.Last(Topics.Status).Text.IndexOf("does not deliver them") >= 0, mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void The_fault_clears_when_a_status_comes_back_and_the_clearing_is_published()
        {
            FakeTransport mqtt = new FakeTransport();
            mqtt.Echo = false;
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            link.Tick(link.EchoTimeoutMs);
            Assert.IsNotNull(link.DeliveryFault);

            mqtt.Echo = true;  // the ACL was fixed
            long t = link.EchoTimeoutMs;
            while (link.DeliveryFault != null && t < link.EchoTimeoutMs + 2 * link.StatusHeartbeatMs) link.Tick(t += 1000);
            Assert.IsNull(link.DeliveryFault, "the next heartbeat came back");
            link.Tick(t + link.StatusMinIntervalMs);
            Assert.IsTrue(mqtt.Last(Topics.Status).Text.IndexOf("\"fault\":null") >= 0, mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void An_older_retained_status_does_not_count_as_delivery()
        {
            FakeTransport mqtt = new FakeTransport();
            mqtt.Echo = false;
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            byte[] old = Utf8.GetBytes("{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"\",\"queue\":0,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":5}");
            mqtt.Listener.OnMessage(Topics.Status, old, true);
            byte[] will = MessagingTopics.WillPayload("a4cf12b3c4d5", 0, false);
            mqtt.Listener.OnMessage(Topics.Status, will, true);
            link.Tick(link.EchoTimeoutMs);
            Assert.AreEqual(BoxLink.NotDeliveredFault, link.DeliveryFault);
            Assert.AreEqual(0, link.IgnoredMessages, "its own status topic is not a foreign one");
        }

        [TestMethod]
        public void Offline_time_is_not_judged()
        {
            FakeTransport mqtt = new FakeTransport();
            mqtt.Echo = false;
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            link.Tick(1000);
            mqtt.Drop();
            link.Tick(10 * link.EchoTimeoutMs);
            Assert.IsNull(link.DeliveryFault, "no status was waiting while offline");
            mqtt.Echo = true;
            mqtt.Connect();
            link.Tick(12 * link.EchoTimeoutMs);
            Assert.IsNull(link.DeliveryFault);
        }

        [TestMethod]
        public void A_refused_status_subscription_is_a_fault_until_granted()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            link.OnSubscribed(Topics.Status, false);
            Assert.IsNotNull(link.CurrentFault);
            Assert.IsTrue(link.CurrentFault.IndexOf(Topics.Status) >= 0, link.CurrentFault);
            link.OnSubscribed(Topics.RulesSet, false);
            Assert.AreEqual(link.SubscriptionFault, link.CurrentFault, "rules that cannot arrive come first");
            link.OnSubscribed(Topics.RulesSet, true);
            link.OnSubscribed(Topics.Status, true);
            Assert.IsNull(link.CurrentFault);
        }
    }
}
