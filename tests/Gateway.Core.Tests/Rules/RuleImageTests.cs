using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The compiled image: round trip, and refusal of anything damaged, with a reason.</summary>
    [TestClass]
    public class RuleImageTests
    {
        private static byte[] SampleImage(string version = "2026-11-25.1")
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8("default block\nallow 0\nblock 00\nallow 0086\nallow 1#\nblock 13800138000\nallow 139\nblock 1390\n"), out set, out error), error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, version));
        }

        private static string Refusal(byte[] image)
        {
            RuleTrie trie;
            string reason;
            Assert.IsFalse(RuleImage.TryRead(image, out trie, out reason), "image should be refused");
            Assert.IsNull(trie);
            Assert.IsFalse(string.IsNullOrEmpty(reason));
            return reason;
        }

        private static void AssertMentions(string message, string part)
        {
            Assert.IsTrue(message.Contains(part), "'" + message + "' should mention '" + part + "'");
        }

        [TestMethod]
        public void Image_round_trip_keeps_rules_default_and_version()
        {
            byte[] image = SampleImage();
            RuleTrie trie;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(image, out trie, out reason), reason);
            Assert.AreEqual("2026-11-25.1", trie.Version);
            Assert.AreEqual(RuleVerdict.Block, trie.Default);
            Assert.AreEqual(7, trie.RuleCount);
            CollectionAssertEqual(image, RuleImage.Write(trie));
        }

        private static void CollectionAssertEqual(byte[] expected, byte[] actual)
        {
            Assert.AreEqual(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], "byte " + i);
        }

        [TestMethod]
        public void Image_starts_with_magic_format_version_and_key_count()
        {
            byte[] image = SampleImage();
            Assert.AreEqual((byte)'G', image[0]);
            Assert.AreEqual((byte)'W', image[1]);
            Assert.AreEqual((byte)'R', image[2]);
            Assert.AreEqual((byte)'T', image[3]);
            Assert.AreEqual(2, image[4] | image[5] << 8);
            Assert.AreEqual(12, image[6] | image[7] << 8);
            Assert.AreEqual(image.Length, image[8] | image[9] << 8 | image[10] << 16 | image[11] << 24);
        }

        [TestMethod]
        public void Crc32_matches_the_IEEE_check_value()
        {
            // Check value of CRC-32/ISO-HDLC (the IEEE 802.3 CRC) over "123456789".
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(Utf8("123456789"), 0, 9));
        }

        [TestMethod]
        public void Damage_to_any_single_byte_is_refused_with_a_reason()
        {
            byte[] image = SampleImage();
            for (int i = 0; i < image.Length; i++)
            {
                for (int flip = 1; flip < 256; flip <<= 3)
                {
                    byte[] bad = (byte[])image.Clone();
                    bad[i] ^= (byte)flip;
                    Refusal(bad);
                }
            }
        }

        [TestMethod]
        public void Truncation_at_every_length_is_refused_with_a_reason()
        {
            byte[] image = SampleImage();
            for (int n = 0; n < image.Length; n++)
            {
                byte[] cut = new byte[n];
                System.Array.Copy(image, cut, n);
                string reason = Refusal(cut);
                if (n >= 4) AssertMentions(reason, "truncated");
            }
        }

        [TestMethod]
        public void Corrupted_payload_is_refused_as_a_CRC_mismatch()
        {
            byte[] image = SampleImage();
            image[image.Length - 3] ^= 0x40;
            AssertMentions(Refusal(image), "CRC-32");
        }

        [TestMethod]
        public void Foreign_file_is_refused_as_not_an_image()
        {
            AssertMentions(Refusal(Utf8("block 0086\nallow 1\n")), "not a Gateway rule image");
            AssertMentions(Refusal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }), "bad magic");
        }

        [TestMethod]
        public void Newer_format_version_is_refused_by_name()
        {
            byte[] image = SampleImage();
            image[4] = 3;
            AssertMentions(Refusal(image), "unsupported image format version 3 (this firmware reads versions 1 and 2)");
        }

        [TestMethod]
        public void Bytes_after_the_declared_end_are_refused()
        {
            byte[] image = SampleImage();
            byte[] longer = new byte[image.Length + 1];
            System.Array.Copy(image, longer, image.Length);
            AssertMentions(Refusal(longer), "1 bytes beyond");
        }

        private static void Reseal(byte[] image)
        {
            uint crc = Crc32.Compute(image, 16, image.Length - 16);
            image[12] = (byte)crc; image[13] = (byte)(crc >> 8); image[14] = (byte)(crc >> 16); image[15] = (byte)(crc >> 24);
        }

        // The sample has fewer than 32 nodes, no version text and one unnamed class (a 4-byte class
        // table): one word of node bits, one rank sample.
        private const int RankSampleOffset = RuleImage.HeaderSize2 + 4 + 4;
        private const int NodeWordsOffset = RankSampleOffset + 4;

        [TestMethod]
        public void Image_with_a_reserved_bit_set_and_a_valid_CRC_is_refused()
        {
            byte[] image = SampleImage("");
            image[NodeWordsOffset + 1] |= 0x80;
            Reseal(image);
            AssertMentions(Refusal(image), "invalid image: node word 0 uses a reserved bit");
        }

        [TestMethod]
        public void Image_with_a_wrong_rank_directory_and_a_valid_CRC_is_refused()
        {
            byte[] image = SampleImage("");
            image[RankSampleOffset] = 1;
            Reseal(image);
            AssertMentions(Refusal(image), "rank directory");
        }

        [TestMethod]
        public void Image_with_a_child_bitmap_naming_a_missing_node_and_a_valid_CRC_is_refused()
        {
            byte[] image = SampleImage("");
            image[NodeWordsOffset] |= 0x80; // root gains a child for key 7 that no node backs
            Reseal(image);
            AssertMentions(Refusal(image), "invalid image");
        }

        private static byte[] Image(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text), out set, out error), error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, ""));
        }

        private const int UniformBit = 0x40; // bit 14 of a node word: its high byte's bit 6

        [TestMethod]
        public void Image_marking_a_node_decided_against_its_rules_with_a_valid_CRC_is_refused()
        {
            // `block 00`: nodes root, 0, 00. Marking node 0 decided would allow 0044... at its first key.
            byte[] image = Image("block 00\n");
            image[NodeWordsOffset + 2 + 1] |= UniformBit;
            Reseal(image);
            AssertMentions(Refusal(image), "invalid image: node 1 is marked decided but the rules below it differ");
        }

        [TestMethod]
        public void Image_with_any_uniform_bit_flipped_and_a_valid_CRC_is_refused()
        {
            RuleTrie genuine;
            string reason;
            byte[] sample = SampleImage("");
            Assert.IsTrue(RuleImage.TryRead(sample, out genuine, out reason), reason);
            for (int rank = 0; rank < genuine.InternalCount; rank++)
            {
                byte[] image = SampleImage("");
                image[NodeWordsOffset + 2 * rank + 1] ^= UniformBit;
                Reseal(image);
                AssertMentions(Refusal(image), "invalid image: node ");
            }
        }

        [TestMethod]
        public void Image_whose_header_states_another_longest_prefix_with_a_valid_CRC_is_refused()
        {
            byte[] image = Image("block 00\nallow 123\n");
            Assert.AreEqual(3, (int)image[18]);
            image[18] = 24;
            Reseal(image);
            AssertMentions(Refusal(image), "invalid image: header says the longest prefix is 24 keys, the rules' is 3");
            image[18] = 2;
            Reseal(image);
            AssertMentions(Refusal(image), "the rules' is 3");
        }

        [TestMethod]
        public void Images_of_sets_with_and_without_early_decisions_load()
        {
            string[] sets = { "", "default block\n", "block 0\n", "block 00\nallow 001\n", "default block\nallow 1\nallow 12\nblock 123\n",
                "allow 0\nallow 01\nallow 012\n", "block " + new string('9', 24) + "\n" };
            for (int i = 0; i < sets.Length; i++)
            {
                RuleTrie trie;
                string reason;
                Assert.IsTrue(RuleImage.TryRead(Image(sets[i]), out trie, out reason), sets[i] + ": " + reason);
            }
        }

        [TestMethod]
        public void Version_text_longer_than_64_characters_is_cut()
        {
            string version = new string('v', 80);
            RuleTrie trie;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(SampleImage(version), out trie, out reason), reason);
            Assert.AreEqual(new string('v', 64), trie.Version);
        }
    }
}
