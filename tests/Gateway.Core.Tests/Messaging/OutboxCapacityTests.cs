using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The capacity figures of docs/mqtt.md ("Outbox capacity"), measured.</summary>
    [TestClass]
    public class OutboxCapacityTests
    {
        /// <summary>Records the default box on the BOM's 4 MB module holds while offline: docs/flash.md's table.</summary>
        public const int FourMbModuleRecords = 2180;

        [TestMethod]
        public void The_default_budget_of_the_4_MB_module_holds_the_records_the_docs_say()
        {
            int budget = FlashBudget.FourMbModuleDefault().JournalBytes;
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, budget, SampleCalls.Epoch);
            int n = 0;
            while (j.Append(SampleCalls.Make(n)) != 0) n++;
            Console.WriteLine("records held: " + n + ", live bytes " + j.LiveBytes + " of " + j.LiveCapacityBytes
                + ", average frame " + ((double)j.LiveBytes / n).ToString("F1") + " bytes, storage used " + s.TotalLength + " of " + budget);
            Assert.AreEqual(FourMbModuleRecords, n, "docs/flash.md and docs/mqtt.md quote this figure");
            Assert.IsTrue(s.TotalLength <= budget);
            Assert.AreEqual(OutboxJournal.FullFault, j.Fault);
        }

        [TestMethod]
        public void Storage_never_exceeds_the_budget_while_full_and_draining()
        {
            MemoryJournalStorage s = new MemoryJournalStorage();
            OutboxJournal j = new OutboxJournal(s, SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
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
