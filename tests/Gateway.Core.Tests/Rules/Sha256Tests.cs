using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>SHA-256 against the FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values").</summary>
    [TestClass]
    public class Sha256Tests
    {
        internal static string Hex(byte[] b)
        {
            const string digits = "0123456789abcdef";
            char[] c = new char[2 * b.Length];
            for (int i = 0; i < b.Length; i++) { c[2 * i] = digits[b[i] >> 4]; c[2 * i + 1] = digits[b[i] & 15]; }
            return new string(c);
        }

        internal static string Digest(string ascii)
        {
            byte[] data = RuleTestSupport.Utf8(ascii);
            Sha256 sha = new Sha256();
            sha.Update(data, 0, data.Length);
            byte[] digest = new byte[Sha256.DigestBytes];
            sha.Final(digest, 0);
            return Hex(digest);
        }

        [TestMethod]
        public void One_block_message_abc()
        {
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest("abc"));
        }

        [TestMethod]
        public void Empty_message()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest(""));
        }

        [TestMethod]
        public void Two_block_message_of_448_bits()
        {
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
        }

        [TestMethod]
        public void Message_of_896_bits()
        {
            Assert.AreEqual("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
                Digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"));
        }

        [TestMethod]
        public void Fed_a_byte_at_a_time_or_in_pieces_the_digest_is_the_same_and_the_hash_starts_again_after_Final()
        {
            string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
            byte[] data = RuleTestSupport.Utf8(text);
            Sha256 sha = new Sha256();
            byte[] digest = new byte[Sha256.DigestBytes];
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < data.Length; i++) sha.Update(data[i]);
                sha.Final(digest, 0);
                Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Hex(digest));
            }
            sha.Update(data, 0, 3);
            sha.Update(data, 3, data.Length - 3);
            sha.Final(digest, 0);
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Hex(digest));
        }

        [TestMethod]
        public void Lengths_around_the_padding_boundary_match_the_block_count_rule()
        {
            // 55 bytes pad into one block, 56 need a second: both must still come out right.
            Assert.AreEqual("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318", Digest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
            Assert.AreEqual("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a", Digest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        }
    }
}
