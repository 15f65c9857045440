using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>Host-only rule test helpers: the data set files and the allocation counter exist only on .NET.</summary>
    internal static partial class RuleTestSupport
    {
        /// <summary>Prefixes of a data set of tests/data/prefixes (copied to data/ by the project file).</summary>
        public static string[] LoadPrefixes(string file)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "data", file);
            Assert.IsTrue(File.Exists(path), "data set missing: " + path + " (tests/data/prefixes is copied there by the project file)");
            string[] lines = File.ReadAllLines(path);
            string[] prefixes = new string[lines.Length];
            int n = 0;
            foreach (string line in lines)
            {
                int tab = line.IndexOf('\t');
                string p = tab < 0 ? line.Trim() : line.Substring(0, tab);
                if (p.Length > 0) prefixes[n++] = p;
            }
            Array.Resize(ref prefixes, n);
            return prefixes;
        }

        public static long AllocatedBytes() { return GC.GetAllocatedBytesForCurrentThread(); }
    }
}
