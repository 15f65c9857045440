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
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
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
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
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
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            int n = 0;
            while (journal.Dropped == 0) link.OnCallRecord(SampleCalls.Make(n++));
            link.Fault = GatewayBox.CutNotSeenFault;
            Assert.AreEqual(GatewayBox.CutNotSeenFault, link.CurrentFault, "a line that may not be guarded matters most");
            link.Fault = null;
            Assert.AreEqual(OutboxJournal.FullFault, link.CurrentFault);
        }

        private static byte[] RulesSet(string version)
        {
            return Gateway.Core.Messaging.Utf8.GetBytes("{\"version\":\"" + version + "\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
        }

        [TestMethod]
        public void A_refused_rules_subscription_is_a_fault_until_a_later_session_is_granted_it()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Start(mqtt);
            mqtt.Connect();
            Assert.AreEqual(Topics.RulesSet, (string)mqtt.Subscriptions[0]);
            link.OnSubscribed(Topics.RulesSet, true);
            Assert.IsNull(link.CurrentFault, "granted: no fault");

            link.Tick(link.StatusMinIntervalMs);
            int before = mqtt.On(Topics.Status).Length;
            link.OnSubscribed(Topics.RulesSet, false);
            Assert.IsNotNull(link.SubscriptionFault);
            Assert.AreEqual(link.SubscriptionFault, link.CurrentFault);
            Assert.IsTrue(Has(link.CurrentFault, Topics.RulesSet), link.CurrentFault);
            Assert.AreEqual(before + 1, mqtt.On(Topics.Status).Length, "published at once when the status slot allows");
            Assert.IsTrue(Has(mqtt.Last(Topics.Status).Text, "refused the subscription"), mqtt.Last(Topics.Status).Text);

            mqtt.Drop();
            Assert.AreEqual(link.SubscriptionFault, link.CurrentFault, "still refused until a session is granted it");
            mqtt.Connect();
            link.OnSubscribed("gateway/" + SampleCalls.Box + "/other", true);
            Assert.IsNotNull(link.CurrentFault, "another filter's answer says nothing about rules/set");
            link.OnSubscribed(Topics.RulesSet, true);
            Assert.IsNull(link.CurrentFault);
        }

        [TestMethod]
        public void A_refused_subscription_comes_after_the_line_and_the_outbox_faults()
        {
            FakeTransport mqtt = new FakeTransport();
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            link.OnSubscribed(Topics.RulesSet, false);
            int n = 0;
            while (journal.Dropped == 0) link.OnCallRecord(SampleCalls.Make(n++));
            Assert.AreEqual(OutboxJournal.FullFault, link.CurrentFault, "records being refused matter more");
            link.Fault = GatewayBox.CutNotSeenFault;
            Assert.AreEqual(GatewayBox.CutNotSeenFault, link.CurrentFault);
        }

        [TestMethod]
        public void Saved_rules_that_could_not_be_restored_are_a_fault_until_an_update_is_applied()
        {
            FakeTransport mqtt = new FakeTransport();
            FakeRuleTarget rules = new FakeRuleTarget();
            rules.Version = "";
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, rules, "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            link.RulesRestoreFault = "rules: I:\\rules.bin cannot be restored";
            link.OnSubscribed(Topics.RulesSet, false);
            Assert.AreEqual(link.RulesRestoreFault, link.CurrentFault, "a box without its rules comes before a refused subscription");
            mqtt.Connect();
            Assert.IsTrue(Has(mqtt.Last(Topics.Status).Text, "cannot be restored"), mqtt.Last(Topics.Status).Text);

            rules.RefuseWith = "bad rules";
            mqtt.Listener.OnMessage(Topics.RulesSet, RulesSet("v2"), true);
            Assert.IsNotNull(link.RulesRestoreFault, "a refused update leaves the box on the default");
            rules.RefuseWith = null;
            mqtt.Listener.OnMessage(Topics.RulesSet, RulesSet("v2"), true);
            Assert.IsNull(link.RulesRestoreFault, "rules in force again");
            Assert.AreEqual(link.SubscriptionFault, link.CurrentFault);
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
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
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
