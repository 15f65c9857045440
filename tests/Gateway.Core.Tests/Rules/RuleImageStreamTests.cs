using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Loading an image a chunk at a time (from flash at boot): same result, same refusals.</summary>
    [TestClass]
    public class RuleImageStreamTests
    {
        private static byte[] SampleImage()
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8("allow 0\nblock 00\nallow 0086\nblock 1#\nblock 13800138000\nallow 139\nblock 1390\n"), out set, out error), error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, "stream-1"));
        }

        private static string Refusal(byte[] image, int chunk)
        {
            RuleTrie trie;
            string reason;
            Assert.IsFalse(RuleImage.TryRead(new ChunkedImageSource(image, chunk), out trie, out reason), "image should be refused");
            Assert.IsNull(trie);
            Assert.IsFalse(string.IsNullOrEmpty(reason));
            return reason;
        }

        [TestMethod]
        public void Image_read_in_chunks_of_any_size_gives_the_same_trie()
        {
            byte[] image = SampleImage();
            foreach (int chunk in new[] { 1, 3, 7, 16, 255, 4096 })
            {
                RuleTrie trie;
                string reason;
                Assert.IsTrue(RuleImage.TryRead(new ChunkedImageSource(image, chunk), out trie, out reason), reason);
                byte[] again = RuleImage.Write(trie);
                Assert.AreEqual(image.Length, again.Length);
                for (int i = 0; i < image.Length; i++) Assert.AreEqual(image[i], again[i], "chunk " + chunk + ", byte " + i);
                Assert.AreEqual("stream-1", trie.Version);
            }
        }

        [TestMethod]
        public void Streamed_image_cut_at_any_length_is_refused_as_truncated()
        {
            byte[] image = SampleImage();
            for (int n = 0; n < image.Length; n++)
            {
                byte[] cut = new byte[n];
                System.Array.Copy(image, cut, n);
                string reason = Refusal(cut, 5);
                if (n >= 4) Assert.IsTrue(reason.Contains("truncated"), n + ": " + reason);
            }
        }

        [TestMethod]
        public void Streamed_image_with_any_byte_damaged_is_refused()
        {
            byte[] image = SampleImage();
            for (int i = 0; i < image.Length; i++)
            {
                byte[] bad = (byte[])image.Clone();
                bad[i] ^= 0x21;
                Refusal(bad, 7);
            }
        }

        [TestMethod]
        public void Streamed_image_with_trailing_bytes_is_refused()
        {
            byte[] image = SampleImage();
            byte[] longer = new byte[image.Length + 300];
            System.Array.Copy(image, longer, image.Length);
            Assert.IsTrue(Refusal(longer, 64).Contains("300 bytes beyond"));
        }

        [TestMethod]
        public void Rule_book_loads_a_streamed_image_and_keeps_old_rules_when_one_is_refused()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApplyImage(new ChunkedImageSource(SampleImage(), 9), null, out reason, out warnings), reason);
            Assert.AreEqual("stream-1", book.Version);
            byte[] bad = SampleImage();
            bad[bad.Length - 1] ^= 1;
            Assert.IsFalse(book.TryApplyImage(new ChunkedImageSource(bad, 9), "v2", out reason, out warnings));
            Assert.IsTrue(reason.Contains("CRC-32"), reason);
            Assert.AreEqual("stream-1", book.Version);
            RuleCursor c = book.CreateCursor();
            c.Advance('0'); c.Advance('0'); c.Advance('1');
            Assert.AreEqual(RuleVerdict.Block, c.Verdict);
        }
    }
}
