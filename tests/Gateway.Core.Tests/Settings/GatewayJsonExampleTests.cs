using System.Reflection;
using System.Text.Json;
using Gateway.Core.Settings;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>The example gateway.json installers copy is valid and is what docs/installer.md shows (host-only: reads files).</summary>
    [TestClass]
    public class GatewayJsonExampleTests
    {
        private const string Example = "firmware/Gateway.Esp32/gateway.example.json";

        [TestMethod]
        public void Every_key_of_the_example_is_a_settings_field_spelt_exactly()
        {
            // The device refuses unknown keys (case-sensitive), so a doc typo would brick an install.
            using JsonDocument doc = JsonDocument.Parse(RepoFiles.Read(Example));
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                FieldInfo f = typeof(BoxSettings).GetField(p.Name, BindingFlags.Public | BindingFlags.Instance);
                Assert.IsNotNull(f, Example + ": '" + p.Name + "' is not a BoxSettings field");
            }
        }

        [TestMethod]
        public void The_example_passes_validation()
        {
            BoxSettings s = JsonSerializer.Deserialize<BoxSettings>(RepoFiles.Read(Example), new JsonSerializerOptions { IncludeFields = true });
            string[] reasons = s.Validate();
            Assert.AreEqual(0, reasons.Length, string.Join("; ", reasons));
            Assert.AreEqual("office-3f", s.boxId);
        }

        [TestMethod]
        public void The_settings_of_the_people_install_pages_are_valid_keys_and_values()
        {
            foreach (string page in new[] { "docs/en/install.md", "docs/zh-CN/install.md" })
            {
                string text = RepoFiles.Read(page).Replace("\r\n", "\n");
                int start = text.IndexOf("```json\n");
                Assert.IsTrue(start >= 0, page + " shows a gateway.json");
                start += "```json\n".Length;
                string json = text.Substring(start, text.IndexOf("```", start) - start);
                using (JsonDocument doc = JsonDocument.Parse(json))
                    foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                        Assert.IsNotNull(typeof(BoxSettings).GetField(p.Name, BindingFlags.Public | BindingFlags.Instance), page + ": '" + p.Name + "' is not a BoxSettings field");
                BoxSettings s = JsonSerializer.Deserialize<BoxSettings>(json, new JsonSerializerOptions { IncludeFields = true });
                string[] reasons = s.Validate();
                Assert.AreEqual(0, reasons.Length, page + ": " + string.Join("; ", reasons));
                Assert.AreEqual(s.boxId, s.brokerUser, page + ": with the shipped ACL the broker user is the box id");
            }
        }

        [TestMethod]
        public void The_device_reader_gives_the_example_and_install_pages_the_values_a_JSON_deserializer_gives()
        {
            // The device once used nanoFramework.Json's reflection deserializer; BoxSettingsJson must read the same files to the same fields.
            foreach (string page in new[] { Example, "docs/en/install.md", "docs/zh-CN/install.md", "docs/installer.md" })
            {
                string text = RepoFiles.Read(page).Replace("\r\n", "\n");
                int start = page.EndsWith(".json") ? 0 : text.IndexOf("```json\n") + "```json\n".Length;
                Assert.IsTrue(start >= 0, page + " shows a gateway.json");
                string json = page.EndsWith(".json") ? text : text.Substring(start, text.IndexOf("```", start) - start);
                BoxSettings expected = JsonSerializer.Deserialize<BoxSettings>(json, new JsonSerializerOptions { IncludeFields = true });
                BoxSettings actual = BoxSettingsJson.Read(System.Text.Encoding.UTF8.GetBytes(json), "gateway.json", out string error);
                Assert.IsNotNull(actual, page + ": " + error);
                foreach (FieldInfo f in typeof(BoxSettings).GetFields(BindingFlags.Public | BindingFlags.Instance))
                {
                    object e = f.GetValue(expected), a = f.GetValue(actual);
                    if (e is string[] list) CollectionAssert.AreEqual(list, (string[])a, page + ": " + f.Name);
                    else Assert.AreEqual(e, a, page + ": " + f.Name);
                }
            }
        }

        [TestMethod]
        public void The_device_reader_takes_every_public_field_as_a_key()
        {
            FieldInfo[] fields = typeof(BoxSettings).GetFields(BindingFlags.Public | BindingFlags.Instance);
            Assert.AreEqual(fields.Length, BoxSettingsJson.KeyCount);
            foreach (FieldInfo f in fields)
            {
                bool found = false;
                for (int i = 0; i < BoxSettingsJson.KeyCount; i++) found |= BoxSettingsJson.KeyAt(i) == f.Name;
                Assert.IsTrue(found, "BoxSettingsJson does not read '" + f.Name + "'");
            }
        }

        [TestMethod]
        public void Every_settings_key_is_in_the_installer_guide_table()
        {
            // An undocumented key is one installers cannot use; the table rows start with the key(s) in backticks.
            string guide = RepoFiles.Read("docs/installer.md");
            int keys = 0;
            foreach (FieldInfo f in typeof(BoxSettings).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                bool row = false;
                foreach (string line in guide.Split('\n'))
                {
                    if (!line.StartsWith("| `")) continue;
                    string first = line.Substring(1, line.IndexOf('|', 1) - 1);
                    if (first.Contains("`" + f.Name + "`")) row = true;
                }
                Assert.IsTrue(row, "docs/installer.md has no settings row for '" + f.Name + "'");
                keys++;
            }
            Assert.IsTrue(keys >= 30, "only " + keys + " settings fields found");
        }

        [TestMethod]
        public void The_installer_guide_shows_the_example_unchanged()
        {
            string guide = RepoFiles.Read("docs/installer.md").Replace("\r\n", "\n");
            string example = RepoFiles.Read(Example).Replace("\r\n", "\n").Trim();
            Assert.IsTrue(guide.Contains("```json\n" + example + "\n```"), "docs/installer.md should contain " + Example + " verbatim in a json block");
        }
    }
}
