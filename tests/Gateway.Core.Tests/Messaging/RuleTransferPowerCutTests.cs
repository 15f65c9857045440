using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>A staged transfer with the power cut after every byte it writes (staging file, record
    /// copies) and at every step of the switch-over: after the reboot the old set or the new one is
    /// in force, whole, emergency numbers pass, and resending what the box reports missing ends applied.</summary>
    [TestClass]
    public partial class RuleTransferPowerCutTests
    {
        // Chunk 2 comes last, so that one write lands before data already on flash.
        private static int[] Order(int n)
        {
            int[] order = new int[n + 1];
            int k = 0;
            for (int i = 0; i < n; i++) if (i != 2) order[k++] = i;
            order[k++] = 2;
            order[k] = 0; // a repeat
            return order;
        }

        /// <summary>Runs the sweep with a cut after every <paramref name="stride"/>-th unit; returns how many cuts were tried.</summary>
        internal static int Sweep(int stride)
        {
            return Sweep(stride, RuleTransfer.DefaultStoredImageBytes);
        }

        /// <summary>The sweep with images of <paramref name="storedImageBytes"/> and more kept in flash (0: every one).</summary>
        internal static int Sweep(int stride, int storedImageBytes)
        {
            TransferSender s = RuleTransferTests.NewSet();
            int[] order = Order(s.Count);
            int tried = 0;
            for (long cut = 0; ; cut += stride)
            {
                MemoryRulesSlot slot = RuleTransferTests.SlotWithOldSet();
                RuleBook book = new RuleBook();
                RuleTransfer t = RuleTransferTests.Boot(slot, book, storedImageBytes);
                slot.CutPowerAfter(cut);
                bool died = false;
                try
                {
                    t.OnManifest(s.Manifest);
                    for (int k = 0; k < order.Length; k++) t.OnChunk(s.Chunk(order[k]));
                    Assert.AreEqual(RuleTransferResult.Applied, t.Apply(), t.Reason);
                }
                catch (PowerLossException)
                {
                    died = true;
                }
                if (!died)
                {
                    Assert.IsTrue(tried * stride > 1000, "the sweep must cut all through the transfer, tried " + tried);
                    RuleTransferTests.AssertNew(book);
                    return tried;
                }
                tried++;
                // After the reboot: whole old or whole new, never the built-in default or a mix.
                MemoryRulesSlot after = slot.Reboot();
                RuleBook book2 = new RuleBook();
                RuleTransfer t2 = new RuleTransfer(after, book2, RuleTransferTests.SlotFileBytes);
                t2.StoredImageBytes = storedImageBytes;
                string version, warnings;
                string reason = t2.Restore(out version, out warnings);
                Assert.IsNull(reason, "cut " + cut + ": " + reason);
                Assert.AreEqual(RuleVerdict.Allow, RuleTransferTests.Verdict(book2, "110"), "cut " + cut);
                if (storedImageBytes == 0) Assert.AreEqual(RulesSlotFile.Saved, RuleTransferTests.StoredFile(book2), "cut " + cut + ": the set in force is read from rules.bin");
                if (book2.Version == RuleTransferTests.NewVersion)
                {
                    RuleTransferTests.AssertNew(book2);
                    Assert.IsNull(t2.Manifest, "cut " + cut + ": the record outlived the switch-over");
                    continue;
                }
                RuleTransferTests.AssertOld(book2);
                // The sender resumes: the retained manifest again, then what the box reports missing.
                t2.OnManifest(s.Manifest);
                for (int i = 0; i < s.Count; i++)
                    if (!t2.Has(i)) t2.OnChunk(s.Chunk(i));
                Assert.IsTrue(t2.PendingApply, "cut " + cut + ": " + t2.Reason);
                Assert.AreEqual(RuleTransferResult.Applied, t2.Apply(), "cut " + cut + ": " + t2.Reason);
                RuleTransferTests.AssertNew(book2);
                if (storedImageBytes == 0) Assert.AreEqual(RulesSlotFile.Saved, RuleTransferTests.StoredFile(book2), "cut " + cut);
                RuleBook book3 = new RuleBook();
                RuleTransferTests.Boot(after.Reboot(), book3, storedImageBytes);
                RuleTransferTests.AssertNew(book3);
            }
        }

        [TestMethod]
        public void A_power_cut_at_every_97th_byte_of_a_transfer_leaves_a_whole_set_and_the_transfer_resumes()
        {
            // Every byte on the host (RuleTransferPowerCutTests.Host.cs); a sample on nanoCLR.
            int tried = Sweep(97);
            Assert.IsTrue(tried > 10, "cuts tried: " + tried);
        }

        [TestMethod]
        public void A_power_cut_at_every_97th_byte_of_a_transfer_of_sets_kept_in_flash_leaves_a_whole_set_read_from_rules_bin()
        {
            int tried = Sweep(97, 0);
            Assert.IsTrue(tried > 10, "cuts tried: " + tried);
        }
    }
}
