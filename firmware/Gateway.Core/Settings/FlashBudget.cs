using System;
using Gateway.Core.Messaging;

namespace Gateway.Core.Settings
{
    /// <summary>How the internal drive I: is shared, in whole LittleFS blocks, and what is left for
    /// the outbox journal (docs/flash.md).</summary>
    /// <remarks>
    /// I: holds nanoFramework's own configuration, the settings, the CA certificate, the rules
    /// (twice while a new set is saved), the device log ring, the journal identity and the journal.
    /// Everything but the journal is reserved first, each file rounded up to whole blocks as
    /// LittleFS stores it; the journal gets the rest, unless <c>outboxBytes</c> asks for less. Its
    /// two segments (the live one and the compaction copy) each get half of the journal's blocks,
    /// so the live segment can never outgrow what the drive can hold twice.
    /// </remarks>
    public sealed class FlashBudget
    {
        /// <summary>I: on the 4 MB module of the BOM: the <c>config</c> LittleFS partition, 0x40000
        /// bytes (nf-interpreter targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv).</summary>
        public const int FourMbModuleDriveBytes = 256 * 1024;

        /// <summary>LittleFS block on the ESP32: one flash erase sector (esp_littlefs: "ESP32 can only operate at 4kb").</summary>
        public const int Esp32BlockBytes = 4096;

        /// <summary>LittleFS's own blocks: the superblock/root directory pair, the metadata pairs of
        /// the outbox and log directories, and two spare blocks for copy-on-write (an append copies
        /// a file's last block to a fresh one; a worn metadata pair moves).</summary>
        public const int LittleFsBlocks = 8;

        /// <summary>nanoFramework's network and Wi-Fi configuration files (one block each) and the
        /// CA certificate file (up to <see cref="MaxCaCertificateBytes"/>).</summary>
        public const int NanoFrameworkBlocks = 4;

        /// <summary>Largest CA certificate file (PEM) the <see cref="NanoFrameworkBlocks"/> reservation
        /// holds: two blocks less the one pointer LittleFS keeps in the second.</summary>
        public const int MaxCaCertificateBytes = 2 * Esp32BlockBytes - 4;

        /// <summary>gateway.json and gateway.last-good.json, one block each.</summary>
        public const int SettingsBlocks = 2;

        /// <summary>Largest settings file the <see cref="SettingsBlocks"/> reservation holds.</summary>
        public const int MaxSettingsFileBytes = 4096;

        /// <summary>The device log ring's fixed size (two blocks when kept as block-sized files).</summary>
        public const int LogRingBytes = Logging.BoxLog.DeviceBudgetBytes;

        /// <summary>The journal identity (epoch and seq high-water mark), written as two small files.</summary>
        public const int JournalIdentityBlocks = 2;

        /// <summary>Bytes the rules file adds to the rule body: the header line "GWR1 &lt;0|1&gt; &lt;version&gt;\n"
        /// (5 + 2 + up to 64 + 1) written by the device's rules store.</summary>
        public const int RulesFileHeaderBytes = 5 + 2 + RuleUpdateRequest.MaxVersionLength + 1;

        /// <summary>Smallest journal worth running with: two blocks per segment (about 200 records).</summary>
        public const int MinJournalBlocks = 4;

        /// <summary>Names of the shares, in the order of <see cref="Blocks"/> (the journal last).</summary>
        public static readonly string[] Names = new string[]
        {
            "LittleFS (superblock, directories, copy-on-write spare)",
            "nanoFramework config and CA certificate",
            "settings (gateway.json, gateway.last-good.json)",
            "rules (rules.bin and rules.new while saving)",
            "log ring",
            "journal identity",
            "outbox journal",
        };

        /// <summary>Indexes of the shares in <see cref="Names"/> and <see cref="Blocks"/>.</summary>
        public const int LittleFs = 0, NanoFramework = 1, SettingsFiles = 2, Rules = 3, LogRing = 4, JournalIdentity = 5, Journal = 6;

