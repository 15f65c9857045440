using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The journal identity (docs/journal-and-flash.md): an epoch drawn when the journal
    /// starts empty, and seqs reserved in blocks in two copies outside the log, so that no damage to
    /// the log makes a seq come again within an epoch (issue #15, D3; issue #12).</summary>
    [TestClass]
    public class OutboxIdentityTests
    {
        private const int Capacity = 64 * 1024;
        private const long OtherEpoch = 0x0fedcba987654321;

        private static OutboxJournal Open(MemoryJournalStorage s)
        {
            return new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
        }

        // 20 records acknowledged, then 30 waiting: the reliability attack's journal (seqs 1..50).
        private static MemoryJournalStorage AttackJournal(out int segment)
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            CallRecord r = new CallRecord();
            for (int n = 0; n < 20; n++)
            {
                j.Append(SampleCalls.Make(n));
                j.AckThrough(j.ReadNext(r));
            }
            for (int n = 20; n < 50; n++) j.Append(SampleCalls.Make(n));
            segment = j.Segment;
            return s;
        }

        private static MemoryJournalStorage CutAt(MemoryJournalStorage s, int segment, int at)
        {
            // The same drive with the segment file cut at a byte (the identity files are elsewhere).
            MemoryJournalStorage copy = s.Reboot();
            byte[] image = new byte[copy.GetLength(segment)];
            copy.Read(segment, 0, image, 0, image.Length);
            copy.Delete(segment);
            copy.Append(segment, image, 0, at);
            return copy;
        }

        [TestMethod]
        public void A_fresh_journal_takes_the_epoch_it_is_given_as_16_lowercase_hex_digits()
        {
            OutboxJournal j = Open(new MemoryJournalStorage());
            Assert.AreEqual(SampleCalls.Epoch, j.Epoch);
            Assert.AreEqual("5eed0042c0ffee01", j.EpochText);
            Assert.AreEqual("0000000000000000", new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, Capacity, 0).EpochText);
            Assert.AreEqual("ffffffffffffffff", new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, Capacity, -1).EpochText);
        }

        [TestMethod]
        public void The_epoch_survives_a_reboot_and_a_new_random_value_does_not_replace_it()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            j.Append(SampleCalls.Make(0));
            OutboxJournal after = new OutboxJournal(s.Reboot(), SampleCalls.Box, Capacity, OtherEpoch);
            Assert.AreEqual(SampleCalls.Epoch, after.Epoch);
            Assert.IsNull(after.LastError);
        }

        [TestMethod]
        public void Seqs_are_reserved_sixteen_at_a_time_before_they_are_handed_out()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            Assert.AreEqual(0L, j.ReservedThrough, "nothing reserved before the first record");
            j.Append(SampleCalls.Make(0));
            Assert.AreEqual(16L, j.ReservedThrough);
            long written = s.BytesWritten;
            for (int n = 1; n < 16; n++) j.Append(SampleCalls.Make(n));
            Assert.AreEqual(16L, j.ReservedThrough, "seqs 2..16 need no identity write");
            Assert.AreEqual(1, s.IdentityLength(0) > 0 && s.IdentityLength(1) > 0 ? 1 : 0, "both copies written by now");
            j.Append(SampleCalls.Make(16));
            Assert.AreEqual(32L, j.ReservedThrough);
            Assert.IsTrue(s.BytesWritten > written, "written");
        }

        [TestMethod]
        public void Cutting_the_log_at_any_byte_never_gives_a_seq_handed_out_before()
        {
            // Issue #15, D3: 764 of 2,048 cut points gave a seq at or below 20, acknowledged by the broker.
            int segment;
            MemoryJournalStorage s = AttackJournal(out segment);
            int length = s.GetLength(segment);
            for (int at = 0; at <= length; at++)
            {
                OutboxJournal j = Open(CutAt(s, segment, at));
                Assert.IsTrue(j.NextSeq > 50, "cut at " + at + " of " + length + ": next seq " + j.NextSeq);
                Assert.AreEqual(SampleCalls.Epoch, j.Epoch, "cut at " + at);
            }
        }

        [TestMethod]
        public void The_newer_copy_wins_and_a_damaged_one_leaves_the_other()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            for (int n = 0; n < 17; n++) j.Append(SampleCalls.Make(n)); // reserves 16, then 32
            // Which copy holds 32: the one written last. Damage it: the other (16) is used, and
            // the log's entries (up to 17) still keep the seq above every one written.
            OutboxJournal probe = Open(s.Reboot());
            Assert.AreEqual(33L, probe.NextSeq);
            for (int copy = 0; copy < 2; copy++)
            {
                MemoryJournalStorage damaged = s.Reboot();
                damaged.CorruptIdentity(copy, 9, 0x01);
                OutboxJournal after = Open(damaged);
                Assert.IsTrue(after.NextSeq == 33 || after.NextSeq == 18, "copy " + copy + " damaged: next seq " + after.NextSeq);
                Assert.AreEqual(SampleCalls.Epoch, after.Epoch);
                Assert.IsNull(after.LastError, "one good copy is enough: nothing to report");
            }
        }

        [TestMethod]
        public void A_power_cut_while_the_identity_is_written_leaves_the_previous_copy()
        {
            MemoryJournalStorage before = new MemoryJournalStorage();
            OutboxJournal j = Open(before);
            for (int n = 0; n < 16; n++) j.Append(SampleCalls.Make(n));
            for (int cut = 0; cut < OutboxJournal.IdentityBytes; cut++)
            {
                MemoryJournalStorage s = before.Reboot();
                OutboxJournal k = Open(s);
                Assert.AreEqual(17L, k.NextSeq);
                s.CutPowerAfter(cut);
                Assert.AreEqual(0L, k.Append(SampleCalls.Make(16)), "cut after " + cut + " bytes: not kept");
                OutboxJournal after = Open(s.Reboot());
                Assert.AreEqual(17L, after.NextSeq, "cut after " + cut + ": the old reservation (16) holds, seq 17 was never published");
                Assert.AreEqual(SampleCalls.Epoch, after.Epoch);
            }
        }

        [TestMethod]
        public void Both_copies_lost_keeps_the_logs_epoch_and_starts_a_block_above_the_log()
        {
            int segment;
            MemoryJournalStorage s = AttackJournal(out segment);
            MemoryJournalStorage lost = s.Reboot();
            lost.CorruptIdentity(0, 0, 0xFF);
            lost.DeleteIdentity(1);
            OutboxJournal j = new OutboxJournal(lost, SampleCalls.Box, Capacity, OtherEpoch);
            Assert.AreEqual(SampleCalls.Epoch, j.Epoch, "the snapshot frame carries the epoch");
            Assert.AreEqual(51L + OutboxJournal.SeqReserveBlock, j.NextSeq);
            Assert.AreEqual(30, j.Depth, "every waiting record kept");
            Assert.IsNotNull(j.LastError);
            Assert.IsTrue(j.LastError.IndexOf("identity") >= 0, j.LastError);
            // Repaired: the next start is quiet and keeps both.
            OutboxJournal again = new OutboxJournal(lost.Reboot(), SampleCalls.Box, Capacity, OtherEpoch);
            Assert.AreEqual(SampleCalls.Epoch, again.Epoch);
            Assert.AreEqual(j.NextSeq, again.NextSeq);
            Assert.IsNull(again.LastError);
        }

        [TestMethod]
        public void Identity_and_log_both_gone_is_a_new_epoch_from_seq_1()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = Open(s);
            for (int n = 0; n < 5; n++) j.Append(SampleCalls.Make(n));
            MemoryJournalStorage erased = s.Reboot();
            int[] ids = erased.ListSegments();
            for (int i = 0; i < ids.Length; i++) erased.Delete(ids[i]);
            erased.CorruptIdentity(0, 3, 0x40);
            erased.CorruptIdentity(1, 3, 0x40);
            OutboxJournal after = new OutboxJournal(erased, SampleCalls.Box, Capacity, OtherEpoch);
            Assert.AreEqual(OtherEpoch, after.Epoch);
            Assert.AreEqual(1L, after.NextSeq);
            Assert.IsNotNull(after.LastError, "unreadable copies are reported");
        }

        [TestMethod]
        public void A_log_written_before_epochs_gets_a_new_epoch_and_continues_its_seqs()
        {
            // The previous firmware's journal: a snapshot of three fields, an entry, no identity file.
            MemoryJournalStorage s = new MemoryJournalStorage();
            byte[] f = new byte[64];
            int p = CallRecordCodec.WriteVarint(f, 3, 8);  // next seq
            p = CallRecordCodec.WriteVarint(f, p, 0);      // dropped
            p = CallRecordCodec.WriteVarint(f, p, 6);      // acked through
            s.Append(1, f, 0, Seal(f, 0x54, p - 3));
            CallRecord r = SampleCalls.Make(6);
            p = CallRecordCodec.WriteVarint(f, 3, 7);
            p = CallRecordCodec.Encode(r, SampleCalls.Box, f, p);
            s.Append(1, f, 0, Seal(f, 0xE1, p - 3));
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, OtherEpoch);
            Assert.AreEqual(OtherEpoch, j.Epoch);
            Assert.AreEqual(8L + OutboxJournal.SeqReserveBlock, j.NextSeq);
            Assert.AreEqual(1, j.Depth, "the waiting record is kept");
            Assert.AreEqual(7L, j.ReadNext(new CallRecord()));
        }

        [TestMethod]
        public void A_failing_identity_write_does_not_refuse_the_record()
        {
            IdentityFailingStorage s = new IdentityFailingStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(1L, j.Append(SampleCalls.Make(0)), "kept: the log holds its seq");
            Assert.AreEqual(0L, j.Dropped);
            Assert.IsTrue(j.LastError.IndexOf("journal identity") >= 0, j.LastError);
            s.Failing = false;
            Assert.AreEqual(2L, j.Append(SampleCalls.Make(1)));
            Assert.AreEqual(17L, j.ReservedThrough, "the next record reserves again");
            Assert.IsNull(j.LastError);
        }

        private static int Seal(byte[] f, byte kind, int payload)
        {
            f[0] = kind;
            f[1] = (byte)payload;
            f[2] = (byte)(payload >> 8);
            uint crc = Crc32.Compute(f, 0, 3 + payload);
            for (int i = 0; i < 4; i++) f[3 + payload + i] = (byte)(crc >> (8 * i));
            return 7 + payload;
        }

        private sealed class IdentityFailingStorage : IJournalStorage
        {
            private readonly MemoryJournalStorage _inner = new MemoryJournalStorage();
            public bool Failing = true;
            public int[] ListSegments() { return _inner.ListSegments(); }
            public int GetLength(int segment) { return _inner.GetLength(segment); }
            public int Read(int segment, int offset, byte[] buffer, int index, int count) { return _inner.Read(segment, offset, buffer, index, count); }
            public void Append(int segment, byte[] buffer, int index, int count) { _inner.Append(segment, buffer, index, count); }
            public void Delete(int segment) { _inner.Delete(segment); }
            public int ReadIdentity(int copy, byte[] buffer, int index, int count) { return _inner.ReadIdentity(copy, buffer, index, count); }
            public void WriteIdentity(int copy, byte[] buffer, int index, int count)
            {
                if (Failing) throw new System.InvalidOperationException("flash broke");
                _inner.WriteIdentity(copy, buffer, index, count);
            }
        }
    }
}
