using System.Collections.Generic;
using System.IO;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Hardware
{
    /// <summary>hardware/bom.csv is well-formed and covers the parts the pin map wires to (host-only: reads files).</summary>
    [TestClass]
    public class BomTests
    {
        private static List<string[]> Rows()
        {
            string[] lines = File.ReadAllLines(RepoFiles.PathOf("hardware/bom.csv"));
            Assert.AreEqual("ref,qty,part_number,manufacturer,description,notes", lines[0]);
            List<string[]> rows = new List<string[]>();
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                string[] c = lines[i].Split(',', 6);
                Assert.AreEqual(6, c.Length, "bom.csv line " + (i + 1));
                rows.Add(c);
            }
            return rows;
        }

        [TestMethod]
        public void Every_row_has_a_reference_a_quantity_and_a_part()
        {
            foreach (string[] r in Rows())
            {
                Assert.IsTrue(r[0].Length > 0, "empty ref");
                Assert.IsTrue(int.TryParse(r[1], out int qty) && qty > 0, r[0] + ": qty " + r[1]);
                Assert.IsTrue(r[2].Length > 0, r[0] + ": part number");
            }
        }

        [TestMethod]
        public void The_parts_the_pin_map_names_are_in_the_bom()
        {
            string bom = File.ReadAllText(RepoFiles.PathOf("hardware/bom.csv"));
            string pins = File.ReadAllText(RepoFiles.PathOf("hardware/pinmap.csv"));
            foreach (string part in new[] { "PC814", "SN74LVC245A", "SN74HC123N", "2N2222A", "1N4148" })
            {
                Assert.IsTrue(pins.Contains(part), "pinmap.csv no longer names " + part + ": update this test");
                Assert.IsTrue(bom.Contains(part), "bom.csv lacks " + part + ", which pinmap.csv wires to");
            }
        }

        [TestMethod]
        public void The_line_relay_is_used_through_its_normally_closed_contact()
        {
            string relay = null;
            foreach (string[] r in Rows()) if (r[0] == "K1") relay = r[4];
            Assert.IsNotNull(relay, "bom.csv has no K1");
            Assert.IsTrue(relay.Contains("NC contact"), "K1 must be used through its NC contact (fail-safe): " + relay);
        }
    }
}
