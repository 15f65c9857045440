using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The status topic's fault field and line activity: what the backend learns without looking at the LEDs.</summary>
    [TestClass]
    public class StatusFaultTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        private static BoxLink Start(FakeTransport mqtt)
        {
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024);
            return new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
        }

        private static bool Has(string text, string part)
        {
            return text.IndexOf(part) >= 0;
        }

        [TestMethod]
        public void A_fault_is_published_at_the_next_status_slot_and_its_clearing_too()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            int before = mqtt.On(Topics.Status).Length;
            link.Fault = GatewayBox.CutNotSeenFault;
            link.Tick(link.StatusMinIntervalMs);
            string text = mqtt.Last(Topics.Status).Text;
            Assert.AreEqual(before + 1, mqtt.On(Topics.Status).Length, "a new fault must not wait for the heartbeat");
            Assert.IsTrue(Has(text, "\"fault\":\"" + GatewayBox.CutNotSeenFault + "\""), text);

            link.Fault = GatewayBox.CutNotSeenFault;
            link.Tick(2 * link.StatusMinIntervalMs);
            Assert.AreEqual(before + 1, mqtt.On(Topics.Status).Length, "the same fault again is not a change");

            link.Fault = null;
            link.Tick(3 * link.StatusMinIntervalMs);
            Assert.AreEqual(before + 2, mqtt.On(Topics.Status).Length);
            Assert.IsTrue(Has(mqtt.Last(Topics.Status).Text, "\"fault\":null"), mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void A_full_outbox_is_a_fault_in_status_until_acknowledgements_free_room()
        {
            FakeTransport mqtt = new FakeTransport();
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            int n = 0;
            while (journal.Dropped == 0)
            {
                Assert.IsNull(link.CurrentFault, "no fault while records are accepted");
                link.OnCallRecord(SampleCalls.Make(n++));
            }
            Assert.IsNull(link.Fault, "the adapter's fault is untouched");
            Assert.AreEqual(OutboxJournal.FullFault, link.CurrentFault, "a refused record is a fault");

            // Offline, the LEDs show it (the adapter copies CurrentFault); at the connect, the backend sees it.
            mqtt.Connect();
            string text = mqtt.Last(Topics.Status).Text;
            Assert.IsTrue(Has(text, "\"fault\":\"" + OutboxJournal.FullFault + "\""), text);
            Assert.IsTrue(Has(text, "\"dropped\":1,"), text);

            // The broker acknowledges everything waiting: room again, the fault clears; the count stays.
            long t = 0;
            while (journal.Depth > 0 && t < 1000000)
            {
                FakeTransport.Message[] calls = mqtt.On(Topics.Calls);
                for (int i = 0; i < calls.Length; i++) mqtt.Listener.OnPublished(calls[i].Token, true);
                t += link.StatusMinIntervalMs;
                link.Tick(t);
            }
            Assert.IsNull(link.CurrentFault);
            t += link.StatusMinIntervalMs;
            link.Tick(t);
            text = mqtt.Last(Topics.Status).Text;
            Assert.IsTrue(Has(text, "\"fault\":null"), text);
            Assert.IsTrue(Has(text, "\"dropped\":1,"), text);
        }

        [TestMethod]
        public void The_adapter_fault_comes_before_the_outbox_fault()
        {
            FakeTransport mqtt = new FakeTransport();
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            int n = 0;
            while (journal.Dropped == 0) link.OnCallRecord(SampleCalls.Make(n++));
            link.Fault = GatewayBox.CutNotSeenFault;
            Assert.AreEqual(GatewayBox.CutNotSeenFault, link.CurrentFault, "a line that may not be guarded matters most");
            link.Fault = null;
            Assert.AreEqual(OutboxJournal.FullFault, link.CurrentFault);
        }

        [TestMethod]
        public void Line_is_idle_after_a_cut_the_caller_hung_up_in()
        {
            string line = LineActivity.Idle;
            line = LineActivity.After(LiveEventKind.OffHook, line);
            line = LineActivity.After(LiveEventKind.Key, line);
            Assert.AreEqual(LineActivity.Dialling, line);
            line = LineActivity.After(LiveEventKind.LineCut, line);
            Assert.AreEqual(LineActivity.Cut, line);
            line = LineActivity.After(LiveEventKind.Key, line);
            Assert.AreEqual(LineActivity.Cut, line, "keys during the cut do not reopen dialling");
            line = LineActivity.After(LiveEventKind.OnHook, line);
            line = LineActivity.After(LiveEventKind.LineRestored, line);
            Assert.AreEqual(LineActivity.Idle, line, "the handset was on hook when the relay closed");
            Assert.AreEqual(LineActivity.OffHook, LineActivity.After(LiveEventKind.OffHook, line), "a handset still up shows as a new off-hook");
        }

        [TestMethod]
        public void Line_is_off_hook_after_a_cut_no_on_hook_was_seen_in()
        {
            string line = LineActivity.After(LiveEventKind.LineCut, LineActivity.Dialling);
            Assert.AreEqual(LineActivity.OffHook, LineActivity.After(LiveEventKind.LineRestored, line));
        }

        [TestMethod]
        public void A_record_with_recall_marks_survives_the_outbox_unchanged()
        {
            // 'R' is not one of the sixteen packed keys, so the journal must fall back to text for it.
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024);
            CallRecord r = SampleCalls.Make(5);
            r.Digits = "0201234R0900123";
            r.Flashes = 1;
            long seq = journal.Append(r);
            CallRecord back = new CallRecord();
            Assert.AreEqual(seq, journal.ReadNext(back));
            r.Seq = seq;
            SampleCalls.AssertSame(r, back, "record with a recall mark");
        }
    }
}
