using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Staged transfers into the rules slot: any chunk order, repeats, loss and resume across
    /// reboots, refusals up front, the CRC, and a failed set giving the old one back from its file.</summary>
    [TestClass]
    public class RuleTransferTests
    {
        internal const string OldVersion = "old-1";
        internal const string NewVersion = "new-2";
        internal const int ChunkBytes = 256;
        internal const int SlotFileBytes = 64 * 1024;

        internal static byte[] OldImage() { return TransferSender.GeneratedImage(0, 0, OldVersion, "block 00\n"); }

        internal static TransferSender NewSet() { return new TransferSender(TransferSender.GeneratedImage(400, 1, NewVersion, ""), NewVersion, ChunkBytes, 1000); }

        // A slot holding the old set as saved, and a rule book with it in force (as at boot).
        internal static MemoryRulesSlot SlotWithOldSet()
        {
            MemoryRulesSlot slot = new MemoryRulesSlot();
            byte[] header = AppliedRulesFile.Header(true, OldVersion);
            byte[] image = OldImage();
            slot.Write(RulesSlotFile.Saved, 0, header, 0, header.Length);
            slot.Write(RulesSlotFile.Saved, header.Length, image, 0, image.Length);
            return slot;
        }

        internal static RuleTransfer Boot(IRulesSlot slot, RuleBook book)
        {
            return Boot(slot, book, RuleTransfer.DefaultStoredImageBytes);
        }

        /// <summary>Boots with images of <paramref name="storedImageBytes"/> and more kept in flash (0: every image).</summary>
        internal static RuleTransfer Boot(IRulesSlot slot, RuleBook book, int storedImageBytes)
        {
            RuleTransfer t = new RuleTransfer(slot, book, SlotFileBytes);
            t.StoredImageBytes = storedImageBytes;
            string version, warnings;
            string reason = t.Restore(out version, out warnings);
            Assert.IsNull(reason, reason);
            return t;
        }

        internal static RuleVerdict Verdict(RuleBook book, string number)
        {
            RuleCursor c = book.CreateCursor();
            for (int i = 0; i < number.Length; i++) c.Advance(number[i]);
            return c.Finish();
        }

        // The first rule of NewSet() blocks this number; the old set allows it.
        internal static string NewlyBlocked()
        {
            int n = (1300001 * 7 + 13) % 100000 + 1300000;
            return n.ToString();
        }

        internal static void AssertOld(RuleBook book)
        {
            Assert.AreEqual(OldVersion, book.Version);
            Assert.AreEqual(RuleVerdict.Block, Verdict(book, "0044"));
            Assert.AreEqual(RuleVerdict.Allow, Verdict(book, NewlyBlocked()));
        }

        internal static void AssertNew(RuleBook book)
        {
            Assert.AreEqual(NewVersion, book.Version);
            Assert.AreEqual(RuleVerdict.Allow, Verdict(book, "0044"));
            Assert.AreEqual(RuleVerdict.Block, Verdict(book, NewlyBlocked()));
            Assert.AreEqual(RuleVerdict.Allow, Verdict(book, "110"));
        }

        private static void Send(RuleTransfer t, TransferSender s, int[] order)
        {
            Assert.AreEqual(RuleTransferResult.Receiving, t.OnManifest(s.Manifest));
            for (int k = 0; k < order.Length; k++)
            {
                RuleTransferResult r = t.OnChunk(s.Chunk(order[k]));
                Assert.IsTrue(r == RuleTransferResult.Receiving || r == RuleTransferResult.Pending, "chunk " + order[k]);
            }
        }

        private static void AssertAppliedAndSaved(MemoryRulesSlot slot, RuleTransfer t, RuleBook book)
        {
            Assert.IsTrue(t.PendingApply);
            Assert.AreEqual(RuleTransferResult.Applied, t.Apply(), t.Reason);
            AssertNew(book);
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.Staged));
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.RecordA));
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.RecordB));
            // A reboot restores the new set from rules.bin.
            RuleBook again = new RuleBook();
            Boot(slot.Reboot(), again);
            AssertNew(again);
        }

        // The file the set in force reads its words from, or -1 when they are in RAM.
        internal static int StoredFile(RuleBook book)
        {
            RulesSlotImage image = book.Trie.StoredImage as RulesSlotImage;
            return image == null ? -1 : image.File;
        }

        [TestMethod]
        public void A_set_kept_in_flash_is_read_from_rules_bin_after_the_switch_over_and_after_a_reboot()
        {
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book, 0);
            AssertOld(book);
            Assert.AreEqual(RulesSlotFile.Saved, StoredFile(book), "the old set at boot");
            Assert.AreEqual(AppliedRulesFile.Header(true, OldVersion).Length, ((RulesSlotImage)book.Trie.StoredImage).Offset);

            TransferSender s = NewSet();
            Send(t, s, Range(s.Count, true));
            // Receiving writes rules.new only: the old set still reads rules.bin.
            AssertOld(book);
            Assert.AreEqual(RuleTransferResult.Applied, t.Apply(), t.Reason);
            AssertNew(book);
            Assert.AreEqual(RulesSlotFile.Saved, StoredFile(book), "the new set follows rules.new's rename");
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.Staged));
            Assert.IsTrue(book.Trie.SizeInBytes < book.Trie.LargeArrayBytes, "RAM " + book.Trie.SizeInBytes + " of " + book.Trie.LargeArrayBytes + " bytes kept in flash");

            // A third set staged while the new one is in force leaves rules.bin, and the decisions, alone.
            TransferSender third = new TransferSender(OldImage(), "third-3", ChunkBytes, 2000);
            Assert.AreEqual(RuleTransferResult.Receiving, t.OnManifest(third.Manifest));
            for (int i = 0; i < third.Count; i++) t.OnChunk(third.Chunk(i));
            AssertNew(book);
            Assert.AreEqual(0, book.Trie.StoredReadFaults);

            RuleBook again = new RuleBook();
            Boot(slot.Reboot(), again, 0);
            Assert.AreEqual(RulesSlotFile.Saved, StoredFile(again));
            AssertNew(again);
        }

        [TestMethod]
        public void When_rules_new_cannot_be_renamed_the_set_read_from_it_stays_whole_and_no_transfer_overwrites_it()
        {
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book, 0);
            TransferSender s = NewSet();
            Send(t, s, Range(s.Count, false));
            slot.FailReplace = "the drive refuses renames";
            Assert.AreEqual(RuleTransferResult.Applied, t.Apply(), t.Reason);
            Assert.IsTrue(t.Warnings.IndexOf("not saved for restarts") >= 0, t.Warnings);
            AssertNew(book);
            Assert.AreEqual(RulesSlotFile.Staged, StoredFile(book));

            TransferSender third = new TransferSender(OldImage(), "third-3", ChunkBytes, 2000);
            Assert.AreEqual(RuleTransferResult.Refused, t.OnManifest(third.Manifest));
            Assert.IsTrue(t.Reason.IndexOf("could not be renamed") >= 0, t.Reason);
            Assert.IsTrue(slot.Length(RulesSlotFile.Staged) > 0, "rules.new kept");
            AssertNew(book);

            // Once the drive renames again, the next manifest moves the set to rules.bin first.
            slot.FailReplace = null;
            Assert.AreEqual(RuleTransferResult.Receiving, t.OnManifest(third.Manifest));
            Assert.AreEqual(RulesSlotFile.Saved, StoredFile(book));
            for (int i = 0; i < third.Count; i++) t.OnChunk(third.Chunk(i));
            AssertNew(book);
            RuleBook again = new RuleBook();
            Boot(slot.Reboot(), again, 0);
            AssertNew(again);
        }

        [TestMethod]
        public void Chunks_in_every_order_with_repeats_end_in_the_same_set()
        {
            TransferSender s = NewSet();
            int n = s.Count;
            Assert.IsTrue(n >= 8, "the test set must span several chunks, has " + n);
            for (int trial = 0; trial < 12; trial++)
            {
                int[] order;
                if (trial == 0) order = Range(n, false);
                else if (trial == 1) order = Range(n, true);
                else
                {
                    // Shuffled, with about a third sent twice.
                    SeededRandom rnd = new SeededRandom(trial);
                    int[] shuffled = Range(n, false);
                    for (int i = n - 1; i > 0; i--)
                    {
                        int j = rnd.Next(i + 1);
                        int x = shuffled[i]; shuffled[i] = shuffled[j]; shuffled[j] = x;
                    }
                    order = new int[n + n / 3];
                    for (int i = 0; i < n; i++) order[i] = shuffled[i];
                    for (int i = n; i < order.Length; i++) order[i] = rnd.Next(n);
                    // The repeats go anywhere, also before the chunk's first copy.
                    for (int i = order.Length - 1; i > 0; i--)
                    {
                        int j = rnd.Next(i + 1);
                        int x = order[i]; order[i] = order[j]; order[j] = x;
                    }
                }
                MemoryRulesSlot slot = SlotWithOldSet();
                RuleBook book = new RuleBook();
                RuleTransfer t = Boot(slot, book);
                AssertOld(book);
                Send(t, s, order);
                Assert.AreEqual(n, t.Received, "trial " + trial);
                Assert.AreEqual("", t.MissingRanges(16));
                Assert.AreEqual(order.Length - n, t.RepeatedChunks, "trial " + trial);
                AssertOld(book); // nothing changes before the apply
                AssertAppliedAndSaved(slot, t, book);
            }
        }

        [TestMethod]
        public void Lost_chunks_are_listed_and_a_reboot_resumes_where_it_stopped()
        {
            TransferSender s = NewSet();
            int n = s.Count;
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            Assert.AreEqual(RuleTransferResult.Receiving, t.OnManifest(s.Manifest));
            // Lost: 0, 3-5 and the last one.
            for (int i = 0; i < n; i++)
                if (i != 0 && (i < 3 || i > 5) && i != n - 1) t.OnChunk(s.Chunk(i));
            string missing = "0,3-5," + (n - 1);
            Assert.AreEqual(missing, t.MissingRanges(16));
            Assert.AreEqual("0,...", t.MissingRanges(1));
            Assert.AreEqual(n - 5, t.Received);

            // Power off and on: the record brings the bitmap back; the old set is in force.
            MemoryRulesSlot after = slot.Reboot();
            RuleBook book2 = new RuleBook();
            RuleTransfer t2 = Boot(after, book2);
            AssertOld(book2);
            Assert.IsNotNull(t2.Manifest);
            Assert.IsTrue(s.Manifest.SameAs(t2.Manifest));
            Assert.AreEqual(missing, t2.MissingRanges(16));
            // The retained manifest comes again after the reconnect: the transfer goes on, nothing is lost.
            Assert.AreEqual(RuleTransferResult.Receiving, t2.OnManifest(s.Manifest));
            Assert.AreEqual(missing, t2.MissingRanges(16));
            t2.OnChunk(s.Chunk(n - 1));
            t2.OnChunk(s.Chunk(4));
            t2.OnChunk(s.Chunk(0));
            t2.OnChunk(s.Chunk(3));
            Assert.AreEqual(RuleTransferResult.Pending, t2.OnChunk(s.Chunk(5)));
            AssertAppliedAndSaved(after, t2, book2);
        }

        [TestMethod]
        public void A_chunk_of_another_transfer_or_with_a_bad_index_or_length_is_ignored()
        {
            TransferSender s = NewSet();
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(s.Chunk(0)), "no transfer yet");
            t.OnManifest(s.Manifest);
            byte[] other = s.Chunk(1);
            other[4] ^= 1;
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(other));
            byte[] beyond = s.Chunk(1);
            RuleChunk.WriteHeader(beyond, s.Manifest.Crc32, s.Count);
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(beyond));
            byte[] shortChunk = new byte[RuleChunk.HeaderBytes + 10];
            RuleChunk.WriteHeader(shortChunk, s.Manifest.Crc32, 0);
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(shortChunk));
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(new byte[3]));
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(null));
            Assert.AreEqual(0, t.Received);
            Assert.AreEqual(6, t.IgnoredChunks);
        }

        [TestMethod]
        public void A_set_that_does_not_fit_the_slot_is_refused_before_its_first_chunk()
        {
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = new RuleTransfer(slot, book, 1024);
            string v, w;
            Assert.IsNull(t.Restore(out v, out w));
            TransferSender s = NewSet();
            Assert.IsTrue(s.Image.Length > 1024);
            long written = slot.UnitsWritten;
            Assert.AreEqual(RuleTransferResult.Refused, t.OnManifest(s.Manifest));
            int max = 1024 - AppliedRulesFile.Header(true, NewVersion).Length;
            Assert.AreEqual("rule set of " + s.Image.Length + " bytes does not fit this box's rules slot on flash (at most " + max
                + " bytes of image; settings maxRuleSetBytes, docs/flash.md)", t.Reason);
            Assert.AreEqual(written, slot.UnitsWritten, "nothing written");
            Assert.IsNull(t.Manifest);
            AssertOld(book);
        }

        [TestMethod]
        public void A_newer_manifest_restarts_the_transfer_and_an_older_one_is_refused()
        {
            TransferSender first = NewSet();
            TransferSender newer = new TransferSender(TransferSender.GeneratedImage(300, 2, "new-3", ""), "new-3", ChunkBytes, 2000);
            TransferSender older = new TransferSender(TransferSender.GeneratedImage(300, 3, "new-0", ""), "new-0", ChunkBytes, 500);
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            t.OnManifest(first.Manifest);
            for (int i = 0; i < 4; i++) t.OnChunk(first.Chunk(i));
            Assert.AreEqual(RuleTransferResult.Receiving, t.OnManifest(newer.Manifest));
            Assert.AreEqual("new-3", t.Manifest.Version);
            Assert.AreEqual(0, t.Received);
            Assert.AreEqual(RuleTransferResult.Ignored, t.OnChunk(first.Chunk(5)), "the superseded transfer's chunks");
            Assert.AreEqual(RuleTransferResult.Refused, t.OnManifest(older.Manifest));
            Assert.AreEqual("manifest of new-0 is older (issued 500) than the transfer of new-3 in progress (issued 2000); the newer one continues", t.Reason);
            for (int i = 0; i < newer.Count; i++) t.OnChunk(newer.Chunk(i));
            Assert.AreEqual(RuleTransferResult.Applied, t.Apply(), t.Reason);
            Assert.AreEqual("new-3", book.Version);
        }

        [TestMethod]
        public void A_set_whose_crc_does_not_match_the_manifest_is_refused_and_dropped()
        {
            TransferSender s = NewSet();
            s.Manifest.Crc32 ^= 0; // chunks name the manifest's CRC; the bytes are damaged instead
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            t.OnManifest(s.Manifest);
            for (int i = 0; i < s.Count - 1; i++) t.OnChunk(s.Chunk(i));
            // Bit rot in the staging file before the last chunk comes.
            slot.Corrupt(RulesSlotFile.Staged, AppliedRulesFile.Header(true, NewVersion).Length + 5, 0x10);
            Assert.AreEqual(RuleTransferResult.Refused, t.OnChunk(s.Chunk(s.Count - 1)));
            Assert.IsTrue(t.Reason.IndexOf("the received set's CRC-32 is 0x") >= 0, t.Reason);
            Assert.IsTrue(t.Reason.IndexOf(", the manifest says 0x" + s.Manifest.Crc32.ToString("X8")) >= 0, t.Reason);
            Assert.IsNull(t.Manifest);
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.Staged));
            AssertOld(book);
        }

        [TestMethod]
        public void A_set_that_fails_to_load_gives_the_old_one_back_from_its_file()
        {
            // The rules engine refuses a network update aimed at an emergency number (only at the apply).
            byte[] image = TransferSender.GeneratedImage(200, 4, "bad-1", "block 112\n");
            TransferSender s = new TransferSender(image, "bad-1", ChunkBytes, 3000);
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            t.OnManifest(s.Manifest);
            for (int i = 0; i < s.Count; i++) t.OnChunk(s.Chunk(i));
            Assert.IsTrue(t.PendingApply);
            Assert.AreEqual(RuleTransferResult.Refused, t.Apply());
            Assert.AreEqual("an update may never block emergency numbers: rule 'block 112' targets emergency number 112", t.Reason);
            AssertOld(book);
            Assert.IsNull(t.RestoreFault);
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.Staged));
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.RecordA));
        }

        [TestMethod]
        public void The_old_trie_is_let_go_before_the_new_one_is_loaded()
        {
            TransferSender s = NewSet();
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            RuleCursor idle = book.CreateCursor();
            idle.Reset();
            RuleTrie old = book.Trie;
            Send(t, s, Range(s.Count, false));
            // A source that reports what is in force while the image streams in.
            ProbeSlot probe = new ProbeSlot(slot, book, old);
            RuleTransfer t2 = Boot(probe.Slot, book);
            Assert.AreEqual(RuleTransferResult.Applied, t2.Apply(), t2.Reason);
            Assert.IsTrue(probe.Reads > 0);
            Assert.IsFalse(probe.SawOldTrie, "the old trie was still in force while the new one loaded");
            Assert.AreEqual(NewVersion, book.Version);
        }

        [TestMethod]
        public void The_heap_is_compacted_once_the_old_trie_is_let_go_before_the_new_one_loads()
        {
            TransferSender s = NewSet();
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            RuleTrie old = book.Trie;
            Send(t, s, Range(s.Count, false));
            ProbeSlot probe = new ProbeSlot(slot, book, old);
            RuleTransfer t2 = Boot(probe.Slot, book);
            RecordingCompactor compactor = new RecordingCompactor(book, probe);
            t2.Compactor = compactor;
            Assert.AreEqual(RuleTransferResult.Applied, t2.Apply(), t2.Reason);
            Assert.AreEqual("let go of " + OldVersion + " at read 0;", compactor.Log);
            AssertNew(book);
        }

        [TestMethod]
        public void A_set_that_fails_to_load_is_compacted_away_before_the_old_one_comes_back()
        {
            byte[] image = TransferSender.GeneratedImage(200, 4, "bad-1", "block 112\n");
            TransferSender s = new TransferSender(image, "bad-1", ChunkBytes, 3000);
            MemoryRulesSlot slot = SlotWithOldSet();
            RuleBook book = new RuleBook();
            RuleTransfer t = Boot(slot, book);
            RuleTrie old = book.Trie;
            t.OnManifest(s.Manifest);
            for (int i = 0; i < s.Count; i++) t.OnChunk(s.Chunk(i));
            ProbeSlot probe = new ProbeSlot(slot, book, old);
            RuleTransfer t2 = Boot(probe.Slot, book);
            RecordingCompactor compactor = new RecordingCompactor(book, probe);
            t2.Compactor = compactor;
            Assert.AreEqual(RuleTransferResult.Refused, t2.Apply());
            int reads = probe.Reads;
            Assert.IsTrue(reads > 0);
            Assert.AreEqual("let go of " + OldVersion + " at read 0;let go of " + OldVersion + " at read " + reads + ";", compactor.Log);
            AssertOld(book);
        }

        /// <summary>Notes, at each compaction, whether the old set is out of force and how far the staged set was read.</summary>
        private sealed class RecordingCompactor : IHeapCompactor
        {
            private readonly RuleBook _book;
            private readonly ProbeSlot _probe;
            public string Log = "";

            public RecordingCompactor(RuleBook book, ProbeSlot probe)
            {
                _book = book;
                _probe = probe;
            }

            public void Compact()
            {
                Log += (_book.Version == "" ? "let go of " + OldVersion : "still " + _book.Version) + " at read " + _probe.Reads + ";";
            }
        }

        /// <summary>A slot that checks, on every read of the staging file, that the old trie is no longer in force.</summary>
        private sealed class ProbeSlot : IRulesSlot
        {
            private readonly MemoryRulesSlot _inner;
            private readonly RuleBook _book;
            private readonly RuleTrie _old;
            public int Reads;
            public bool SawOldTrie;

            public ProbeSlot(MemoryRulesSlot inner, RuleBook book, RuleTrie old)
            {
                _inner = inner;
                _book = book;
                _old = old;
            }

            public IRulesSlot Slot { get { return this; } }

            public int Length(int file) { return _inner.Length(file); }

            public int Read(int file, int position, byte[] buffer, int offset, int count)
            {
                if (file == RulesSlotFile.Staged && position > 0)
                {
                    Reads++;
                    if (_book.Trie == _old) SawOldTrie = true;
                }
                return _inner.Read(file, position, buffer, offset, count);
            }

            public void Write(int file, int position, byte[] data, int offset, int count) { _inner.Write(file, position, data, offset, count); }
            public void Delete(int file) { _inner.Delete(file); }
            public void Replace(int from, int to) { _inner.Replace(from, to); }
        }

        internal static int[] Range(int n, bool descending)
        {
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = descending ? n - 1 - i : i;
            return r;
        }
    }
}
