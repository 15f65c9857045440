using System;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Start-up after damage costs storage reads in proportion to the damage / 64, not to
    /// every damaged byte: on the device each read opens a file.</summary>
    [TestClass]
    public class OutboxRecoveryCostTests
    {
        private sealed class CountingStorage : IJournalStorage
        {
            public readonly MemoryJournalStorage Inner;
            public int Reads;
            public long BytesRead;
            public long BytesWritten;
            public CountingStorage() : this(new MemoryJournalStorage()) { }
            public CountingStorage(MemoryJournalStorage inner) { Inner = inner; }
            public int[] ListSegments() { return Inner.ListSegments(); }
            public int GetLength(int segment) { return Inner.GetLength(segment); }
            public int Read(int segment, int offset, byte[] buffer, int index, int count)
            {
                Reads++;
                int n = Inner.Read(segment, offset, buffer, index, count);
                BytesRead += n;
                return n;
            }
            public void Append(int segment, byte[] buffer, int index, int count) { BytesWritten += count; Inner.Append(segment, buffer, index, count); }
            public int ReadIdentity(int copy, byte[] buffer, int index, int count) { Reads++; return Inner.ReadIdentity(copy, buffer, index, count); }
            public void WriteIdentity(int copy, byte[] buffer, int index, int count) { BytesWritten += count; Inner.WriteIdentity(copy, buffer, index, count); }
            public void Delete(int segment) { Inner.Delete(segment); }
        }

        // The device's journal (FlashBudget's default on the BOM's 4 MB module), filled while offline
        // until it refuses a record: the longest segment recovery can meet.
        private static MemoryJournalStorage FullDeviceJournal(out int records, out int segment, out int length)
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, FlashBudget.FourMbModuleDefault().JournalBytes, SampleCalls.Epoch);
            records = 0;
            while (j.Append(SampleCalls.Make(records)) != 0) records++;
            segment = j.Segment;
            length = j.SegmentLength;
            return s;
        }

        // Where the segment's snapshot frame starts (after the copies when it was compacted).
        private static int SnapshotAt(MemoryJournalStorage s, int segment)
        {
            byte[] header = new byte[3];
            int at = 0;
            while (at < s.GetLength(segment))
            {
                s.Read(segment, at, header, 0, 3);
                if (header[0] == 0x54) return at;
                at += 7 + (header[1] | (header[2] << 8));
            }
            Assert.IsTrue(false, "no snapshot");
            return 0;
        }

        private static string Cost(string what, CountingStorage s)
        {
            string line = what + ": " + s.Reads + " reads, " + s.BytesRead + " bytes read, " + s.BytesWritten + " bytes written";
            Console.WriteLine(line);
            return line;
        }

        [TestMethod]
        public void Recovery_of_the_device_journal_is_bounded_by_its_budget()
        {
            // docs/flash.md, "Start-up time": the figures printed here. Every read is at most 64
            // bytes plus the rest of one frame (at most 1,031 bytes); on the device each opens a file.
            int records, segment, length;
            MemoryJournalStorage full = FullDeviceJournal(out records, out segment, out length);
            Assert.IsTrue(records > 2000, "records held " + records);

            CountingStorage intact = new CountingStorage(full.Reboot());
            OutboxJournal a = new OutboxJournal(intact, SampleCalls.Box, FlashBudget.FourMbModuleDefault().JournalBytes, SampleCalls.Epoch);
            Assert.AreEqual(records, a.Depth);
            string intactCost = Cost("intact, " + records + " records in " + length + " bytes", intact);
            // A scan and a count, one read per frame each.
            Assert.IsTrue(intact.Reads <= 2 * records + 16, intactCost);
            // Each read takes 64 bytes, about two frames: the scan and the count read most bytes twice each.
            Assert.IsTrue(intact.BytesRead <= 4L * length, intactCost);

            // Every byte of the segment damaged: found no frame, keeps nothing, announces the range.
            MemoryJournalStorage garbage = full.Reboot();
            byte[] noise = new byte[length];
            new SeededRandom(11).NextBytes(noise);
            garbage.Delete(segment);
            garbage.Append(segment, noise, 0, noise.Length);
            CountingStorage damaged = new CountingStorage(garbage);
            OutboxJournal b = new OutboxJournal(damaged, SampleCalls.Box, FlashBudget.FourMbModuleDefault().JournalBytes, SampleCalls.Epoch);
            Assert.AreEqual(0, b.Depth);
            Assert.IsTrue(b.NextSeq > records, "no seq comes again");
            Assert.AreEqual(1, b.PendingLosses, "the loss is announced");
            string damagedCost = Cost("every byte of " + length + " damaged", damaged);
            // About one read per 64 damaged bytes in each pass over the segment (scan, merge).
            Assert.IsTrue(damaged.Reads <= 4 * (length / 64 + 1) + 16, damagedCost);

            // The snapshot damaged: the whole journal is merged into a fresh segment.
            MemoryJournalStorage flipped = full.Reboot();
            flipped.Corrupt(segment, SnapshotAt(full, segment) + 4, 0x01);
            CountingStorage merged = new CountingStorage(flipped);
            OutboxJournal c = new OutboxJournal(merged, SampleCalls.Box, FlashBudget.FourMbModuleDefault().JournalBytes, SampleCalls.Epoch);
            Assert.AreEqual(records, c.Depth, "every record kept");
            string mergedCost = Cost("snapshot damaged, " + records + " records merged", merged);
            Assert.IsTrue(merged.Reads <= 5 * records + 64, mergedCost);
            Assert.IsTrue(merged.BytesWritten <= length + 1024, mergedCost);
        }

        [TestMethod]
        public void Eight_KiB_of_random_damage_costs_a_few_hundred_reads_and_loses_no_intact_record()
        {
            CountingStorage storage = new CountingStorage();
            OutboxJournal journal = new OutboxJournal(storage, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            for (int n = 0; n < 5; n++) journal.Append(SampleCalls.Make(n));
            int segment = storage.ListSegments()[0];
            // 8 KiB of noise after them: a damaged tail, scanned byte by byte for frames.
            byte[] noise = new byte[8192];
            new SeededRandom(5).NextBytes(noise);
            storage.Inner.Append(segment, noise, 0, noise.Length);

            storage.Reads = 0;
            OutboxJournal recovered = new OutboxJournal(storage, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            Assert.IsTrue(storage.Reads < 8192 / 8, "recovery read the storage " + storage.Reads + " times for 8 KiB of damage");
            Assert.AreEqual(5, recovered.Depth, "every record whose frame is intact is kept");
            Assert.AreEqual(17L, recovered.NextSeq, "above the reserved block");
        }
    }
}
