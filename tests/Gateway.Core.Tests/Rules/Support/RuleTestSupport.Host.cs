using System;
using System.IO;
using Gateway.Core.Rules;
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

        /// <summary>Streamed in small reads, <paramref name="image"/> with any one byte damaged is refused,
        /// and cut at any length too: as truncated once the 4-byte magic is there.</summary>
        public static void AssertEveryDamagedByteAndCutRefused(byte[] image)
        {
            for (int i = 0; i < image.Length; i++)
            {
                byte[] bad = (byte[])image.Clone();
                bad[i] ^= 0x21;
                Assert.IsFalse(RuleImage.TryRead(new ChunkedImageSource(bad, 7), out RuleTrie _, out string _), "byte " + i);
            }
            for (int cut = 0; cut < image.Length; cut++)
            {
                byte[] part = new byte[cut];
                Array.Copy(image, part, cut);
                Assert.IsFalse(RuleImage.TryRead(new ChunkedImageSource(part, 5), out RuleTrie _, out string reason), "cut " + cut);
                Assert.IsTrue(reason.Contains("truncated") || cut < 4, cut + ": " + reason);
            }
        }
    }
}
