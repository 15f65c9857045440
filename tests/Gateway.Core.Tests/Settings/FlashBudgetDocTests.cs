using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Gateway.Core.Tests.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>docs/flash.md's figures are what <see cref="FlashBudget"/> computes and a journal of
    /// that budget holds (host-only: reads files).</summary>
    [TestClass]
    public class FlashBudgetDocTests
    {
        private const string Doc = "docs/flash.md";

        private static Dictionary<string, string[]> Rows()
        {
            Dictionary<string, string[]> rows = new Dictionary<string, string[]>();
            foreach (string[] cells in MarkdownTable.Rows(RepoFiles.Read(Doc)))
                if (cells.Length >= 2) rows[cells[0]] = cells;
            return rows;
        }

        private static string Figure(long n)
        {
            return n.ToString("N0", CultureInfo.InvariantCulture);
        }

        private static int RecordsHeld(int budget)
        {
            OutboxJournal j = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, budget, SampleCalls.Epoch);
            int n = 0;
            while (j.Append(SampleCalls.Make(n)) != 0) n++;
            return n;
        }

        [TestMethod]
        public void The_share_table_is_the_default_budget_of_the_4_MB_module()
        {
            FlashBudget b = FlashBudget.FourMbModuleDefault();
            Dictionary<string, string[]> rows = Rows();
            for (int i = 0; i < FlashBudget.Names.Length; i++)
            {
                Assert.IsTrue(rows.ContainsKey(FlashBudget.Names[i]), Doc + " has no row for '" + FlashBudget.Names[i] + "'");
                string[] cells = rows[FlashBudget.Names[i]];
                Assert.AreEqual(b.Blocks[i].ToString(), cells[1], FlashBudget.Names[i] + ": blocks");
                Assert.AreEqual(Figure((long)b.Blocks[i] * b.BlockBytes), cells[2], FlashBudget.Names[i] + ": bytes");
            }
            Assert.AreEqual(b.DriveBlocks.ToString(), rows["drive I:"][1]);
            Assert.AreEqual(Figure(b.DriveBytes), rows["drive I:"][2]);
        }

        [TestMethod]
        public void The_journal_figures_are_computed_and_measured()
        {
            FlashBudget b = FlashBudget.FourMbModuleDefault();
            OutboxJournal j = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, b.JournalBytes, SampleCalls.Epoch);
            int n = 0;
            while (j.Append(SampleCalls.Make(n)) != 0) n++;
            int segment = b.JournalBytes / 2;
            Dictionary<string, string[]> rows = Rows();
            Assert.AreEqual(Figure(b.JournalBytes) + " bytes", rows["journal budget (`OutboxJournal` capacity)"][1]);
            Assert.AreEqual(Figure(segment) + " bytes", rows["live segment limit (half, as 20 blocks hold a file)"][1]);
            Assert.AreEqual(Figure(segment - j.LiveCapacityBytes) + " bytes", rows["kept for acked and counters frames"][1]);
            Assert.AreEqual(Figure(j.LiveCapacityBytes) + " bytes", rows["waiting records may use"][1]);
            Assert.AreEqual(((double)j.LiveBytes / n).ToString("F1", CultureInfo.InvariantCulture) + " bytes", rows["average entry of the sample calls"][1]);
            Assert.AreEqual(Figure(n), rows["records held while offline"][1]);
            Assert.AreEqual(OutboxCapacityTests.FourMbModuleRecords, n, "the device test pins the same figure");
        }

        [TestMethod]
        public void The_prose_figures_hold()
        {
            string doc = Regex.Replace(RepoFiles.Read(Doc), @"\s+", " ");
            FlashBudget small = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, FlashBudget.Esp32BlockBytes, 8192, 0);
            string example = "`\"maxRuleUpdateBytes\": 8192` leaves the journal " + small.Blocks[FlashBudget.Journal]
                + " blocks, " + Figure(RecordsHeld(small.JournalBytes)) + " records.";
            Assert.IsTrue(doc.Contains(example), "the 8 KiB rules example should say: " + example);
            FlashBudget over = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, FlashBudget.Esp32BlockBytes, 98304, 0);
            Assert.IsTrue(doc.Contains("`" + over.Error + "`"), "the error shown should be " + over.Error);
            Assert.IsTrue(doc.Contains("`" + OutboxJournal.FullFault + "`"), "the full-outbox fault text");
            Assert.IsTrue(doc.Contains("ca.pem` up to " + Figure(FlashBudget.MaxCaCertificateBytes) + " bytes"));
            Assert.IsTrue(doc.Contains("each up to " + Figure(FlashBudget.MaxSettingsFileBytes) + " bytes"));
            Assert.IsTrue(doc.Contains("a 72-byte header line") && FlashBudget.RulesFileHeaderBytes == 72);
            Assert.IsTrue(doc.Contains("fewer than " + FlashBudget.MinJournalBlocks + " blocks"));
        }

        [TestMethod]
        public void The_staged_transfer_figures_hold()
        {
            string doc = Regex.Replace(RepoFiles.Read(Doc), @"\s+", " ");
            FlashBudget cn = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, FlashBudget.Esp32BlockBytes, 8192, 0, 60000);
            Assert.IsNull(cn.Error);
            string example = "`\"maxRuleSetBytes\": 60000` leaves the journal " + cn.Blocks[FlashBudget.Journal]
                + " blocks, " + Figure(RecordsHeld(cn.JournalBytes)) + " records";
            Assert.IsTrue(doc.Contains(example), "the cn-geocoding example should say: " + example);
            Assert.IsTrue(doc.Contains("holds " + Figure(cn.RulesFileBytes) + " bytes of file"), "slot of " + Figure(cn.RulesFileBytes));
            FlashBudget b = FlashBudget.FourMbModuleDefault();
            string plain = Figure(b.RulesFileBytes - FlashBudget.RulesFileHeaderBytes) + " bytes of image";
            Assert.IsTrue(doc.Contains(plain), Doc + " should say " + plain);
            Assert.IsTrue(RepoFiles.Read("docs/installer.md").Contains("sets up to " + plain.Replace(" of image", "")), "installer.md: " + plain);
        }

        [TestMethod]
        public void The_other_docs_quote_the_same_figures()
        {
            FlashBudget b = FlashBudget.FourMbModuleDefault();
            string records = Figure(RecordsHeld(b.JournalBytes)) + " records";
            foreach (string doc in new[] { "docs/mqtt.md", "docs/operations.md", "docs/troubleshooting.md", "docs/installer.md" })
                Assert.IsTrue(RepoFiles.Read(doc).Contains(records), doc + " should say " + records);
            foreach (string doc in new[] { "docs/mqtt.md", "docs/installer.md" })
                Assert.IsTrue(RepoFiles.Read(doc).Contains(Figure(b.JournalBytes) + " bytes"), doc + " should give the budget " + Figure(b.JournalBytes));
            foreach (string doc in new[] { "docs/installer.md", "docs/troubleshooting.md" })
                Assert.IsTrue(RepoFiles.Read(doc).Contains("at most " + b.MaxRuleUpdateBytesThatFit), doc + " should say at most " + b.MaxRuleUpdateBytesThatFit);
            Assert.IsTrue(RepoFiles.Read("docs/mqtt.md").Contains("at most " + Figure(b.MaxRuleUpdateBytesThatFit) + " bytes"));
        }

        [TestMethod]
        public void The_nanoFramework_notes_point_here()
        {
            Assert.IsTrue(RepoFiles.Read("docs/nanoframework.md").Contains("(flash.md)"), "docs/nanoframework.md should link flash.md");
        }
    }
}
