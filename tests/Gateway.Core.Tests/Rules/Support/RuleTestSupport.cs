using System;
using System.IO;
using System.Text;
using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>Host-only helpers for the rule tests: text encoding, data files, allocation counting.</summary>
    internal static class RuleTestSupport
    {
        public static byte[] Utf8(string text) { return Encoding.UTF8.GetBytes(text); }

        /// <summary>A rule book with <paramref name="text"/> applied (the test fails if it is refused).</summary>
        public static RuleBook Book(string text, string[] extraEmergency = null)
        {
            RuleBook book = new RuleBook(extraEmergency);
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(text), false, "test", out reason, out warnings), reason);
            return book;
        }

        /// <summary>Parse error message for <paramref name="text"/> (the test fails if it parses).</summary>
        public static string ParseError(string text)
        {
            RuleSet set;
            string error;
            Assert.IsFalse(RuleTextParser.TryParse(Utf8(text), out set, out error), "expected a parse error");
            Assert.IsNotNull(error);
            return error;
        }

        /// <summary>Prefixes of a shared data set (../shared/data/prefixes, copied to data/ by the project file).</summary>
        public static string[] LoadPrefixes(string file)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "data", file);
            Assert.IsTrue(File.Exists(path), "data set missing: " + path + " (needs ../shared/data/prefixes beside the repo)");
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

        /// <summary>Asserts that <paramref name="test"/> is false, showing the seed to reproduce.</summary>
        public static void Fail(int seed, string message) { Assert.Fail("seed " + seed + ": " + message); }
    }
}
