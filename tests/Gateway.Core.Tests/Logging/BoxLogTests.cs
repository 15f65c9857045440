using System;
using Gateway.Core.Logging;
using Gateway.Core.Messaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Logging
{
    /// <summary>The box log: a ring within its flash budget that survives restarts, torn writes and
    /// bit rot, and never blocks or throws at the caller.</summary>
    [TestClass]
    public class BoxLogTests
    {
        private const int Segment = BoxLog.MinSegmentBytes;

        // seq:boot:level:text of every entry the log still hands out, comma-separated.
        private static string ReadAll(BoxLog log)
        {
            string all = "";
            LogEntry e = new LogEntry();
            while (log.ReadNext(e)) all += (all.Length == 0 ? "" : ",") + e.Seq + ":" + e.Boot + ":" + (int)e.Level + ":" + e.Text;
            return all;
        }

        private static string Texts(BoxLog log)
        {
            string all = "";
            LogEntry e = new LogEntry();
            while (log.ReadNext(e)) all += (all.Length == 0 ? "" : ",") + e.Text;
            return all;
        }

        private static void AssertWithinBudget(MemoryJournalStorage storage, BoxLog log)
        {
            Assert.IsTrue(storage.ListSegments().Length <= 2, "segments: " + storage.ListSegments().Length);
            Assert.IsTrue(storage.TotalLength <= log.BudgetBytes, "stored " + storage.TotalLength + " of " + log.BudgetBytes);
        }

        [TestMethod]
        public void Entries_come_back_in_order_with_time_boot_level_and_text()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            Assert.AreEqual(1, log.Boot);
            log.Write(LogLevel.Info, "boot 1", 40);
            Assert.IsFalse(log.ReadNext(new LogEntry()), "an entry is handed out only once stored");
            log.SetTimeBase(1795598100000, true);
            log.Write(LogLevel.Warning, "wifi: not connected (NetworkHelperStatus 3), retrying", 5000);
            log.Write(LogLevel.Error, "FAULT (settings)", 6000);
            log.Flush();
            LogEntry e = new LogEntry();
            Assert.IsTrue(log.ReadNext(e));
            Assert.AreEqual(1L, e.Seq);
            Assert.AreEqual(1, e.Boot);
            Assert.AreEqual(40L, e.UptimeMs);
            Assert.IsFalse(e.ClockSynced);
            Assert.AreEqual(40L, e.UnixMs, "before SNTP the time is the uptime counted from 1970");
            Assert.AreEqual(LogLevel.Info, e.Level);
            Assert.AreEqual("boot 1", e.Text);
            Assert.IsTrue(log.ReadNext(e));
            Assert.AreEqual(2L, e.Seq);
            Assert.IsTrue(e.ClockSynced);
            Assert.AreEqual(1795598105000L, e.UnixMs);
            Assert.AreEqual(LogLevel.Warning, e.Level);
            Assert.AreEqual("wifi: not connected (NetworkHelperStatus 3), retrying", e.Text);
            Assert.IsTrue(log.ReadNext(e));
            Assert.AreEqual(3L, e.Seq);
            Assert.AreEqual(LogLevel.Error, e.Level);
            Assert.IsFalse(log.ReadNext(e));
        }

        [TestMethod]
        public void The_ring_drops_the_oldest_entries_and_never_exceeds_its_budget()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            for (int i = 1; i <= 300; i++)
            {
                log.Write(LogLevel.Info, "entry " + i + " of the wrap-around test", i);
                if (i % 3 == 0) log.Flush();
                AssertWithinBudget(storage, log);
            }
            BoxLog after = new BoxLog(storage.Reboot(), Segment);
            LogEntry e = new LogEntry();
            long first = 0, last = 0, newest = 0;
            int count = 0;
            while (after.ReadNext(e))
            {
                if (first == 0) first = e.Seq;
                else Assert.AreEqual(last + 1, e.Seq, "kept entries are contiguous");
                Assert.IsTrue(e.Text.EndsWith(" of the wrap-around test") || e.Text.StartsWith("log: entries "), e.Text);
                if (e.Text.EndsWith(" of the wrap-around test")) newest = long.Parse(e.Text.Substring(6, e.Text.Length - 6 - " of the wrap-around test".Length));
                last = e.Seq;
                count++;
            }
            Assert.AreEqual(300L, newest, "the newest entry is kept");
            Assert.IsTrue(first > 1, "the oldest entries went");
            // At least one full segment (about 35 bytes an entry) is always kept besides the newer one.
            Assert.IsTrue(count >= Segment / 40, "kept only " + count);
        }

        [TestMethod]
        public void The_device_ring_stays_within_its_8_KiB_of_flash()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, BoxLog.DeviceSegmentBytes);
            Assert.AreEqual(8192, log.BudgetBytes);
            Assert.AreEqual(BoxLog.DeviceBudgetBytes, log.BudgetBytes);
            string longest = "";
            for (int i = 0; i < BoxLog.MaxTextBytes; i++) longest += "w";
            int most = 0;
            for (int i = 1; i <= 200; i++)
            {
                log.Write(LogLevel.Warning, i % 2 == 0 ? longest : "mqtt: connection closed after " + i + " s", i * 1000L);
                if (i % 5 == 0) log.Flush();
                AssertWithinBudget(storage, log);
                if (storage.TotalLength > most) most = storage.TotalLength;
            }
            Assert.IsTrue(most > BoxLog.DeviceBudgetBytes - 2 * 250, "the ring used its budget: " + most);
        }

        [TestMethod]
        public void Entries_overwritten_before_they_were_read_are_announced_so_no_gap_is_unexplained()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            LogEntry e = new LogEntry();
            for (int i = 1; i <= 200; i++)
            {
                log.Write(LogLevel.Info, "offline entry " + i, i);
                log.Flush();
                // The publisher keeps up for a while, then the box is offline.
                if (i <= 20) Assert.IsTrue(log.ReadNext(e));
            }
            log.Flush();
            long end = log.NextSeq;
            bool[] explained = new bool[end];
            string lastAnnouncement = null;
            while (log.ReadNext(e))
            {
                explained[e.Seq] = true;
                if (!e.Text.StartsWith("log: entries ")) continue;
                lastAnnouncement = e.Text;
                Assert.AreEqual(LogLevel.Warning, e.Level);
                // "log: entries A-B overwritten before they were published"
                string range = e.Text.Substring("log: entries ".Length, e.Text.IndexOf(' ', "log: entries ".Length) - "log: entries ".Length);
                long a = long.Parse(range.Substring(0, range.IndexOf('-')));
                long b = long.Parse(range.Substring(range.IndexOf('-') + 1));
                for (long k = a; k <= b; k++) explained[k] = true;
            }
            Assert.IsNotNull(lastAnnouncement, "the ring turned over while offline");
            Assert.IsTrue(lastAnnouncement.StartsWith("log: entries 21-"), "counted from the last entry read: " + lastAnnouncement);
            for (long k = 21; k < end; k++) Assert.IsTrue(explained[k], "seq " + k + " neither kept nor announced");
        }

        [TestMethod]
        public void A_restart_keeps_the_entries_and_counts_the_boot()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            log.Write(LogLevel.Info, "a", 1);
            log.Write(LogLevel.Warning, "b", 2);
            log.Flush();
            log.Write(LogLevel.Info, "never stored", 3);
            BoxLog second = new BoxLog(storage.Reboot(), Segment);
            Assert.AreEqual(2, second.Boot);
            Assert.AreEqual(3L, second.NextSeq);
            second.Write(LogLevel.Error, "c", 1);
            second.Flush();
            Assert.AreEqual("1:1:0:a,2:1:1:b,3:2:2:c", ReadAll(second));
        }

        [TestMethod]
        public void A_power_cut_at_any_byte_keeps_every_complete_entry()
        {
            // Reference run: where each entry's frame ends in storage.
            MemoryJournalStorage reference = new MemoryJournalStorage();
            BoxLog refLog = new BoxLog(reference, Segment);
            long[] ends = new long[30];
            for (int i = 0; i < ends.Length; i++)
            {
                refLog.Write(LogLevel.Info, "entry " + (i + 1), i);
                refLog.Flush();
                ends[i] = reference.BytesWritten;
            }
            for (long cut = 0; cut <= ends[ends.Length - 1]; cut += 3)
            {
                MemoryJournalStorage storage = new MemoryJournalStorage();
                storage.CutPowerAfter(cut);
                BoxLog log = new BoxLog(storage, Segment);
                for (int i = 0; i < ends.Length; i++)
                {
                    log.Write(LogLevel.Info, "entry " + (i + 1), i);
                    log.Flush(); // must not throw, however the storage fails
                }
                int complete = 0;
                while (complete < ends.Length && ends[complete] <= cut) complete++;
                MemoryJournalStorage survived = storage.Reboot();
                BoxLog after = new BoxLog(survived, Segment);
                string expected = "";
                for (int i = 0; i < complete; i++) expected += (i == 0 ? "" : ",") + "entry " + (i + 1);
                Assert.AreEqual(expected, Texts(after), "cut after " + cut + " bytes");
                Assert.AreEqual(complete + 1L, after.NextSeq, "cut after " + cut);
                // The log goes on after the torn tail.
                after.Write(LogLevel.Info, "after", 0);
                after.Flush();
                Assert.AreEqual("after", Texts(after), "cut after " + cut);
                AssertWithinBudget(survived, after);
            }
        }

        [TestMethod]
        public void A_power_cut_while_the_ring_turns_over_keeps_the_log_usable_and_in_budget()
        {
            for (long cut = 0; cut < 2600; cut += 7)
            {
                MemoryJournalStorage storage = new MemoryJournalStorage();
                storage.CutPowerAfter(cut);
                BoxLog log = new BoxLog(storage, Segment);
                for (int i = 1; i <= 80; i++)
                {
                    log.Write(LogLevel.Info, "turnover entry " + i, i);
                    log.Flush();
                }
                MemoryJournalStorage survived = storage.Reboot();
                BoxLog after = new BoxLog(survived, Segment);
                AssertWithinBudget(survived, after);
                LogEntry e = new LogEntry();
                long last = 0;
                while (after.ReadNext(e))
                {
                    Assert.IsTrue(e.Seq > last, "cut " + cut + ": seq " + e.Seq + " after " + last);
                    Assert.IsTrue(e.Text.StartsWith("turnover entry ") || e.Text.StartsWith("log: entries "), "cut " + cut + ": " + e.Text);
                    last = e.Seq;
                }
                Assert.AreEqual(last + 1, after.NextSeq, "cut " + cut + ": the next seq follows the last kept entry");
                after.Write(LogLevel.Info, "turnover entry after the restart", 0);
                after.Flush();
                Assert.IsTrue(after.ReadNext(e));
                Assert.AreEqual(last + 1, e.Seq, "cut " + cut);
            }
        }

        [TestMethod]
        public void Corrupt_bytes_lose_only_the_entries_they_hit()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            int[] starts = new int[6];
            for (int i = 0; i < 6; i++)
            {
                starts[i] = storage.TotalLength;
                log.Write(LogLevel.Info, "entry " + (i + 1), i);
                log.Flush();
            }
            int segment = storage.ListSegments()[0];
            storage.Corrupt(segment, starts[0], 0xFF);         // a magic byte
            storage.Corrupt(segment, starts[2] + 1, 0x01);     // a length
            storage.Corrupt(segment, starts[4] + 8, 0x20);     // the text
            BoxLog after = new BoxLog(storage.Reboot(), Segment);
            Assert.AreEqual("entry 2,entry 4,entry 6", Texts(after));
            Assert.AreEqual(7L, after.NextSeq);
        }

        [TestMethod]
        public void The_publication_mark_travels_in_the_next_entry_written()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            BoxLog log = new BoxLog(storage, Segment);
            for (int i = 1; i <= 3; i++) log.Write(LogLevel.Info, "e" + i, i);
            log.Flush();
            LogEntry e = new LogEntry();
            Assert.IsTrue(log.ReadNext(e));
            Assert.IsTrue(log.ReadNext(e));
            log.MarkPublished(2);
            log.Write(LogLevel.Info, "e4", 4);
            log.Flush();
            Assert.AreEqual("3:1:0:e3,4:1:0:e4", ReadAll(log));
            log.MarkPublished(4);
            BoxLog after = new BoxLog(storage.Reboot(), Segment);
            Assert.AreEqual(2L, after.PublishedThrough, "a mark set after the last entry written is not kept");
            Assert.AreEqual("3:1:0:e3,4:1:0:e4", ReadAll(after));
        }

        [TestMethod]
        public void Long_texts_are_cut_between_characters_and_end_in_an_ellipsis()
        {
            BoxLog log = new BoxLog(new MemoryJournalStorage(), Segment);
            string accents = "";
            for (int i = 0; i < 150; i++) accents += "\u00e9";
            log.Write(LogLevel.Info, accents, 0);
            log.Write(LogLevel.Info, null, 0);
            string exact = "";
            for (int i = 0; i < BoxLog.MaxTextBytes; i++) exact += "x";
            log.Write(LogLevel.Info, exact, 0);
            log.Flush();
            LogEntry e = new LogEntry();
            Assert.IsTrue(log.ReadNext(e));
            Assert.IsTrue(Utf8.ByteCount(e.Text) <= BoxLog.MaxTextBytes, "bytes: " + Utf8.ByteCount(e.Text));
            Assert.IsTrue(e.Text.EndsWith("..."), e.Text);
            Assert.AreEqual(accents.Substring(0, e.Text.Length - 3), e.Text.Substring(0, e.Text.Length - 3));
            Assert.IsTrue(log.ReadNext(e));
            Assert.AreEqual("", e.Text);
            Assert.IsTrue(log.ReadNext(e));
            Assert.AreEqual(exact, e.Text, "a text of exactly the limit is kept whole");
        }

        [TestMethod]
        public void Entries_beyond_the_ram_buffer_are_counted_and_reported_once_stored()
        {
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.DeviceSegmentBytes);
            for (int i = 1; i <= 100; i++) log.Write(LogLevel.Info, "burst " + i, i);
            Assert.IsTrue(log.Lost > 0, "a 1 KiB buffer cannot hold 100 entries");
            long lost = log.Lost;
            log.Flush();
            log.Flush();
            LogEntry e = new LogEntry();
            string last = null;
            int n = 0;
            while (log.ReadNext(e))
            {
                last = e.Text;
                n++;
                if (n < 100 - lost + 1) Assert.AreEqual("burst " + n, e.Text);
            }
            Assert.AreEqual(100 - lost + 1, (long)n);
            Assert.AreEqual("log: " + lost + " entries lost (logged faster than stored)", last);
        }

        [TestMethod]
        public void A_failing_storage_loses_entries_visibly_and_never_throws()
        {
            FailingStorage storage = new FailingStorage();
            BoxLog log = new BoxLog(storage, Segment);
            log.Write(LogLevel.Info, "kept", 1);
            log.Flush();
            storage.Failing = true;
            log.Write(LogLevel.Info, "lost 1", 2);
            log.Write(LogLevel.Info, "lost 2", 3);
            log.Flush();
            Assert.AreEqual(2L, log.Lost);
            Assert.AreEqual("flash broke", log.LastError);
            storage.Failing = false;
            log.Write(LogLevel.Info, "back", 4);
            log.Flush();
            log.Flush();
            Assert.AreEqual("kept,back,log: 2 entries lost (storage: flash broke)", Texts(log));
            BoxLog unavailable = new BoxLog(new UnavailableJournalStorage("no file system"), Segment);
            unavailable.Write(LogLevel.Error, "x", 0);
            unavailable.Flush();
            Assert.AreEqual(1L, unavailable.Lost);
            Assert.IsFalse(unavailable.ReadNext(new LogEntry()));
        }

        /// <summary>RAM storage whose writes fail while <see cref="Failing"/> is set.</summary>
        private sealed class FailingStorage : IJournalStorage
        {
            private readonly MemoryJournalStorage _inner = new MemoryJournalStorage();
            public bool Failing;
            public int[] ListSegments() { return _inner.ListSegments(); }
            public int GetLength(int segment) { return _inner.GetLength(segment); }
            public int Read(int segment, int offset, byte[] buffer, int index, int count) { return _inner.Read(segment, offset, buffer, index, count); }
            public void Append(int segment, byte[] buffer, int index, int count)
            {
                if (Failing) throw new InvalidOperationException("flash broke");
                _inner.Append(segment, buffer, index, count);
            }
            public int ReadIdentity(int copy, byte[] buffer, int index, int count) { return _inner.ReadIdentity(copy, buffer, index, count); }
            public void WriteIdentity(int copy, byte[] buffer, int index, int count) { _inner.WriteIdentity(copy, buffer, index, count); }
            public void Delete(int segment)
            {
                if (Failing) throw new InvalidOperationException("flash broke");
                _inner.Delete(segment);
            }
        }
    }
}
