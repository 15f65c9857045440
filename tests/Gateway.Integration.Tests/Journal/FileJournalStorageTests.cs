using Gateway.Cli.Mqtt;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Journal;

/// <summary>Core's outbox journal on the host's file storage.</summary>
[TestClass]
public class FileJournalStorageTests
{
    static CallRecord Call(int n) => new()
    {
        Box = "box-1", Line = "L1", Direction = CallDirection.Outgoing, Digits = "0301234" + n, Dial = DialMethod.Dtmf,
        StartUnixMs = 1_764_000_000_000 + n * 60_000L, EndUnixMs = 1_764_000_030_000 + n * 60_000L, DurationMs = 30_000,
        Outcome = CallOutcome.Completed, ClockSynced = true,
    };

    [TestMethod]
    public void Unacknowledged_records_are_still_there_when_the_journal_is_opened_again()
    {
        string dir = TempDirs.Create("gateway-journal-");
        using (var storage = new FileJournalStorage(dir) { SyncToDisk = false })
        {
            var journal = new OutboxJournal(storage, "box-1", FlashBudget.FourMbModuleDefault().JournalBytes, 0x1d2e3f4a5b6c7d8e);
            for (int i = 1; i <= 50; i++)
                Assert.AreEqual(i, journal.Append(Call(i)));
            var into = new CallRecord();
            for (int i = 1; i <= 16; i++)
                journal.ReadNext(into);
            journal.AckThrough(16);
        }

        using var reopened = new FileJournalStorage(dir) { SyncToDisk = false };
        var recovered = new OutboxJournal(reopened, "box-1", FlashBudget.FourMbModuleDefault().JournalBytes, 0x1d2e3f4a5b6c7d8e);
        var next = new CallRecord();
        Assert.AreEqual(34, recovered.Depth);
        Assert.AreEqual(17, recovered.ReadNext(next));
        Assert.AreEqual("030123417", next.Digits);
        Assert.AreEqual(65, recovered.NextSeq, "above the block reserved for seqs 49..64");
        Assert.AreEqual(0x1d2e3f4a5b6c7d8e, recovered.Epoch);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "journal.id.a")) && File.Exists(Path.Combine(dir, "journal.id.b")), "both identity copies on disk");
        Assert.IsNull(recovered.LastError);
    }

    [TestMethod]
    public void Segments_are_listed_in_order_and_read_back_byte_for_byte()
    {
        string dir = TempDirs.Create("gateway-journal-");
        using var storage = new FileJournalStorage(dir);
        storage.Append(12, [1, 2, 3], 0, 3);
        storage.Append(3, [9], 0, 1);
        storage.Append(12, [4, 5], 0, 2);

        CollectionAssert.AreEqual(new[] { 3, 12 }, storage.ListSegments());
        Assert.AreEqual(5, storage.GetLength(12));
        var buffer = new byte[8];
        Assert.AreEqual(4, storage.Read(12, 1, buffer, 2, 6));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 2, 3, 4, 5, 0, 0 }, buffer);
        storage.Delete(3);
        CollectionAssert.AreEqual(new[] { 12 }, storage.ListSegments());
        Assert.AreEqual(0, storage.GetLength(3));
    }

    [TestMethod]
    public void A_journal_directory_in_use_by_another_box_is_refused()
    {
        string dir = TempDirs.Create("gateway-journal-");
        using var first = new FileJournalStorage(dir);

        var e = Assert.ThrowsExactly<IOException>(() => new FileJournalStorage(dir));
        StringAssert.Contains(e.Message, "in use by another box");
    }
}
