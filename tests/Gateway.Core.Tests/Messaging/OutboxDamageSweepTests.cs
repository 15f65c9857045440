using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Damage at every byte of a journal (one bit flipped, the byte zeroed, the file cut
    /// there), in its snapshot, entries and ack markers, single and compacted (issue #15): recovery
    /// never throws, keeps every waiting record whose own frame is intact, never hands out a seq
    /// that an intact frame shows, and, with the identity file intact, never hands out a seq at or
    /// below one handed out before (truncation included); with both identity copies lost, never
    /// an acknowledged one short of truncation. On the device every byte of the snapshot frames and
    /// every DeviceDivisor-th other byte (<see cref="PropertyTrials"/>).</summary>
    [TestClass]
    public class OutboxDamageSweepTests
    {
        // Large enough that the sample never compacts by itself.
        private const int Capacity = 16384;
        private const byte KindEntry = 0xE1;
        private const byte KindAcked = 0xA2;
        private const byte KindSnapshot = 0x54;
        private const int Flip = 0, Zero = 1, Cut = 2;

        /// <summary>The frames of an undamaged segment image, in order.</summary>
        private sealed class Frames
        {
            public int Count;
            public int[] Start;
            public int[] End;
            public byte[] Kind;
            public long[] Value; // entry/acked: the seq; snapshot/counters: the next seq

            public Frames(byte[] image)
            {
                Start = new int[image.Length / 7 + 1];
                End = new int[Start.Length];
                Kind = new byte[Start.Length];
                Value = new long[Start.Length];
                int at = 0;
                while (at < image.Length)
                {
                    int end = at + 7 + (image[at + 1] | (image[at + 2] << 8));
                    int p = at + 3;
                    long v;
                    Assert.IsTrue(CallRecordCodec.ReadVarint(image, ref p, end - 4, out v), "frame at " + at);
                    Start[Count] = at;
                    End[Count] = end;
                    Kind[Count] = image[at];
                    Value[Count] = v;
                    Count++;
                    at = end;
                }
                Assert.AreEqual(image.Length, at, "the image is a sequence of whole frames");
            }

            public bool InSnapshot(int at)
            {
                for (int f = 0; f < Count; f++)
                    if (Kind[f] == KindSnapshot && at >= Start[f] && at < End[f]) return true;
                return false;
            }
        }

        /// <summary>20 records acknowledged one by one, one refused (seq 21, a counters frame), then
        /// 10 waiting; compacted: then the compaction (the snapshot after the copied entries), 5 more
        /// waiting, 2 more acknowledged and one more refused (seq 37). Record seq n is SampleCalls.Make(n - 1).</summary>
        private static byte[] Build(bool compacted, out int segment, out long acked)
        {
            byte[] identity;
            long reserved;
            return Build(compacted, out segment, out acked, out identity, out reserved);
        }

        /// <summary>As above; <c>identity</c>: both identity copies as written (24 bytes each, a
        /// missing one zero-length), <c>reserved</c>: the seqs they reserve.</summary>
        private static byte[] Build(bool compacted, out int segment, out long acked, out byte[] identity, out long reserved)
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            CallRecord r = new CallRecord();
            int n = 0;
            for (int i = 0; i < 20; i++)
            {
                j.Append(SampleCalls.Make(n++));
                j.AckThrough(j.ReadNext(r));
            }
            Assert.AreEqual(0L, j.Append(Huge(n++)), "refused: too large");
            for (int i = 0; i < 10; i++) j.Append(SampleCalls.Make(n++));
            if (compacted)
            {
                j.Compact();
                for (int i = 0; i < 5; i++) j.Append(SampleCalls.Make(n++));
                j.AckThrough(j.ReadNext(r));
                j.AckThrough(j.ReadNext(r));
                Assert.AreEqual(0L, j.Append(Huge(n++)), "refused: too large");
            }
            Assert.AreEqual(1, s.ListSegments().Length, "one segment");
            Assert.AreEqual(compacted ? 2 : 1, j.Segment, "compacted only when asked");
            acked = j.AckedThrough;
            Assert.AreEqual(compacted ? 23L : 20L, acked);
            segment = j.Segment;
            reserved = j.ReservedThrough;
            Assert.IsTrue(reserved >= j.NextSeq - 1, "every seq handed out is reserved");
            identity = new byte[2 * OutboxJournal.IdentityBytes + 2];
            for (int c = 0; c < 2; c++)
                identity[2 * OutboxJournal.IdentityBytes + c] = (byte)s.ReadIdentity(c, identity, c * OutboxJournal.IdentityBytes, OutboxJournal.IdentityBytes);
            return Image(s, segment);
        }

        private static CallRecord Huge(int n)
        {
            CallRecord huge = SampleCalls.Make(n);
            huge.Digits = new string('1', OutboxJournal.MaxPayloadBytes * 2);
            return huge;
        }

        private static byte[] Image(MemoryJournalStorage s, int segment)
        {
            byte[] image = new byte[s.GetLength(segment)];
            s.Read(segment, 0, image, 0, image.Length);
            return image;
        }

        private static MemoryJournalStorage Damaged(byte[] image, int segment, int at, int mode)
        {
            return Damaged(image, segment, at, mode, null);
        }

        // identity: as Build gives it (null: both copies lost).
        private static MemoryJournalStorage Damaged(byte[] image, int segment, int at, int mode, byte[] identity)
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            WithIdentity(s, identity);
            s.Append(segment, image, 0, mode == Cut ? at : image.Length);
            if (mode == Flip) s.Corrupt(segment, at, (byte)(1 << (at % 8)));
            else if (mode == Zero) s.Corrupt(segment, at, image[at]);
            return s;
        }

        private static void WithIdentity(MemoryJournalStorage s, byte[] identity)
        {
            if (identity == null) return;
            for (int c = 0; c < 2; c++)
            {
                int length = identity[2 * OutboxJournal.IdentityBytes + c];
                if (length > 0) s.WriteIdentity(c, identity, c * OutboxJournal.IdentityBytes, length);
            }
        }

        private static bool Intact(Frames frames, int f, byte[] image, int at, int mode)
        {
            if (mode == Cut) return frames.End[f] <= at;
            if (at < frames.Start[f] || at >= frames.End[f]) return true;
            return mode == Zero && image[at] == 0;
        }

        // withIdentity false: both identity copies lost as well as the damage to the log.
        private static int Sweep(bool compacted, bool withIdentity)
        {
            int segment;
            long acked, reserved;
            byte[] identity;
            byte[] image = Build(compacted, out segment, out acked, out identity, out reserved);
            if (!withIdentity)
            {
                identity = null;
                reserved = 0;
            }
            Frames frames = new Frames(image);
            int cases = 0;
            for (int at = 0; at <= image.Length; at++)
            {
                if (at % PropertyTrials.DeviceDivisor != 0 && !frames.InSnapshot(at)) continue;
                for (int mode = Flip; mode <= Cut; mode++)
                {
                    if (at == image.Length && mode != Cut) continue;
                    string context = (compacted ? "compacted, " : "single, ") + (withIdentity ? "" : "identity lost, ")
                        + (mode == Flip ? "bit flipped" : mode == Zero ? "zeroed" : "cut") + " at byte " + at + " of " + image.Length;
                    Check(Damaged(image, segment, at, mode, identity), frames, image, at, mode, acked, reserved, 0, 0, context);
                    cases++;
                }
            }
            Console.WriteLine((compacted ? "compacted" : "single") + (withIdentity ? "" : ", identity lost,") + " segment of " + image.Length + " bytes, "
                + frames.Count + " frames: " + cases + " damaged journals recovered");
            return cases;
        }

        // copiedFrom..copiedTo: seqs that also have an intact copy in another segment.
        // reserved: the identity's reservation (0: the identity is lost); every seq handed out is at or below it.
        private static void Check(MemoryJournalStorage s, Frames frames, byte[] image, int at, int mode, long acked, long reserved,
            long copiedFrom, long copiedTo, string context)
        {
            OutboxJournal j = null;
            string thrown = null;
            try
            {
                j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            }
            catch (Exception e)
            {
                thrown = e.Message;
            }
            Assert.IsNull(thrown, context + ": recovery threw");
            long shown = 0, written = 0;
            for (int f = 0; f < frames.Count; f++)
            {
                long seq = frames.Kind[f] == KindEntry || frames.Kind[f] == KindAcked ? frames.Value[f] : frames.Value[f] - 1;
                if (frames.Kind[f] == KindEntry && seq > written) written = seq;
                if (Intact(frames, f, image, at, mode) && seq > shown) shown = seq;
            }
            Assert.IsTrue(j.NextSeq > shown, context + ": next seq " + j.NextSeq + " but an intact frame shows " + shown);
            if (mode != Cut || reserved > 0) Assert.IsTrue(j.NextSeq > acked, context + ": next seq " + j.NextSeq + " reuses acknowledged " + acked);
            if (reserved > 0)
            {
                Assert.IsTrue(j.NextSeq > reserved, context + ": next seq " + j.NextSeq + " within the reserved " + reserved);
                Assert.AreEqual(SampleCalls.Epoch, j.Epoch, context + ": epoch");
            }

            // Every loss is announced: take the reports before reading.
            long[] lostFrom = new long[OutboxJournal.MaxPendingLosses];
            long[] lostTo = new long[OutboxJournal.MaxPendingLosses];
            int losses = 0;
            long first, lastLost, count;
            string reason;
            while (j.PeekLoss(out first, out lastLost, out count, out reason))
            {
                Assert.IsTrue(first > 0 && first <= lastLost && lastLost < j.NextSeq, context + ": loss " + first + ".." + lastLost);
                lostFrom[losses] = first;
                lostTo[losses] = lastLost;
                losses++;
                j.LossAnnounced();
            }
            bool[] seen = new bool[(int)written + 2];
            CallRecord r = new CallRecord();
            long last = 0, seq2;
            while ((seq2 = j.ReadNext(r)) != 0)
            {
                Assert.IsTrue(seq2 > last && seq2 <= written, context + ": seq " + seq2 + " after " + last);
                CallRecord expected = SampleCalls.Make((int)seq2 - 1);
                expected.Seq = seq2;
                SampleCalls.AssertSame(expected, r, context + ": seq " + seq2);
                seen[(int)seq2] = true;
                last = seq2;
                j.AckThrough(seq2);
            }
            for (int f = 0; f < frames.Count; f++)
            {
                if (frames.Kind[f] != KindEntry || frames.Value[f] <= acked || !Intact(frames, f, image, at, mode)) continue;
                Assert.IsTrue(seen[(int)frames.Value[f]], context + ": waiting seq " + frames.Value[f] + " with an intact frame lost");
            }
            for (long c = copiedFrom; c <= copiedTo && c > 0; c++)
                Assert.IsTrue(seen[(int)c], context + ": waiting seq " + c + " with an intact copy lost");
            // A cut at a frame's boundary, or inside a marker, looks like appends that never happened
            // (LittleFS rolls back an append that was not committed): what it removed cannot be told
            // from seqs reserved but never used, so only a cut inside an entry must be announced.
            // With the identity lost too, a cut tail takes the knowledge of its seqs with it.
            bool silentCut = mode == Cut && reserved == 0;
            if (mode == Cut && !silentCut)
            {
                silentCut = true;
                for (int f = 0; f < frames.Count; f++)
                    if (at > frames.Start[f] && at < frames.End[f] && frames.Kind[f] == KindEntry) silentCut = false;
            }
            for (int f = 0; f < frames.Count; f++)
            {
                long w = frames.Value[f];
                if (frames.Kind[f] != KindEntry || w <= acked) continue;
                bool announced = false;
                for (int k = 0; k < losses; k++)
                {
                    if (w >= lostFrom[k] && w <= lostTo[k]) announced = true;
                }
                if (seen[(int)w]) Assert.IsFalse(announced, context + ": seq " + w + " delivered but announced lost");
                else if (!silentCut) Assert.IsTrue(announced, context + ": waiting seq " + w + " lost without an announcement");
            }

            // The recovered journal keeps working, and what it writes survives another reboot.
            long next = j.NextSeq;
            Assert.AreEqual(next, j.Append(SampleCalls.Make(999)), context + ": append after recovery");
            OutboxJournal again = new OutboxJournal(s.Reboot(), SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(next, again.ReadNext(r), context + ": record appended after recovery survives");
            Assert.AreEqual(1, s.ListSegments().Length, context + ": one segment left");
        }

        [TestMethod]
        public void Damage_at_every_byte_of_a_single_segment_keeps_every_intact_waiting_record()
        {
            int cases = Sweep(false, true);
            Assert.IsTrue(cases > 10, "cases " + cases);
        }

        [TestMethod]
        public void Damage_at_every_byte_of_a_compacted_segment_keeps_every_intact_waiting_record()
        {
            int cases = Sweep(true, true);
            Assert.IsTrue(cases > 10, "cases " + cases);
        }

        [TestMethod]
        public void Damage_at_every_byte_with_the_identity_lost_too_keeps_every_intact_waiting_record()
        {
            int cases = Sweep(false, false) + Sweep(true, false);
            Assert.IsTrue(cases > 20, "cases " + cases);
        }

        /// <summary>A torn compaction: segment 1 as built, segment 2 the copies of seqs 22..26 and no
        /// snapshot yet.</summary>
        private static MemoryJournalStorage TornCompaction(byte[] one, Frames frames, int damagedSegment, int at, int mode, byte[] identity)
        {
            MemoryJournalStorage s = damagedSegment == 1 ? Damaged(one, 1, at, mode, identity) : new MemoryJournalStorage();
            if (damagedSegment != 1) WithIdentity(s, identity);
            if (damagedSegment != 1) s.Append(1, one, 0, one.Length);
            byte[] copies = new byte[one.Length];
            int length = 0;
            for (int f = 0; f < frames.Count; f++)
            {
                if (frames.Kind[f] != KindEntry || frames.Value[f] < 22 || frames.Value[f] > 26) continue;
                Array.Copy(one, frames.Start[f], copies, length, frames.End[f] - frames.Start[f]);
                length += frames.End[f] - frames.Start[f];
            }
            if (damagedSegment != 2) s.Append(2, copies, 0, length);
            else
            {
                s.Append(2, copies, 0, mode == Cut ? (at < length ? at : length) : length);
                if (mode == Flip) s.Corrupt(2, at, (byte)(1 << (at % 8)));
                else if (mode == Zero) s.Corrupt(2, at, copies[at]);
            }
            return s;
        }

        [TestMethod]
        public void Damage_at_every_byte_of_either_segment_of_a_torn_compaction_loses_nothing_intact()
        {
            int segment;
            long acked, reserved;
            byte[] identity;
            byte[] one = Build(false, out segment, out acked, out identity, out reserved);
            Frames frames = new Frames(one);
            int copyLength = 0;
            for (int f = 0; f < frames.Count; f++)
                if (frames.Kind[f] == KindEntry && frames.Value[f] >= 22 && frames.Value[f] <= 26) copyLength += frames.End[f] - frames.Start[f];
            int cases = 0;
            for (int damaged = 1; damaged <= 2; damaged++)
            {
                int length = damaged == 1 ? one.Length : copyLength;
                for (int at = 0; at <= length; at++)
                {
                    if (at % PropertyTrials.DeviceDivisor != 0 && !(damaged == 1 && frames.InSnapshot(at))) continue;
                    for (int mode = Flip; mode <= Cut; mode++)
                    {
                        if (at == length && mode != Cut) continue;
                        string context = "torn compaction, segment " + damaged + " "
                            + (mode == Flip ? "bit flipped" : mode == Zero ? "zeroed" : "cut") + " at byte " + at + " of " + length;
                        MemoryJournalStorage s = TornCompaction(one, frames, damaged, at, mode, identity);
                        if (damaged == 1)
                        {
                            // Segment 2's copies are intact: whatever happened to segment 1, they count.
                            Check(s, frames, one, at, mode, acked, reserved, 22, 26, context);
                        }
                        else
                        {
                            // Segment 1 is whole: it stays in force, as it would without the damage.
                            Check(s, frames, one, one.Length, Cut, acked, reserved, 0, 0, context);
                        }
                        cases++;
                    }
                }
            }
            Console.WriteLine("torn compaction of 2 segments (" + one.Length + " + " + copyLength + " bytes): " + cases + " damaged journals recovered");
            Assert.IsTrue(cases > 10, "cases " + cases);
        }

        [TestMethod]
        public void Damage_to_a_torn_compaction_leaves_the_whole_older_segment_in_force()
        {
            int segment;
            long acked, reserved;
            byte[] identity;
            byte[] one = Build(false, out segment, out acked, out identity, out reserved);
            Frames frames = new Frames(one);
            MemoryJournalStorage s = TornCompaction(one, frames, 2, 3, Flip, identity);
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(1, j.Segment, "segment 1 in force, as before the damage");
            Assert.AreEqual(10, j.Depth);
            Assert.AreEqual(reserved + 1, j.NextSeq, "above the seqs reserved (31 handed out)");
            Assert.AreEqual(1, s.ListSegments().Length);
        }

        [TestMethod]
        public void A_flipped_bit_in_the_only_snapshot_keeps_every_waiting_record_and_the_seq()
        {
            // Issue #15, D1: this flip used to delete the segment and restart seq at 1.
            int segment;
            long acked, reserved;
            byte[] identity;
            byte[] image = Build(false, out segment, out acked, out identity, out reserved);
            MemoryJournalStorage s = Damaged(image, segment, 5, Flip, identity);
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(10, j.Depth);
            Assert.AreEqual(reserved + 1, j.NextSeq, "above the seqs reserved (31 handed out)");
            Assert.AreEqual(20L, j.AckedThrough);
            Assert.AreEqual(1L, j.Dropped, "the refused record's counters frame holds");
            Assert.IsNotNull(j.LastError, "the damage is reported");
            CallRecord r = new CallRecord();
            for (long seq = 22; seq <= 31; seq++) Assert.AreEqual(seq, j.ReadNext(r));
        }

        [TestMethod]
        public void A_torn_compaction_over_a_segment_with_a_damaged_snapshot_loses_nothing()
        {
            // Segment 1's snapshot is damaged and segment 2 holds the first copies of a cut compaction.
            int segment;
            long acked, reserved;
            byte[] identity;
            byte[] image = Build(false, out segment, out acked, out identity, out reserved);
            Frames frames = new Frames(image);
            MemoryJournalStorage s = Damaged(image, segment, 0, Zero, identity);
            for (int f = 0; f < frames.Count; f++)
                if (frames.Kind[f] == KindEntry && frames.Value[f] > 21 && frames.Value[f] <= 26)
                    s.Append(2, image, frames.Start[f], frames.End[f] - frames.Start[f]);
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(10, j.Depth);
            Assert.AreEqual(reserved + 1, j.NextSeq, "above the seqs reserved (31 handed out)");
            Assert.AreEqual(1, s.ListSegments().Length, "merged into one segment");
            CallRecord r = new CallRecord();
            for (long seq = 22; seq <= 31; seq++)
            {
                Assert.AreEqual(seq, j.ReadNext(r));
                CallRecord expected = SampleCalls.Make((int)seq - 1);
                expected.Seq = seq;
                SampleCalls.AssertSame(expected, r, "seq " + seq);
            }
        }

        [TestMethod]
        public void A_damaged_snapshot_in_the_newer_segment_keeps_the_records_only_it_holds()
        {
            // A compaction committed segment 2, the delete of segment 1 was cut, and then segment 2's
            // snapshot was damaged: seqs 32..36 exist only in segment 2.
            int one, two;
            long acked;
            byte[] old = Build(false, out one, out acked);
            byte[] identity;
            long reserved;
            byte[] image = Build(true, out two, out acked, out identity, out reserved);
            Frames frames = new Frames(image);
            int snapshot = -1;
            for (int f = 0; f < frames.Count; f++) if (frames.Kind[f] == KindSnapshot) snapshot = frames.Start[f];
            MemoryJournalStorage s = Damaged(image, two, snapshot + 4, Flip, identity);
            s.Append(one, old, 0, old.Length);
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(reserved + 1, j.NextSeq, "above the seqs reserved (37 handed out)");
            Assert.AreEqual(23L, j.AckedThrough);
            Assert.AreEqual(2L, j.Dropped);
            Assert.AreEqual(13, j.Depth);
            CallRecord r = new CallRecord();
            for (long seq = 24; seq <= 36; seq++) Assert.AreEqual(seq, j.ReadNext(r));
            Assert.AreEqual(1, s.ListSegments().Length, "merged into one segment");
        }
    }
}
