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