        /// <summary>Size of the drive (bytes).</summary>
        public readonly int DriveBytes;
        /// <summary>LittleFS block size (bytes).</summary>
        public readonly int BlockBytes;
        /// <summary>Whole blocks on the drive.</summary>
        public readonly int DriveBlocks;
        /// <summary>Blocks of each share, in the order of <see cref="Names"/>; the journal's is what is left.</summary>
        public readonly int[] Blocks = new int[7];
        /// <summary>Storage budget the drive allows the journal (both segments), before <c>outboxBytes</c>.</summary>
        public readonly int AllowedJournalBytes;
        /// <summary>Storage budget handed to the journal: the allowed one, or less when <c>outboxBytes</c> asks for less; 0 with an <see cref="Error"/>.</summary>
        public readonly int JournalBytes;
        /// <summary>Bytes of file one copy of the rules slot holds (header line included): the largest
        /// saved or staged rules file, what a staged transfer is checked against before its first chunk.</summary>
        public readonly int RulesFileBytes;
        /// <summary>Largest <c>maxRuleUpdateBytes</c> (or <c>maxRuleSetBytes</c>) this drive can hold with a minimal journal (0: none).</summary>
        public readonly int MaxRuleUpdateBytesThatFit;
        /// <summary>Why the settings do not fit this drive, naming the key; null when they do.</summary>
        public readonly string Error;

        /// <summary>Shares a drive of <paramref name="driveBytes"/> in blocks of <paramref name="blockBytes"/>
        /// for settings allowing rule updates of <paramref name="maxRuleUpdateBytes"/> and asking for
        /// <paramref name="outboxBytes"/> of journal (0: as much as the drive allows).</summary>
        public FlashBudget(int driveBytes, int blockBytes, int maxRuleUpdateBytes, int outboxBytes)
            : this(driveBytes, blockBytes, maxRuleUpdateBytes, outboxBytes, 0)
        {
        }

        /// <summary>As above, with staged transfers of rule sets up to <paramref name="maxRuleSetBytes"/>
        /// (0: up to <paramref name="maxRuleUpdateBytes"/>): each copy of the rules slot holds the larger.</summary>
        public FlashBudget(int driveBytes, int blockBytes, int maxRuleUpdateBytes, int outboxBytes, int maxRuleSetBytes)
        {
            if (blockBytes < 512) throw new ArgumentOutOfRangeException("blockBytes");
            if (driveBytes < 0) throw new ArgumentOutOfRangeException("driveBytes");
            DriveBytes = driveBytes;
            BlockBytes = blockBytes;
            DriveBlocks = driveBytes / blockBytes;
            Blocks[LittleFs] = LittleFsBlocks;
            Blocks[NanoFramework] = NanoFrameworkBlocks;
            Blocks[SettingsFiles] = SettingsBlocks;
            int ruleBytes = maxRuleSetBytes > maxRuleUpdateBytes ? maxRuleSetBytes : maxRuleUpdateBytes;
            string ruleKey = maxRuleSetBytes > maxRuleUpdateBytes ? "maxRuleSetBytes" : "maxRuleUpdateBytes";
            Blocks[Rules] = 2 * FileBlocks(ruleBytes + RulesFileHeaderBytes, blockBytes);
            RulesFileBytes = FileCapacity(Blocks[Rules] / 2, blockBytes);
            Blocks[LogRing] = (LogRingBytes + blockBytes - 1) / blockBytes;
            Blocks[JournalIdentity] = JournalIdentityBlocks;
            int fixedBlocks = Blocks[LittleFs] + Blocks[NanoFramework] + Blocks[SettingsFiles] + Blocks[LogRing] + Blocks[JournalIdentity];
            int journal = DriveBlocks - fixedBlocks - Blocks[Rules];
            Blocks[Journal] = journal < 0 ? 0 : journal;

            int ruleCopy = (DriveBlocks - fixedBlocks - MinJournalBlocks) / 2;
            int fit = ruleCopy > 0 ? FileCapacity(ruleCopy, blockBytes) - RulesFileHeaderBytes : 0;
            MaxRuleUpdateBytesThatFit = fit > 0 ? fit : 0;

            if (journal < MinJournalBlocks)
            {
                Error = MaxRuleUpdateBytesThatFit > 0
                    ? ruleKey + " (" + ruleBytes + ") does not fit the " + driveBytes + "-byte I: drive: two copies of the rules take "
                        + Blocks[Rules] + " of its " + DriveBlocks + " blocks and leave the outbox " + Blocks[Journal] + " (at least " + MinJournalBlocks
                        + " needed); at most " + MaxRuleUpdateBytesThatFit + " fits (docs/flash.md)"
                    : "the " + driveBytes + "-byte I: drive is too small for the box: it needs at least "
                        + (fixedBlocks + MinJournalBlocks + 2 * FileBlocks(BoxSettings.MinRuleUpdateBytes + RulesFileHeaderBytes, blockBytes))
                        + " blocks of " + blockBytes + " bytes (docs/flash.md)";
                return;
            }
            // Each segment must fit in half of the journal's blocks as LittleFS stores a file.
            long allowed = 2L * FileCapacity(journal / 2, blockBytes);
            if (allowed > BoxSettings.MaxOutboxBytes) allowed = BoxSettings.MaxOutboxBytes;
            AllowedJournalBytes = (int)allowed;
            JournalBytes = outboxBytes > 0 && outboxBytes < AllowedJournalBytes ? outboxBytes : AllowedJournalBytes;
        }

