using System.Collections.Generic;
using System.IO;
using Gateway.Core.Status;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    /// <summary>docs/leds.md and its pictures say what the firmware does (host-only: reads files).</summary>
    [TestClass]
    public class LedLegendDocTests
    {
        private const string Doc = "docs/leds.md";

        private static Dictionary<string, string[]> DocRows()
        {
            Dictionary<string, string[]> rows = new Dictionary<string, string[]>();
            foreach (string[] cells in MarkdownTable.Rows(RepoFiles.Read(Doc)))
                if (cells.Length >= 2) rows[cells[1]] = cells;
            return rows;
        }

        [TestMethod]
        public void Every_state_is_in_the_legend_with_its_priority_and_patterns()
        {
            Dictionary<string, string[]> doc = DocRows();
            for (int i = 0; i < StatusTable.Rows.Length; i++)
            {
                StatusRow row = StatusTable.Rows[i];
                Assert.IsTrue(doc.ContainsKey(row.Name), Doc + " has no row for '" + row.Name + "'");
                string[] cells = doc[row.Name];
                Assert.AreEqual((i + 1).ToString(), cells[0], row.Name + ": priority");
                Assert.AreEqual(row.Green.Name, cells[2], row.Name + ": green");
                Assert.AreEqual(row.Yellow.Name, cells[3], row.Name + ": yellow");
                Assert.AreEqual(row.Red.Name, cells[4], row.Name + ": red");
                StringAssertContains(cells[5], "leds/" + LedStripSvg.FileName(row), row.Name + ": picture");
            }
        }

        [TestMethod]
        public void Every_line_state_is_in_the_legend_with_its_yellow_pattern()
        {
            Dictionary<string, string[]> byFirstCell = new Dictionary<string, string[]>();
            foreach (string[] cells in MarkdownTable.Rows(RepoFiles.Read(Doc)))
                byFirstCell[cells[0]] = cells;
            foreach (StatusRow row in StatusTable.LineRows)
            {
                Assert.IsTrue(byFirstCell.ContainsKey(row.Name), Doc + " has no row for '" + row.Name + "'");
                Assert.AreEqual(row.Yellow.Name, byFirstCell[row.Name][1], row.Name + ": yellow");
                StringAssertContains(byFirstCell[row.Name][2], "leds/" + LedStripSvg.FileName(row), row.Name + ": picture");
            }
        }

        [TestMethod]
        public void The_legend_lists_no_state_the_firmware_does_not_have()
        {
            int stateRows = 0;
            foreach (string[] cells in MarkdownTable.Rows(RepoFiles.Read(Doc)))
                if (cells.Length >= 7 && int.TryParse(cells[0], out _)) stateRows++;
            Assert.AreEqual(StatusTable.Rows.Length, stateRows, "numbered rows in " + Doc);
        }

        [TestMethod]
        public void Pictures_are_generated_from_the_table()
        {
            // Set GATEWAY_WRITE_DOCS=1 to rewrite them after changing the table.
            List<StatusRow> rows = new List<StatusRow>(StatusTable.Rows);
            rows.AddRange(StatusTable.LineRows);
            foreach (StatusRow row in rows)
            {
                string path = RepoFiles.PathOf("docs/leds/" + LedStripSvg.FileName(row));
                string expected = LedStripSvg.Render(row);
                if (RepoFiles.Regenerate) File.WriteAllText(path, expected);
                Assert.IsTrue(File.Exists(path), path + " is missing (run the tests with GATEWAY_WRITE_DOCS=1)");
                Assert.AreEqual(expected, File.ReadAllText(path), path + " is stale (run the tests with GATEWAY_WRITE_DOCS=1)");
            }
        }

        private static void StringAssertContains(string text, string part, string what)
        {
            Assert.IsTrue(text.Contains(part), what + ": '" + text + "' should contain '" + part + "'");
        }
    }
}
