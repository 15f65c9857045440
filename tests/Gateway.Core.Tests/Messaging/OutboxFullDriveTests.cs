using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The journal on a drive that other files have filled to every byte level: writes
    /// fail for lack of space, compaction may not find room for its copy, and still no waiting
    /// record is lost and every refused one is counted. On the device, where nanoCLR interprets
    /// IL, every <see cref="Step"/>-th level (<see cref="PropertyTrials"/>).</summary>
    [TestClass]
    public class OutboxFullDriveTests
    {
        // The journal's budget is the whole drive: any byte of other files makes it too small.
        private const int Budget = OutboxJournal.MinCapacityBytes;

        // Every byte level on the host; on the device a prime step, so levels fall at every offset within a frame.
        private static readonly int Step = PropertyTrials.DeviceDivisor == 1 ? 1 : 4 * PropertyTrials.DeviceDivisor - 1;

        /// <summary>What one fill level showed.</summary>
        private sealed class Level
        {
            public bool WriteFailed;
            public bool Compacted;
        }

        [TestMethod]
        public void At_every_fill_level_waiting_records_survive_and_refused_ones_are_counted()
        {
            int failed = 0, compacted = 0, both = 0, levels = 0;
            for (int torn = 0; torn < 2; torn++)
            {
                for (int other = 0; other <= Budget; other += Step)
                {
                    Level l = RunAt(other, torn == 1);
                    levels++;
                    if (l.WriteFailed) failed++;
                    if (l.Compacted) compacted++;
                    if (l.WriteFailed && l.Compacted) both++;
                }
            }
            // The sweep must reach both outcomes of a compaction on a nearly full drive.
            Assert.IsTrue(failed > levels / 2, "levels with failed writes: " + failed + " of " + levels);
            Assert.IsTrue(compacted > 0, "levels that compacted: " + compacted);
            Assert.IsTrue(both > 0, "levels that compacted after a failed write: " + both);
        }

        private static Level RunAt(int otherBytes, bool torn)
        {
            string at = "other files " + otherBytes + " bytes" + (torn ? ", torn appends" : "");
            CapacityLimitedJournalStorage s = new CapacityLimitedJournalStorage(Budget);
            s.OtherBytes = otherBytes;
            s.KeepPartial = torn;
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, Budget, SampleCalls.Epoch);
            int firstSegment = j.Segment;
            SeqMap accepted = new SeqMap();
            CallRecord scratch = new CallRecord();
            long acked = 0, highest = 0;
            int refused = 0, n = 0;
            for (int round = 0; round < 3; round++)
            {
                // Calls until the journal refuses three in a row.
                int inARow = 0;
                while (inARow < 3 && n < 1000)
                {
                    CallRecord r = SampleCalls.Make(n++);
                    long seq = j.Append(r);
                    if (seq == 0)
                    {
                        refused++;
                        inARow++;
                        Assert.IsNotNull(j.Fault, at + ": a refused record is a fault");
                    }
                    else
                    {
                        inARow = 0;
                        highest = seq;
                        accepted.Set(seq, SampleCalls.Copy(r));
                    }
                    Assert.AreEqual((long)refused, j.Dropped, at + ": every refused record is counted");
                }
                // The broker acknowledges half of what waits.
                int half = j.Depth / 2;
                for (int i = 0; i < half; i++)
                {
                    long seq = j.ReadNext(scratch);
                    if (seq == 0) break;
                    acked = Ack(j, seq);
                }
            }
            Level level = new Level();
            level.WriteFailed = s.Failures > 0;
            level.Compacted = j.Segment != firstSegment;

            CapacityLimitedJournalStorage afterRestart = s.Reboot();
            AssertWaiting(j, accepted, acked, highest, at, false);
            OutboxJournal again = new OutboxJournal(afterRestart, SampleCalls.Box, Budget, SampleCalls.Epoch);
            AssertWaiting(again, accepted, acked, highest, at + ", after a restart", true);
            Assert.IsTrue(again.NextSeq > highest, at + ": an accepted seq is never handed out again");
            Assert.IsTrue(again.Dropped <= refused, at + ": dropped after a restart counts only refused records");
            return level;
        }

        private static long Ack(OutboxJournal j, long seq)
        {
            try
            {
                j.AckThrough(seq);
            }
            catch (Exception)
            {
                // The ack marker did not fit: the record is resent after a restart (a QoS 1 duplicate).
            }
            return seq;
        }

        /// <summary>Reads (and acknowledges) everything <paramref name="j"/> still holds: every
        /// accepted record after <paramref name="acked"/>, unchanged and in seq order; after a
        /// restart, acknowledged ones whose marker was not stored may come first.</summary>
        private static void AssertWaiting(OutboxJournal j, SeqMap accepted, long acked, long highest, string at, bool ackedMayReturn)
        {
            CallRecord into = new CallRecord();
            long expect = acked + 1;
            long seq;
            while ((seq = j.ReadNext(into)) != 0)
            {
                CallRecord original = (CallRecord)accepted.Get(seq);
                Assert.IsNotNull(original, at + ": seq " + seq + " was never accepted");
                SampleCalls.AssertSame(original, into, at + ": seq " + seq);
                if (seq <= acked)
                {
                    Assert.IsTrue(ackedMayReturn, at + ": acknowledged seq " + seq + " handed out again in the same session");
                }
                else
                {
                    while (expect < seq && !accepted.ContainsKey(expect)) expect++; // refused seqs are gaps
                    Assert.AreEqual(expect, seq, at + ": waiting records in seq order, none missing");
                    expect = seq + 1;
                }
                Ack(j, seq);
            }
            while (expect <= highest && !accepted.ContainsKey(expect)) expect++;
            Assert.IsTrue(expect > highest, at + ": waiting record " + expect + " lost");
        }
    }
}
