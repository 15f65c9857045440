using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    [TestClass]
    public class OutboxJournalTests
    {
        // Roomy enough that no test here fills it unless it asks for a smaller budget.
        private const int Roomy = 1024 * 1024;

        private static OutboxJournal Open(MemoryJournalStorage s, int capacity = Roomy)
        {
            return new OutboxJournal(s, SampleCalls.Box, capacity, SampleCalls.Epoch);
        }

        [TestMethod]
        public void New_journal_starts_at_seq_1_and_is_empty()
        {
            OutboxJournal j = Open(new MemoryJournalStorage());
            Assert.AreEqual(1L, j.NextSeq);
            Assert.AreEqual(0, j.Depth);
            Assert.AreEqual(0L, j.ReadNext(new CallRecord()));
        }

        [TestMethod]
        public void Appended_records_get_consecutive_seqs_and_read_back_oldest_first()
        {
            OutboxJournal j = Open(new MemoryJournalStorage());
            for (int n = 0; n < 5; n++) Assert.AreEqual((long)n + 1, j.Append(SampleCalls.Make(n)));
            Assert.AreEqual(5, j.Depth);
            for (int n = 0; n < 5; n++)
            {
                CallRecord r = new CallRecord();
                Assert.AreEqual((long)n + 1, j.ReadNext(r));
                CallRecord expected = SampleCalls.Make(n);
                expected.Seq = n + 1;
                SampleCalls.AssertSame(expected, r, "record " + n);
            }
            Assert.AreEqual(0L, j.ReadNext(new CallRecord()));
        }

        [TestMethod]
        public void Records_survive_a_reboot_until_acknowledged()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            for (int n = 0; n < 5; n++) j.Append(SampleCalls.Make(n));
            j.ReadNext(new CallRecord());
            j.ReadNext(new CallRecord());
            j.AckThrough(2);
            OutboxJournal after = Open(s.Reboot());
            Assert.AreEqual(3, after.Depth);
            Assert.AreEqual(2L, after.AckedThrough);
            Assert.AreEqual(3L, after.ReadNext(new CallRecord()));
            Assert.AreEqual(17L, after.NextSeq, "above the block of 16 reserved by the first record");
        }

        [TestMethod]
        public void Seq_resumes_after_every_record_was_acknowledged_and_compacted_away()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            for (int n = 0; n < 3; n++) j.Append(SampleCalls.Make(n));
            for (int n = 0; n < 3; n++) j.ReadNext(new CallRecord());
            j.AckThrough(3);
            j.Compact();
            OutboxJournal after = Open(s.Reboot());
            Assert.AreEqual(0, after.Depth);
            Assert.AreEqual(17L, after.NextSeq, "above the reserved block, although no frame shows 3");
            Assert.AreEqual(17L, after.Append(SampleCalls.Make(9)));
        }

        [TestMethod]
        public void Rewind_hands_out_unacknowledged_records_again()
        {
            OutboxJournal j = Open(new MemoryJournalStorage());
            for (int n = 0; n < 4; n++) j.Append(SampleCalls.Make(n));
            for (int n = 0; n < 3; n++) j.ReadNext(new CallRecord());
            j.AckThrough(1);
            j.Rewind();
            Assert.AreEqual(2L, j.ReadNext(new CallRecord()));
            Assert.AreEqual(3L, j.ReadNext(new CallRecord()));
            Assert.AreEqual(4L, j.ReadNext(new CallRecord()));
        }

        [TestMethod]
        public void Read_ahead_stops_at_the_window_limit()
        {
            OutboxJournal j = Open(new MemoryJournalStorage());
            for (int n = 0; n < OutboxJournal.MaxReadAhead + 2; n++) j.Append(SampleCalls.Make(n));
            for (int n = 0; n < OutboxJournal.MaxReadAhead; n++) Assert.AreNotEqual(0L, j.ReadNext(new CallRecord()));
            Assert.AreEqual(0L, j.ReadNext(new CallRecord()));
            j.AckThrough(1);
            Assert.AreEqual((long)OutboxJournal.MaxReadAhead + 1, j.ReadNext(new CallRecord()));
        }

        [TestMethod]
        public void Full_journal_refuses_the_newest_record_and_counts_it_persistently()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s, 8192);
            int accepted = 0;
            int n = 0;
            while (j.Append(SampleCalls.Make(n++)) != 0) accepted++;
            Assert.AreEqual(1L, j.Dropped);
            Assert.AreEqual("journal full", j.LastError);
            Assert.AreEqual(accepted, j.Depth);
            long gap = j.NextSeq - 1;
            Assert.AreEqual((long)accepted + 1, gap, "the refused record consumed its seq");
            Assert.IsTrue(s.TotalLength <= 8192, "storage used " + s.TotalLength);
            OutboxJournal after = Open(s.Reboot(), 8192);
            Assert.AreEqual(1L, after.Dropped);
            Assert.AreEqual(accepted, after.Depth);
            Assert.AreEqual(j.ReservedThrough + 1, after.NextSeq);
            Assert.IsTrue(after.NextSeq > gap, "the refused seq is not reused");
        }

        [TestMethod]
        public void Accepted_records_are_kept_while_full_and_later_ones_fit_after_acks()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s, 8192);
            int n = 0;
            while (j.Append(SampleCalls.Make(n++)) != 0) { }
            for (int i = 0; i < 100; i++) Assert.AreEqual(0L, j.Append(SampleCalls.Make(n++)));
            Assert.AreEqual(101L, j.Dropped);
            Assert.IsTrue(s.TotalLength <= 8192, "storage used " + s.TotalLength);
            CallRecord r = new CallRecord();
            long first = j.ReadNext(r);
            Assert.AreEqual(1L, first, "oldest record still there");
            j.AckThrough(first);
            Assert.AreNotEqual(0L, j.Append(SampleCalls.Make(n++)));
        }

        [TestMethod]
        public void Steady_traffic_compacts_and_stays_within_the_budget()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s, 8192);
            CallRecord r = new CallRecord();
            for (int n = 0; n < 2000; n++)
            {
                long seq = j.Append(SampleCalls.Make(n));
                Assert.AreEqual((long)n + 1, seq);
                Assert.AreEqual(seq, j.ReadNext(r));
                j.AckThrough(seq);
                Assert.IsTrue(s.TotalLength <= 8192, "storage used " + s.TotalLength);
            }
            Assert.IsTrue(j.Segment > 5, "compacted " + (j.Segment - 1) + " times");
            Assert.AreEqual(1, s.ListSegments().Length);
            Assert.AreEqual(0L, j.Dropped);
        }

        [TestMethod]
        public void A_flipped_bit_in_one_entry_loses_only_that_entry_and_seq_does_not_go_back()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            for (int n = 0; n < 6; n++) j.Append(SampleCalls.Make(n));
            int segment = j.Segment;
            int before = j.SegmentLength;
            j.Append(SampleCalls.Make(6));
            // Flip a bit in the middle of the 7th (last) entry, then append an 8th after it.
            s.Corrupt(segment, (before + j.SegmentLength) / 2, 0x10);
            j.Append(SampleCalls.Make(7));
            OutboxJournal after = Open(s.Reboot());
            CallRecord r = new CallRecord();
            long seq;
            string seen = "";
            while ((seq = after.ReadNext(r)) != 0)
            {
                CallRecord expected = SampleCalls.Make((int)seq - 1);
                expected.Seq = seq;
                SampleCalls.AssertSame(expected, r, "seq " + seq);
                seen += seq + " ";
            }
            Assert.AreEqual("1 2 3 4 5 6 8 ", seen);
            Assert.AreEqual(17L, after.NextSeq);
            Assert.IsTrue(after.LastError.Contains("damaged"), after.LastError);
        }
    }
}
