using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The capacity figures of docs/mqtt.md ("Outbox capacity"), measured.</summary>
    [TestClass]
    public class OutboxCapacityTests
    {
        [TestMethod]
        public void One_MiB_of_storage_holds_more_than_10000_unacknowledged_records()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, OutboxJournal.DefaultCapacityBytes);
            int n = 0;
            while (j.Append(SampleCalls.Make(n)) != 0) n++;
            double averageFrame = (double)j.LiveBytes / n;
            Console.WriteLine("records held: " + n + ", live bytes " + j.LiveBytes + " of " + j.LiveCapacityBytes
                + ", average frame " + averageFrame.ToString("F1") + " bytes, storage used " + s.TotalLength);
            Assert.IsTrue(n >= 10000, "held " + n);
            Assert.IsTrue(s.TotalLength <= OutboxJournal.DefaultCapacityBytes);
        }

        [TestMethod]
        public void Storage_never_exceeds_the_budget_while_full_and_draining()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, 64 * 1024);
            CallRecord r = new CallRecord();
            int n = 0;
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < 400; i++) j.Append(SampleCalls.Make(n++));
                for (int i = 0; i < 300; i++)
                {
                    long seq = j.ReadNext(r);
                    if (seq == 0) break;
                    j.AckThrough(seq);
                }
                Assert.IsTrue(s.TotalLength <= 64 * 1024, "round " + round + ": " + s.TotalLength);
            }
            Assert.IsTrue(j.Dropped > 0, "the test overflows the journal");
        }
    }
}