        /// <summary>The default box on the BOM's 4 MB module: default settings (<c>maxRuleUpdateBytes</c>
        /// 65,536, no <c>outboxBytes</c>).</summary>
        public static FlashBudget FourMbModuleDefault()
        {
            return new FlashBudget(FourMbModuleDriveBytes, Esp32BlockBytes, RuleUpdateRequest.DefaultMaxPayloadBytes, 0);
        }

        /// <summary>Blocks LittleFS uses for a file of <paramref name="bytes"/> (a CTZ skip-list: block
        /// i &gt; 0 starts with ctz(i) + 1 four-byte pointers; littlefs DESIGN.md). Small files may be
        /// inlined in their directory; counting a whole block for them errs on the safe side.</summary>
        public static int FileBlocks(int bytes, int blockBytes)
        {
            if (bytes <= 0) return 0;
            int blocks = 1;
            long capacity = blockBytes;
            while (capacity < bytes)
            {
                capacity += blockBytes - 4 * (TrailingZeros(blocks) + 1);
                blocks++;
            }
            return blocks;
        }

        /// <summary>Bytes of file data <paramref name="blocks"/> LittleFS blocks hold (see <see cref="FileBlocks"/>).</summary>
        public static int FileCapacity(int blocks, int blockBytes)
        {
            if (blocks <= 0) return 0;
            long capacity = blockBytes;
            for (int i = 1; i < blocks; i++) capacity += blockBytes - 4 * (TrailingZeros(i) + 1);
            return capacity > int.MaxValue ? int.MaxValue : (int)capacity;
        }

        /// <summary>The shares as "name: N blocks" lines, then the journal's budget, for the boot log.</summary>
        public string[] Describe()
        {
            string[] lines = new string[Names.Length + 1];
            lines[0] = "I: " + DriveBytes + " bytes = " + DriveBlocks + " blocks of " + BlockBytes;
            for (int i = 0; i < Names.Length; i++) lines[i + 1] = Names[i] + ": " + Blocks[i] + " blocks";
            lines[Names.Length] = lines[Names.Length] + ", budget " + JournalBytes + " bytes"
                + (JournalBytes < AllowedJournalBytes ? " (outboxBytes; the drive allows " + AllowedJournalBytes + ")" : "");
            return lines;
        }

        private static int TrailingZeros(int i)
        {
            int n = 0;
            while ((i & 1) == 0)
            {
                i >>= 1;
                n++;
            }
            return n;
        }
    }
}
