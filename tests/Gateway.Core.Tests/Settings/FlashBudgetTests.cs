using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>How I: is shared: LittleFS's block arithmetic, the reservations, and the journal's
    /// budget on the BOM's 4 MB module (docs/flash.md).</summary>
    [TestClass]
    public class FlashBudgetTests
    {
        private const int Block = FlashBudget.Esp32BlockBytes;

        [TestMethod]
        public void The_default_box_on_the_4_MB_module_gets_40_blocks_of_journal()
        {
            FlashBudget b = FlashBudget.FourMbModuleDefault();
            Assert.IsNull(b.Error);
            Assert.AreEqual(64, b.DriveBlocks);
            int[] expected = { 8, 4, 2, 6, 2, 2, 40 };
            int sum = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], b.Blocks[i], FlashBudget.Names[i]);
                sum += b.Blocks[i];
            }
            Assert.AreEqual(b.DriveBlocks, sum, "the journal gets exactly what is left");
            // Two segments of 20 blocks, each holding 81,780 bytes as LittleFS stores a file.
            Assert.AreEqual(163560, b.JournalBytes);
            Assert.AreEqual(b.AllowedJournalBytes, b.JournalBytes);
            Assert.IsTrue(b.JournalBytes < 1024 * 1024 / 4, "a quarter of the old 1 MiB default, which was four times the drive");
        }

        [TestMethod]
        public void A_file_takes_whole_blocks_with_LittleFS_skip_list_pointers()
        {
            Assert.AreEqual(0, FlashBudget.FileBlocks(0, Block));
            Assert.AreEqual(1, FlashBudget.FileBlocks(1, Block));
            Assert.AreEqual(1, FlashBudget.FileBlocks(Block, Block), "the first block holds no pointer");
            Assert.AreEqual(2, FlashBudget.FileBlocks(Block + 1, Block));
            Assert.AreEqual(8188, FlashBudget.FileCapacity(2, Block), "block 1 holds one pointer");
            Assert.AreEqual(3, FlashBudget.FileBlocks(8189, Block));
            // 64 KiB needs 17 blocks: blocks 1-15 hold 26 pointers (104 bytes) between them.
            Assert.AreEqual(65432, FlashBudget.FileCapacity(16, Block));
            Assert.AreEqual(17, FlashBudget.FileBlocks(65536, Block));
            for (int n = 1; n <= 200; n++)
            {
                int capacity = FlashBudget.FileCapacity(n, Block);
                Assert.AreEqual(n, FlashBudget.FileBlocks(capacity, Block), "full " + n + " blocks");
                Assert.AreEqual(n + 1, FlashBudget.FileBlocks(capacity + 1, Block), "one byte over " + n + " blocks");
            }
        }

        [TestMethod]
        public void The_rules_are_reserved_twice_with_their_header()
        {
            FlashBudget b = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, 4096, 0);
            Assert.AreEqual(2 * 2, b.Blocks[FlashBudget.Rules], "4,096 bytes plus the header line spill into a second block");
            Assert.AreEqual(72, FlashBudget.RulesFileHeaderBytes, "GWR1 + image flag + 64-character version + newline");
            Assert.AreEqual(64 - 18 - 4, b.Blocks[FlashBudget.Journal]);
        }

        [TestMethod]
        public void Rules_too_large_for_the_drive_are_a_settings_error_naming_what_fits()
        {
            FlashBudget fits = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, 85792, 0);
            Assert.IsNull(fits.Error, "the largest that fits");
            Assert.AreEqual(FlashBudget.MinJournalBlocks, fits.Blocks[FlashBudget.Journal]);
            Assert.AreEqual(16376, fits.JournalBytes);

            FlashBudget over = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, 85793, 0);
            Assert.AreEqual(85792, over.MaxRuleUpdateBytesThatFit);
            Assert.AreEqual(0, over.JournalBytes);
            Assert.AreEqual("maxRuleUpdateBytes (85793) does not fit the 262144-byte I: drive: two copies of the rules take 44 of its 64 blocks"
                + " and leave the outbox 2 (at least 4 needed); at most 85792 fits (docs/flash.md)", over.Error);
        }

        [TestMethod]
        public void A_drive_too_small_for_any_settings_says_so()
        {
            // The 2 MB module's partition (partitions_nanoclr_2mb.csv: 0x10000).
            FlashBudget b = new FlashBudget(64 * 1024, Block, BoxSettings.MinRuleUpdateBytes, 0);
            Assert.AreEqual(0, b.MaxRuleUpdateBytesThatFit);
            Assert.AreEqual("the 65536-byte I: drive is too small for the box: it needs at least 26 blocks of 4096 bytes (docs/flash.md)", b.Error);
        }

        [TestMethod]
        public void The_outboxBytes_setting_can_only_lower_the_journal()
        {
            int allowed = FlashBudget.FourMbModuleDefault().JournalBytes;
            FlashBudget lower = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, RuleUpdateRequest.DefaultMaxPayloadBytes, 20000);
            Assert.AreEqual(20000, lower.JournalBytes);
            Assert.AreEqual(allowed, lower.AllowedJournalBytes);
            FlashBudget higher = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, RuleUpdateRequest.DefaultMaxPayloadBytes, 1024 * 1024);
            Assert.AreEqual(allowed, higher.JournalBytes, "never more than the drive allows");
            Assert.IsNull(higher.Error);
        }

        [TestMethod]
        public void A_larger_drive_gives_the_journal_more_up_to_the_settings_limit()
        {
            // The 8 MB module's partition (partitions_nanoclr_8mb.csv: 0x200000).
            FlashBudget b = new FlashBudget(2 * 1024 * 1024, Block, RuleUpdateRequest.DefaultMaxPayloadBytes, 0);
            Assert.AreEqual(512 - 24, b.Blocks[FlashBudget.Journal]);
            Assert.AreEqual(2 * FlashBudget.FileCapacity(244, Block), b.JournalBytes);
            FlashBudget huge = new FlashBudget(64 * 1024 * 1024, Block, RuleUpdateRequest.DefaultMaxPayloadBytes, 0);
            Assert.AreEqual(BoxSettings.MaxOutboxBytes, huge.JournalBytes);
        }

        [TestMethod]
        public void Validate_for_a_drive_adds_the_budget_error_to_the_settings_reasons()
        {
            BoxSettings s = new BoxSettings();
            s.boxId = "office-1";
            s.brokerHost = "mqtt.example.org";
            Assert.AreEqual(0, s.Validate(FlashBudget.FourMbModuleDriveBytes, Block).Length, "the defaults fit the 4 MB module");
            s.maxRuleUpdateBytes = 512 * 1024;
            Assert.AreEqual(0, s.Validate().Length, "allowed in general (PSRAM boards with a large drive)");
            string[] reasons = s.Validate(FlashBudget.FourMbModuleDriveBytes, Block);
            Assert.AreEqual(1, reasons.Length);
            Assert.IsTrue(reasons[0].StartsWith("maxRuleUpdateBytes (524288) does not fit the 262144-byte I: drive"), reasons[0]);
            Assert.AreEqual(0, s.Validate(3 * 1024 * 1024, Block).Length, "the 16 MB module's 3 MiB drive holds it");
        }

        [TestMethod]
        public void The_boot_log_lists_every_share_and_the_budget()
        {
            string[] lines = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, Block, RuleUpdateRequest.DefaultMaxPayloadBytes, 20000).Describe();
            Assert.AreEqual(FlashBudget.Names.Length + 1, lines.Length);
            Assert.AreEqual("I: 262144 bytes = 64 blocks of 4096", lines[0]);
            Assert.AreEqual("rules (rules.bin and rules.new while saving): 6 blocks", lines[4]);
            Assert.AreEqual("outbox journal: 40 blocks, budget 20000 bytes (outboxBytes; the drive allows 163560)", lines[7]);
        }
    }
}
