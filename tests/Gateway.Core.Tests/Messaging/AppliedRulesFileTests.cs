using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The rule set saved for restarts, read back a chunk at a time at boot: same rules, clear refusals, old rules kept.</summary>
    [TestClass]
    public class AppliedRulesFileTests
    {
        private const string Text = "allow 0\nblock 00\nallow 0086\nblock 1390\n";

        private static byte[] File(bool isImage, string version, byte[] body)
        {
            byte[] header = AppliedRulesFile.Header(isImage, version);
            byte[] file = new byte[header.Length + body.Length];
            System.Array.Copy(header, file, header.Length);
            System.Array.Copy(body, 0, file, header.Length, body.Length);
            return file;
        }

        private static byte[] Image(string version)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(Text), out set, out error), error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, version));
        }

        private static string Restore(byte[] file, int chunk, RuleBook book, out string version)
        {
            string warnings;
            return AppliedRulesFile.TryRestore(new ChunkedImageSource(file, chunk), file.Length, book, out version, out warnings);
        }

        private static RuleVerdict Verdict(RuleBook book, string number)
        {
            RuleCursor c = book.CreateCursor();
            for (int i = 0; i < number.Length; i++) c.Advance(number[i]);
            return c.Finish();
        }

        [TestMethod]
        public void Header_is_one_ascii_line()
        {
            Assert.AreEqual("GWR1 1 img-7\n", Gateway.Core.Messaging.Utf8.GetString(AppliedRulesFile.Header(true, "img-7"), 0, 13));
            Assert.AreEqual(AppliedRulesFile.MaxHeaderBytes, AppliedRulesFile.Header(false, new string('v', RuleUpdateRequest.MaxVersionLength)).Length);
        }

        [TestMethod]
        public void A_saved_image_is_restored_in_chunks_of_any_size()
        {
            byte[] file = File(true, "img-7", Image("img-7"));
            int[] chunks = new int[] { 1, 7, 256, 4096 };
            for (int k = 0; k < chunks.Length; k++)
            {
                RuleBook book = new RuleBook();
                string version;
                Assert.IsNull(Restore(file, chunks[k], book, out version), "chunk " + chunks[k]);
                Assert.AreEqual("img-7", version);
                Assert.AreEqual("img-7", book.Version);
                Assert.AreEqual(RuleVerdict.Block, Verdict(book, "0012345"));
                Assert.AreEqual(RuleVerdict.Allow, Verdict(book, "00861234"));
            }
        }

        [TestMethod]
        public void A_saved_text_set_is_restored()
        {
            RuleBook book = new RuleBook();
            string version;
            Assert.IsNull(Restore(File(false, "v12", Utf8(Text)), 5, book, out version));
            Assert.AreEqual("v12", version);
            Assert.AreEqual(RuleVerdict.Block, Verdict(book, "13901234"));
            Assert.AreEqual(RuleVerdict.Allow, Verdict(book, "139"));
        }

        [TestMethod]
        public void A_saved_file_cut_anywhere_is_refused_and_the_old_rules_stay()
        {
            byte[] image = File(true, "img-7", Image("img-7"));
            byte[] text = File(false, "v12", Utf8("block 0012\n"));
            byte[][] files = new byte[][] { image, text };
            for (int f = 0; f < files.Length; f++)
            {
                byte[] whole = files[f];
                for (int n = 0; n < whole.Length; n++)
                {
                    byte[] cut = new byte[n];
                    System.Array.Copy(whole, cut, n);
                    RuleBook book = Book("block 99\n");
                    string version, warnings;
                    // The size is the one stated (the file system's); the bytes end early.
                    string reason = AppliedRulesFile.TryRestore(new ChunkedImageSource(cut, 3), whole.Length, book, out version, out warnings);
                    Assert.IsNotNull(reason, "file " + f + " cut at " + n);
                    Assert.IsNull(version);
                    Assert.AreEqual("test", book.Version, "file " + f + " cut at " + n + ": " + reason);
                    Assert.AreEqual(RuleVerdict.Block, Verdict(book, "991"));
                }
            }
        }

        [TestMethod]
        public void A_file_that_is_not_a_saved_set_is_refused_with_the_reason()
        {
            RuleBook book = new RuleBook();
            string version;
            Assert.IsTrue(Restore(Utf8("GWR2 1 v\nxx"), 4, book, out version).Contains("GWR1"));
            Assert.IsTrue(Restore(Utf8("GWR1 2 v\nxx"), 4, book, out version).Contains("kind"));
            Assert.IsTrue(Restore(Utf8("GWR1 0 v w\nxx"), 4, book, out version).Contains("ASCII"));
            Assert.IsTrue(Restore(Utf8("GWR1 0 v\n"), 4, book, out version).Contains("no rules"));
            Assert.IsTrue(Restore(new byte[200], 64, book, out version).Contains("no header line"));
            Assert.IsTrue(Restore(File(false, "v2", Utf8("frobnicate 12\n")), 64, book, out version).Length > 0);
            byte[] damaged = File(true, "img-7", Image("img-7"));
            damaged[damaged.Length - 1] ^= 1;
            Assert.IsTrue(Restore(damaged, 64, book, out version).Contains("CRC-32"));
            Assert.AreEqual("", book.Version, "nothing refused was put in force");
        }

        [TestMethod]
        public void A_rule_aimed_at_an_emergency_number_added_since_the_save_still_loads()
        {
            // Saved when 19222 was an ordinary number; the settings now name it an emergency number.
            // Refusing the set would leave every number allowed: it loads, the number still gets through.
            RuleBook book = new RuleBook(new string[] { "19222" });
            string version, warnings;
            byte[] file = File(false, "v3", Utf8("block 1922\nblock 00\n"));
            Assert.IsNull(AppliedRulesFile.TryRestore(new ChunkedImageSource(file, 16), file.Length, book, out version, out warnings));
            Assert.AreEqual("v3", book.Version);
            Assert.IsNotNull(warnings);
            Assert.IsTrue(warnings.Contains("19222"), warnings);
            Assert.AreEqual(RuleVerdict.Block, Verdict(book, "0012"));
        }
    }
}
