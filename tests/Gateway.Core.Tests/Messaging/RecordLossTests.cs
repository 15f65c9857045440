using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Loss is announced, never inferred (issue #15, docs/journal-and-flash.md): every
    /// record the outbox cannot keep is counted in dropped and announced on the events topic with
    /// its seq range and reason.</summary>
    [TestClass]
    public class RecordLossTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        private static string Events(FakeTransport mqtt)
        {
            string all = "";
            FakeTransport.Message[] events = mqtt.On(Topics.Events);
            for (int i = 0; i < events.Length; i++)
                if (events[i].Text.IndexOf("recordsLost") >= 0) all += events[i].Text + "\n";
            return all;
        }

        [TestMethod]
        public void Refused_records_are_announced_as_one_range_once_connected()
        {
            FakeTransport mqtt = new FakeTransport();
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            int n = 0;
            while (journal.Dropped == 0) link.OnCallRecord(SampleCalls.Make(n++));
            long first = journal.NextSeq - 1;
            link.OnCallRecord(SampleCalls.Make(n++));
            link.OnCallRecord(SampleCalls.Make(n++));
            Assert.AreEqual(3L, journal.Dropped);
            Assert.AreEqual(1, journal.PendingLosses, "a run of refusals is one report");
            Assert.AreEqual("", Events(mqtt), "nothing while offline");

            mqtt.Connect();
            link.Tick(1000);
            Assert.AreEqual("{\"event\":\"recordsLost\",\"epoch\":\"5eed0042c0ffee01\",\"firstSeq\":" + first + ",\"lastSeq\":" + (first + 2)
                + ",\"count\":3,\"reason\":\"full\",\"uptimeMs\":0}\n", Events(mqtt));
            FakeTransport.Message[] events = mqtt.On(Topics.Events);
            Assert.AreEqual(MqttQos.AtLeastOnce, events[events.Length - 1].Qos);
            Assert.AreEqual(0, journal.PendingLosses);
            link.Tick(2000);
            Assert.AreEqual(1, Events(mqtt).Split('\n').Length - 1, "announced once");
        }

        [TestMethod]
        public void Different_reasons_are_separate_reports_and_a_full_queue_widens_the_newest()
        {
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            CallRecord huge = SampleCalls.Make(0);
            huge.Digits = new string('1', OutboxJournal.MaxPayloadBytes * 2);
            for (int i = 0; i < OutboxJournal.MaxPendingLosses + 2; i++)
            {
                journal.Append(SampleCalls.Make(i));
                Assert.AreEqual(0L, journal.Append(huge));
            }
            Assert.AreEqual(OutboxJournal.MaxPendingLosses, journal.PendingLosses);
            long first, last, count;
            string reason;
            Assert.IsTrue(journal.PeekLoss(out first, out last, out count, out reason));
            Assert.AreEqual(2L, first);
            Assert.AreEqual(2L, last);
            Assert.AreEqual(1L, count);
            Assert.AreEqual(OutboxJournal.LossTooLarge, reason);
            for (int i = 1; i < OutboxJournal.MaxPendingLosses; i++) journal.LossAnnounced();
            Assert.IsTrue(journal.PeekLoss(out first, out last, out count, out reason));
            Assert.AreEqual(16L, first);
            Assert.AreEqual(20L, last, "widened to the last refusal");
            Assert.AreEqual(3L, count, "the three refusals in it, not the accepted records between");
        }

        [TestMethod]
        public void A_damaged_entry_found_at_start_is_counted_and_announced_with_its_seq()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            for (int n = 0; n < 5; n++) j.Append(SampleCalls.Make(n));
            int before = j.SegmentLength;
            j.Append(SampleCalls.Make(5));
            for (int n = 6; n < 9; n++) j.Append(SampleCalls.Make(n));
            s.Corrupt(j.Segment, before + 5, 0x08); // inside the entry of seq 6

            FakeTransport mqtt = new FakeTransport();
            OutboxJournal after = new OutboxJournal(s.Reboot(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            Assert.AreEqual(1L, after.Dropped, "counted");
            Assert.AreEqual(8, after.Depth);
            BoxLink link = new BoxLink(mqtt, Topics, after, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            mqtt.Connect();
            Assert.AreEqual("{\"event\":\"recordsLost\",\"epoch\":\"5eed0042c0ffee01\",\"firstSeq\":6,\"lastSeq\":6,\"count\":1,\"reason\":\"damaged\",\"uptimeMs\":0}\n", Events(mqtt));
            Assert.IsTrue(mqtt.Last(Topics.Status).Text.IndexOf("\"dropped\":1") >= 0, mqtt.Last(Topics.Status).Text);
            OutboxJournal again = new OutboxJournal(s.Reboot().Reboot(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            Assert.IsTrue(again.Dropped >= 1, "the count survives a restart");
        }

        [TestMethod]
        public void A_torn_tail_is_announced_as_a_range_of_unknown_count()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            for (int n = 0; n < 3; n++) j.Append(SampleCalls.Make(n));
            s.CutPowerAfter(10);
            Assert.AreEqual(0L, j.Append(SampleCalls.Make(3)), "cut while its entry is written");
            OutboxJournal after = new OutboxJournal(s.Reboot(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            long first, last, count;
            string reason;
            Assert.IsTrue(after.PeekLoss(out first, out last, out count, out reason));
            Assert.AreEqual(4L, first);
            Assert.AreEqual(after.NextSeq - 1, last, "through the seqs reserved: some were never used");
            Assert.AreEqual(-1L, count);
            Assert.AreEqual(OutboxJournal.LossDamaged, reason);
            Assert.AreEqual(0L, after.Dropped, "not counted: the journal cannot tell how many it held");
        }

        [TestMethod]
        public void A_torn_acknowledgement_costs_no_record_and_announces_nothing()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            CallRecord r = new CallRecord();
            for (int n = 0; n < 3; n++) j.Append(SampleCalls.Make(n));
            j.ReadNext(r);
            s.CutPowerAfter(3);
            try { j.AckThrough(1); } catch (PowerLossException) { }
            OutboxJournal after = new OutboxJournal(s.Reboot(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            Assert.AreEqual(0, after.PendingLosses);
            Assert.AreEqual(3, after.Depth, "seq 1 is sent again: its acknowledgement did not reach the flash");
        }
    }
}
