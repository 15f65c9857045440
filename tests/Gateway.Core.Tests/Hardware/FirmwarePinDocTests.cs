using System.Collections.Generic;
using System.Text.RegularExpressions;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Hardware
{
    /// <summary>The firmware pin, the native assemblies it must carry and the installer's nanoff commands stay in step with packages.config (host-only: reads files).</summary>
    [TestClass]
    public class FirmwarePinDocTests
    {
        private const string Notes = "docs/nanoframework.md";
        private const string Installer = "docs/installer.md";
        private const int FlashBlockBytes = 4096;

        [TestMethod]
        public void The_native_table_lists_exactly_the_packages_of_packages_config()
        {
            Dictionary<string, string> config = new Dictionary<string, string>();
            foreach (Match m in Regex.Matches(RepoFiles.Read("firmware/Gateway.Esp32/packages.config"), "<package id=\"([^\"]+)\" version=\"([^\"]+)\""))
                config[m.Groups[1].Value] = m.Groups[2].Value;
            List<string[]> rows = NativeRows();
            Assert.AreEqual(config.Count, rows.Count, "rows of \"What this package set needs\" vs packages.config");
            foreach (string[] row in rows)
            {
                Assert.IsTrue(config.ContainsKey(row[0]), "the native table lists " + row[0] + ", which packages.config lacks");
                Assert.AreEqual(config[row[0]], row[1], row[0] + ": native table vs packages.config (a new version needs its native version and checksum)");
            }
        }

        [TestMethod]
        public void The_installer_expects_the_native_assemblies_of_the_table()
        {
            string installer = RepoFiles.Read(Installer);
            int native = 0;
            foreach (string[] row in NativeRows())
            {
                if (row[2] == "none")
                {
                    Assert.AreEqual("0", row[4], row[0] + " has no native assembly, so its .pe checksum is 0");
                    continue;
                }
                Assert.IsTrue(Regex.IsMatch(row[3], @"^\d+\.\d+\.\d+\.\d+$"), row[0] + " native version " + row[3]);
                Assert.IsTrue(Regex.IsMatch(row[4], "^0x[0-9A-F]{8}$"), row[0] + " checksum " + row[4]);
                string line = "  " + row[2] + " v" + row[3] + ", checksum " + row[4];
                Assert.IsTrue(Regex.IsMatch(installer, "^" + Regex.Escape(line) + "$", RegexOptions.Multiline), Installer + " should expect: " + line.Trim());
                native++;
            }
            int listed = Regex.Matches(installer, @"^  \S+ v\d+\.\d+\.\d+\.\d+, checksum 0x[0-9A-F]{8}$", RegexOptions.Multiline).Count;
            Assert.AreEqual(native, listed, Installer + " expects native assemblies the table does not have");
        }

        [TestMethod]
        public void Every_firmware_flash_uses_the_pinned_version_and_never_carries_the_application()
        {
            Match pin = Regex.Match(RepoFiles.Read(Notes), @"\*\*Pinned firmware: (\S+) `([^`]+)`\*\*");
            Assert.IsTrue(pin.Success, Notes + " should say **Pinned firmware: TARGET `VERSION`**");
            int updates = 0;
            foreach (string command in NanoffCommands(Guides()))
            {
                if (!Has(command, "--update")) continue;
                Assert.IsTrue(Has(command, "--target " + pin.Groups[1].Value), command + " should flash " + pin.Groups[1].Value);
                Assert.IsTrue(Has(command, "--fwversion " + pin.Groups[2].Value), command + " should pin --fwversion " + pin.Groups[2].Value);
                // nanoff passes no deployment address along with --update: the image would land at 0x1B0000.
                Assert.IsFalse(Has(command, "--deploy") || Has(command, "--image"), command + " combines --update with the application");
                updates++;
            }
            Assert.IsTrue(updates >= 2, "installation and update should both flash the firmware (found " + updates + ")");
        }

        [TestMethod]
        public void Every_application_deployment_goes_to_the_deploy_partition()
        {
            string deploy = Partition("deploy").Groups[1].Value;
            int deployments = 0;
            foreach (string command in NanoffCommands(Guides()))
            {
                if (!Has(command, "--deploy")) continue;
                Assert.IsTrue(Has(command, "--address " + deploy), command + " should give --address " + deploy + " (nanoff's default 0x1B0000 is inside the firmware)");
                deployments++;
            }
            Assert.IsTrue(deployments >= 2, "installation and update should both deploy the application (found " + deployments + ")");
        }

        [TestMethod]
        public void The_update_keeps_the_drive_and_the_restore_writes_the_config_partition()
        {
            string installer = RepoFiles.Read(Installer);
            int start = installer.IndexOf("## Updating a box without losing its records");
            Assert.IsTrue(start >= 0, Installer + " should have the update section");
            int end = installer.IndexOf("\n## ", start + 3);
            string update = installer.Substring(start, (end < 0 ? installer.Length : end) - start);
            foreach (string command in NanoffCommands(update))
                Assert.IsFalse(Has(command, "--masserase"), command + " would wipe I:");
            Match config = Partition("config");
            int offset = System.Convert.ToInt32(config.Groups[1].Value, 16), size = System.Convert.ToInt32(config.Groups[2].Value, 16);
            Assert.IsTrue(update.Contains("skip=" + offset / FlashBlockBytes + " count=" + size / FlashBlockBytes), "the restore should cut the config partition out of the backup");
            Assert.IsTrue(update.Contains("--address " + config.Groups[1].Value), "the restore should write back to " + config.Groups[1].Value);
            Assert.IsTrue(update.Contains("`config`, " + config.Groups[1].Value), "the update section should name where I: is");
        }

        // Rows of the table under "### What this package set needs": package, version, native assembly, native version, checksum, firmware.
        private static List<string[]> NativeRows()
        {
            string notes = RepoFiles.Read(Notes);
            int start = notes.IndexOf("### What this package set needs");
            Assert.IsTrue(start >= 0, Notes + " should have \"What this package set needs\"");
            int end = notes.IndexOf("\n#", start + 4);
            List<string[]> rows = MarkdownTable.Rows(notes.Substring(start, end - start));
            Assert.AreEqual("package", rows[0][0], "heading row");
            rows.RemoveAt(0);
            foreach (string[] row in rows)
                Assert.AreEqual(6, row.Length, "cells of the row " + row[0]);
            return rows;
        }

        // The partition table line in the notes: offset and size, as written there.
        private static Match Partition(string name)
        {
            Match m = Regex.Match(RepoFiles.Read(Notes), "^" + name + @",\s+data,\s+\w+,\s+(0x[0-9A-F]+),\s+(0x[0-9A-F]+),", RegexOptions.Multiline);
            Assert.IsTrue(m.Success, Notes + " should quote the " + name + " partition");
            return m;
        }

        // The full guide and the one-page install guides for people (docs/<lang>/install.md): every nanoff command an installer may copy.
        private static string Guides()
        {
            return RepoFiles.Read(Installer) + "\n" + RepoFiles.Read("docs/en/install.md") + "\n" + RepoFiles.Read("docs/zh-CN/install.md");
        }

        // The nanoff lines of ```console blocks: what an installer types.
        private static List<string> NanoffCommands(string markdown)
        {
            List<string> commands = new List<string>();
            foreach (Match block in Regex.Matches(markdown, @"```console\n(.*?)```", RegexOptions.Singleline))
                foreach (string line in block.Groups[1].Value.Split('\n'))
                    if (line.Trim().StartsWith("nanoff ")) commands.Add(line.Trim());
            return commands;
        }

        private static bool Has(string command, string option)
        {
            return Regex.IsMatch(command + " ", "(^| )" + Regex.Escape(option) + " ");
        }
    }
}
