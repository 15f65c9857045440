using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Power cut at every byte the journal writes: recovery keeps every complete entry,
    /// never yields a damaged one, and never hands out a seq twice. On the device, where nanoCLR
    /// interprets IL, the byte-by-byte sweeps cut at every DeviceDivisor-th byte (<see cref="PropertyTrials"/>).</summary>
    [TestClass]
    public class OutboxCrashConsistencyTests
    {
        private const int Capacity = 4096; // small, so that the sample fills, refuses and compacts

        /// <summary>What happened before the power went: accepted records, what the broker
        /// acknowledged, and the counters as seen after each call that returned.</summary>
        private sealed class Observed
        {
            public readonly SeqMap Accepted = new SeqMap(); // seq -> CallRecord
            public long AckedByBroker;
            public long NextSeqDurably = 1;
            public long DroppedDurably;
            public long NextSeqAtDeath = 1;
            public long ReservedDurably;
            public long ReservedAtDeath;
            public long DroppedAtDeath;
            public int Compactions;
            public int MaxStorage;
        }

        /// <summary>A day of traffic with an outage: backlog, steady flow, overflow, catch-up.</summary>
        private static Observed RunSample(MemoryJournalStorage s)
        {
            Observed o = new Observed();
            OutboxJournal j;
            try { j = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch); }
            catch (PowerLossException) { return o; }
            int n = 0;
            CallRecord scratch = new CallRecord();
            long lastRead = 0;
            int firstSegment = j.Segment;

            bool Alive()
            {
                o.NextSeqAtDeath = j.NextSeq;
                o.DroppedAtDeath = j.Dropped;
                o.ReservedAtDeath = j.ReservedThrough;
                if (s.TotalLength > o.MaxStorage) o.MaxStorage = s.TotalLength; // no System.Math on the device
                if (s.IsDead) return false;
                o.NextSeqDurably = j.NextSeq;
                o.DroppedDurably = j.Dropped;
                o.ReservedDurably = j.ReservedThrough;
                o.Compactions = j.Segment - firstSegment;
                return true;
            }
            bool Append()
            {
                CallRecord r = SampleCalls.Make(n++);
                long seq = j.Append(r);
                // A seq is returned only once the whole entry was written.
                if (seq != 0) o.Accepted.Set(seq, SampleCalls.Copy(r));
                return Alive();
            }
            bool ReadAndAck(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    long seq = j.ReadNext(scratch);
                    if (seq == 0) break;
                    lastRead = seq;
                }
                if (lastRead <= j.AckedThrough) return Alive();
                // The broker has acknowledged these: from here on they may be gone after a cut.
                o.AckedByBroker = lastRead;
                try
                {
                    j.AckThrough(lastRead);
                }
                catch (PowerLossException) { }
                return Alive();
            }

            for (int i = 0; i < 30; i++) if (!Append()) return o;           // offline backlog
            for (int i = 0; i < 40; i++)                                      // back online
            {
                if (!Append()) return o;
                if (!ReadAndAck(2)) return o;
            }
            for (int i = 0; i < 60; i++) if (!Append()) return o;           // long outage: fills, refuses
            for (int i = 0; i < 30; i++) if (!ReadAndAck(3)) return o;      // catch-up
            try { j.Compact(); } catch (PowerLossException) { }
            Alive();
            return o;
        }

        private static void CheckRecovery(MemoryJournalStorage survived, Observed o, string context)
        {
            OutboxJournal j = new OutboxJournal(survived, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            CallRecord r = new CallRecord();
            long last = 0;
            SeqMap seen = new SeqMap();
            long seq;
            while ((seq = j.ReadNext(r)) != 0)
            {
                Assert.IsTrue(seq > last, context + ": seq " + seq + " after " + last);
                Assert.IsTrue(o.Accepted.ContainsKey(seq), context + ": seq " + seq + " was never accepted");
                CallRecord expected = SampleCalls.Copy((CallRecord)o.Accepted.Get(seq));
                expected.Seq = seq;
                SampleCalls.AssertSame(expected, r, context + ": seq " + seq);
                seen.Add(seq);
                last = seq;
                j.AckThrough(seq);
            }
            for (int i = 0; i < o.Accepted.Count; i++)
            {
                long accepted = o.Accepted.KeyAt(i);
                if (accepted > o.AckedByBroker)
                    Assert.IsTrue(seen.Contains(accepted), context + ": accepted seq " + accepted + " lost");
            }
            Assert.IsTrue(j.NextSeq >= o.NextSeqDurably, context + ": next seq " + j.NextSeq + " < durable " + o.NextSeqDurably);
            Assert.IsTrue(j.NextSeq > o.ReservedDurably, context + ": next seq " + j.NextSeq + " within the reserved " + o.ReservedDurably);
            long highest = o.NextSeqAtDeath > o.ReservedAtDeath + 1 ? o.NextSeqAtDeath : o.ReservedAtDeath + 1;
            Assert.IsTrue(j.NextSeq <= highest, context + ": next seq " + j.NextSeq + " beyond " + highest);
            Assert.AreEqual(SampleCalls.Epoch, j.Epoch, context + ": epoch");
            Assert.IsTrue(j.Dropped >= o.DroppedDurably && j.Dropped <= o.DroppedAtDeath,
                context + ": dropped " + j.Dropped + " outside " + o.DroppedDurably + ".." + o.DroppedAtDeath);
            Assert.IsTrue(o.MaxStorage <= Capacity, context + ": storage grew to " + o.MaxStorage);

            // The recovered journal keeps working and its next record survives another reboot.
            long next = j.NextSeq;
            Assert.AreEqual(next, j.Append(SampleCalls.Make(999)), context + ": append after recovery");
            OutboxJournal again = new OutboxJournal(survived.Reboot(), SampleCalls.Box, Capacity, SampleCalls.Epoch);
            Assert.AreEqual(next, again.ReadNext(r), context + ": record appended after recovery survives");
        }

        [TestMethod]
        public void Sample_without_power_cut_fills_refuses_and_compacts()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            Observed o = RunSample(s);
            Console.WriteLine("sample writes " + s.BytesWritten + " bytes, " + o.Compactions + " compactions, "
                + o.Accepted.Count + " accepted, " + o.DroppedDurably + " refused");
            Assert.IsTrue(o.Compactions >= 3, "compactions " + o.Compactions);
            Assert.IsTrue(o.DroppedDurably > 0, "the outage overflows the journal");
            CheckRecovery(s.Reboot(), o, "no cut");
        }

        [TestMethod]
        public void Power_cut_at_every_byte_offset_recovers_every_complete_entry()
        {
            MemoryJournalStorage full = new MemoryJournalStorage();
            RunSample(full);
            long total = full.BytesWritten;
            for (long cut = 0; cut <= total; cut += PropertyTrials.DeviceDivisor)
            {
                MemoryJournalStorage s = new MemoryJournalStorage();
                s.CutPowerAfter(cut);
                Observed o = RunSample(s);
                CheckRecovery(s.Reboot(), o, "cut after " + cut + " of " + total + " bytes");
            }
        }

        [TestMethod]
        public void Power_cut_during_recovery_compaction_loses_nothing()
        {
            // A torn tail makes recovery compact; cut that compaction at every byte too.
            MemoryJournalStorage full = new MemoryJournalStorage();
            RunSample(full);
            long total = full.BytesWritten;
            for (long firstCut = total / 5; firstCut < total; firstCut += total / 7 + 3)
            {
                MemoryJournalStorage s = new MemoryJournalStorage();
                s.CutPowerAfter(firstCut);
                Observed o = RunSample(s);
                MemoryJournalStorage torn = s.Reboot();
                MemoryJournalStorage probe = torn.Reboot();
                new OutboxJournal(probe, SampleCalls.Box, Capacity, SampleCalls.Epoch);
                long recoveryBytes = probe.BytesWritten;
                for (long cut = 0; cut <= recoveryBytes; cut += PropertyTrials.DeviceDivisor)
                {
                    MemoryJournalStorage r = torn.Reboot();
                    r.CutPowerAfter(cut);
                    try { new OutboxJournal(r, SampleCalls.Box, Capacity, SampleCalls.Epoch); }
                    catch (PowerLossException) { }
                    CheckRecovery(r.Reboot(), o, "first cut " + firstCut + ", recovery cut " + cut + " of " + recoveryBytes);
                }
            }
        }
    
        [TestMethod]
        public void Torn_compaction_at_any_byte_leaves_either_the_old_or_the_new_segment_whole()
        {
            MemoryJournalStorage before = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(before, SampleCalls.Box, Capacity, SampleCalls.Epoch);
            CallRecord r = new CallRecord();
            for (int n = 0; n < 20; n++) j.Append(SampleCalls.Make(n));
            for (int n = 0; n < 10; n++) j.ReadNext(r);
            j.AckThrough(10);
            MemoryJournalStorage probe = before.Reboot();
            new OutboxJournal(probe, SampleCalls.Box, Capacity, SampleCalls.Epoch).Compact();
            long compactionBytes = probe.BytesWritten; // a rebooted storage counts from zero
            Assert.IsTrue(compactionBytes > 100, "compaction writes " + compactionBytes);
            for (long cut = 0; cut <= compactionBytes; cut += PropertyTrials.DeviceDivisor)
            {
                MemoryJournalStorage s = before.Reboot();
                OutboxJournal k = new OutboxJournal(s, SampleCalls.Box, Capacity, SampleCalls.Epoch);
                s.CutPowerAfter(cut);
                try { k.Compact(); } catch (PowerLossException) { }
                MemoryJournalStorage survived = s.Reboot();
                OutboxJournal after = new OutboxJournal(survived, SampleCalls.Box, Capacity, SampleCalls.Epoch);
                string context = "compaction cut after " + cut + " of " + compactionBytes + " bytes";
                Assert.AreEqual(10, after.Depth, context);
                Assert.AreEqual(j.ReservedThrough + 1, after.NextSeq, context);
                for (long seq = 11; seq <= 20; seq++)
                {
                    Assert.AreEqual(seq, after.ReadNext(r), context);
                    CallRecord expected = SampleCalls.Make((int)seq - 1);
                    expected.Seq = seq;
                    SampleCalls.AssertSame(expected, r, context);
                }
                Assert.AreEqual(1, survived.ListSegments().Length, context + ": recovery keeps one segment");
            }
        }
    }
}
