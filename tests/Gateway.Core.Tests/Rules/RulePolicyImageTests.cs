using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Classes and wildcards through the image, version-1 images, and how a rule is named (host-only: reads the trie's internals).</summary>
    [TestClass]
    public class RulePolicyImageTests
    {
        private static RuleSet Parse(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text), out set, out error), error);
            return set;
        }

        private static RuleVerdict Dial(RuleCursor cursor, string keys)
        {
            cursor.Reset();
            for (int i = 0; i < keys.Length; i++) cursor.Advance(keys[i]);
            return cursor.Finish();
        }

        [TestMethod]
        public void Rules_that_agree_may_overlap_and_the_first_written_is_named()
        {
            RuleSet set = Parse("block 0[1-5]\nblock 0[3-7]\n");
            Assert.AreEqual(7, set.Count);
            RuleTrie trie = RuleTrieBuilder.Build(set, "");
            char[] keys = new char[] { '0', '4' };
            int p = trie.DecidingPattern(0, keys, 0, 2);
            char[] text = new char[32];
            Assert.AreEqual("0[1-5]", new string(text, 0, trie.AppendPattern(text, 0, p)));
        }

        [TestMethod]
        public void A_version_1_image_still_loads_as_one_class()
        {
            RuleSet set = Parse("default block\nallow 8\nblock 80\nallow 801\n");
            byte[] v1 = RuleImageVersion1.Write(RuleTrieBuilder.Build(set, "old-1"));
            Assert.AreEqual(1, v1[4]);
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApply(v1, true, "", out reason, out warnings), reason);
            Assert.AreEqual("old-1", book.Version);
            RuleCursor c = book.CreateCursor();
            Assert.AreEqual("", c.ClassName);
            Assert.AreEqual(RuleVerdict.Block, Dial(c, "802"));
            Assert.AreEqual(RuleVerdict.Allow, Dial(c, "8012"));
            Assert.AreEqual(RuleVerdict.Block, Dial(c, "5"));
        }

        [TestMethod]
        public void Classes_and_wildcards_survive_the_image()
        {
            const string text = "class day\nblock 0x[2-5]\nallow 0033\nclass night\ndefault block\nallow 8xx\n";
            RuleSet set = Parse(text);
            RuleTrie trie;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(RuleImage.Write(RuleTrieBuilder.Build(set, "v")), out trie, out reason), reason);
            Assert.AreEqual(2, trie.Classes);
            Assert.AreEqual("night", trie.ClassName(1));
            Assert.AreEqual(RuleVerdict.Block, trie.DefaultOf(1));
            int length;
            Assert.AreEqual(RuleVerdict.Block, trie.Match(0, "0042", out length));
            Assert.AreEqual(RuleVerdict.Allow, trie.Match(0, "0033", out length));
            Assert.AreEqual(RuleVerdict.Allow, trie.Match(1, "812", out length));
            Assert.AreEqual(RuleVerdict.Block, trie.Match(1, "0033", out length));
            char[] keys = new char[] { '0', '0', '4' }, written = new char[32];
            int p = trie.DecidingPattern(0, keys, 0, 3);
            Assert.AreEqual("0x[2-5]", new string(written, 0, trie.AppendPattern(written, 0, p)));
        }

        [TestMethod]
        public void An_image_with_classes_and_wildcards_is_refused_for_any_damaged_byte_or_cut()
        {
            // Enough nodes that every class section is sparse with stored words, and patterns of each kind.
            var text = new System.Text.StringBuilder("class day\nblock 0x[2-5]\nallow 0033\n");
            for (int i = 100; i < 400; i += 3) text.Append("block 9").Append(i).Append('\n');
            text.Append("class night\ndefault block\nallow 8xx\nallow 9[1-2]0\nclass boss\n");
            for (int i = 100; i < 400; i += 7) text.Append(i % 2 == 0 ? "allow 9" : "block 9").Append(i).Append('\n');
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(Parse(text.ToString()), "dmg"));
            Assert.IsTrue(RuleImage.TryRead(image, out RuleTrie good, out string ok), ok);
            RuleTestSupport.AssertEveryDamagedByteAndCutRefused(image);
        }
    }
}
