using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Two boxes configured with one id: each reads its own status topic back (the delivery
    /// check), so a status there with another hardware id is the other box, reported as a fault.</summary>
    [TestClass]
    public class DuplicateBoxIdTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);
        private const string OwnHw = "a4cf12000001";
        private const string OtherHw = "a4cf12000002";

        private static BoxLink Start(FakeTransport mqtt, string hw)
        {
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            link.Hw = hw;
            return link;
        }

        private static byte[] StatusOf(string hw)
        {
            StatusReport s = new StatusReport { Hw = hw, Epoch = "0102030405060708", Firmware = "0.1.0", Rules = "", Line = LineActivity.Idle, UptimeMs = 1000 };
            JsonWriter w = new JsonWriter(256);
            s.Write(w);
            return w.ToArray();
        }

        [TestMethod]
        public void A_status_from_another_hardware_id_is_a_fault_naming_it()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            link.Tick(1000);
            Assert.IsNull(link.CurrentFault, "its own status came back: no fault");
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), false);
            Assert.AreEqual(BoxLink.DuplicateFaultStart + OtherHw + BoxLink.DuplicateFaultEnd, link.DuplicateFault);
            Assert.AreEqual(link.DuplicateFault, link.CurrentFault);
            link.Tick(1000 + link.StatusMinIntervalMs);
            Assert.IsTrue(mqtt.Last(Topics.Status).Text.IndexOf("another box (hw " + OtherHw) >= 0, mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void The_other_box_s_will_found_at_two_connections_in_a_row_is_a_fault()
        {
            // With one session per client id the two knock each other off: each connection finds
            // the other's will, just published by the broker, retained.
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            link.Tick(1000);
            mqtt.Listener.OnMessage(Topics.Status, MessagingTopics.WillPayload(OtherHw, 1795598098000, true), true);
            Assert.IsNull(link.DuplicateFault, "once could be the will of a board this one replaced");
            mqtt.Drop();
            mqtt.Connect();
            link.Tick(3000);
            mqtt.Listener.OnMessage(Topics.Status, MessagingTopics.WillPayload(OtherHw, 1795598100000, true), true);
            Assert.AreEqual(BoxLink.DuplicateFaultStart + OtherHw + BoxLink.DuplicateFaultEnd, link.DuplicateFault);
            Assert.IsTrue(mqtt.Last(Topics.Status).Text.IndexOf("another box (hw " + OtherHw) >= 0, "published at once: " + mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void A_replaced_board_s_will_seen_once_is_not_a_duplicate()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            mqtt.Listener.OnMessage(Topics.Status, MessagingTopics.WillPayload(OtherHw, 1795598098000, true), true);
            mqtt.Listener.OnMessage(Topics.Status, MessagingTopics.WillPayload(OtherHw, 1795598098000, true), true);
            for (int i = 0; i < 5; i++)
            {
                mqtt.Drop();
                mqtt.Connect();
                link.Tick(1000 * (i + 1));
                // Its own status replaced the old will: the next connections find its own.
                mqtt.Listener.OnMessage(Topics.Status, StatusOf(OwnHw), true);
            }
            Assert.IsNull(link.DuplicateFault);
        }

        [TestMethod]
        public void Two_sightings_far_apart_are_not_two_in_a_row()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            link.Tick(1000);
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), true);
            mqtt.Drop();
            mqtt.Connect();
            link.Tick(1000 + link.DuplicateHoldMs);
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), true);
            Assert.IsNull(link.DuplicateFault);
        }

        [TestMethod]
        public void The_fault_clears_when_the_other_box_has_been_silent_for_the_hold_time()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            link.Tick(5000);
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), false);
            link.Tick(5000 + link.DuplicateHoldMs - 1);
            Assert.IsNotNull(link.DuplicateFault, "still within the hold time");
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), false);
            link.Tick(5000 + link.DuplicateHoldMs + 1000);
            Assert.IsNotNull(link.DuplicateFault, "seen again: the hold restarts");
            link.Tick(5000 + 2 * link.DuplicateHoldMs);
            Assert.IsNull(link.DuplicateFault);
            Assert.IsNull(link.CurrentFault);
        }

        [TestMethod]
        public void Its_own_older_status_a_will_and_odd_payloads_are_not_another_box()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OwnHw), true);
            mqtt.Listener.OnMessage(Topics.Status, MessagingTopics.WillPayload(OwnHw, 1795598098000, true), true);
            mqtt.Listener.OnMessage(Topics.Status, Utf8.GetBytes("{\"online\":true,\"hw\":\"\",\"epoch\":\"x\"}"), false);
            mqtt.Listener.OnMessage(Topics.Status, Utf8.GetBytes("{\"online\":true,\"hw\":\"a4cf1200"), false);
            mqtt.Listener.OnMessage(Topics.Status, Utf8.GetBytes("{\"online\":true,\"firmware\":\"0.0.9\"}"), false);
            mqtt.Listener.OnMessage(Topics.Status, Utf8.GetBytes("garbage"), false);
            mqtt.Listener.OnMessage(Topics.Status, new byte[0], false);
            Assert.IsNull(link.DuplicateFault);
        }

        [TestMethod]
        public void A_box_that_does_not_know_its_hardware_id_cannot_tell_and_does_not_guess()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, "");
            mqtt.Connect();
            mqtt.Listener.OnMessage(Topics.Status, StatusOf(OtherHw), false);
            Assert.IsNull(link.DuplicateFault);
        }

        [TestMethod]
        public void The_other_hardware_id_is_shown_masked()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt, OwnHw);
            mqtt.Connect();
            mqtt.Listener.OnMessage(Topics.Status, Utf8.GetBytes("{\"online\":true,\"hw\":\"ab\u001b[2Jcd\",\"epoch\":\"x\"}"), false);
            Assert.IsNotNull(link.DuplicateFault);
            Assert.IsTrue(link.DuplicateFault.IndexOf('\u001b') < 0, link.DuplicateFault);
        }
    }
}
