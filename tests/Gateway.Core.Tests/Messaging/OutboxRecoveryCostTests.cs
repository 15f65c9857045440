using Gateway.Core.Messaging;
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
            public readonly MemoryJournalStorage Inner = new MemoryJournalStorage();
            public int Reads;
            public int[] ListSegments() { return Inner.ListSegments(); }
            public int GetLength(int segment) { return Inner.GetLength(segment); }
            public int Read(int segment, int offset, byte[] buffer, int index, int count) { Reads++; return Inner.Read(segment, offset, buffer, index, count); }
            public void Append(int segment, byte[] buffer, int index, int count) { Inner.Append(segment, buffer, index, count); }
            public int ReadIdentity(int copy, byte[] buffer, int index, int count) { return Inner.ReadIdentity(copy, buffer, index, count); }
            public void WriteIdentity(int copy, byte[] buffer, int index, int count) { Inner.WriteIdentity(copy, buffer, index, count); }
            public void Delete(int segment) { Inner.Delete(segment); }
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
