using System.Collections.Generic;

namespace Gateway.Core.Tests.Status.Support
{
    /// <summary>Host-only: reads the rows of Markdown pipe tables.</summary>
    public static class MarkdownTable
    {
        /// <summary>Cells of every table row whose first cell after the heading row is not a separator; the heading row is included.</summary>
        public static List<string[]> Rows(string markdown)
        {
            List<string[]> rows = new List<string[]>();
            foreach (string raw in markdown.Split('\n'))
            {
                string line = raw.Trim();
                if (!line.StartsWith("|") || !line.EndsWith("|")) continue;
                string[] cells = line.Substring(1, line.Length - 2).Split('|');
                for (int i = 0; i < cells.Length; i++) cells[i] = cells[i].Trim().Trim('`');
                if (cells.Length > 0 && cells[0].StartsWith("---")) continue;
                rows.Add(cells);
            }
            return rows;
        }
    }
}
