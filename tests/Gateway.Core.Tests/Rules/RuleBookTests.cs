using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Applying rule updates: old rules stay on failure, warnings for emergency-blocking rules.</summary>
    [TestClass]
    public class RuleBookTests
    {
        private static RuleVerdict Decide(RuleBook book, string number)
        {
            RuleCursor c = book.CreateCursor();
            for (int i = 0; i < number.Length; i++) c.Advance(number[i]);
            return c.Finish();
        }

        [TestMethod]
        public void New_book_allows_everything_and_has_an_empty_version()
        {
            RuleBook book = new RuleBook();
            Assert.AreEqual("", book.Version);
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "0086123"));
        }

        [TestMethod]
        public void Applied_text_is_in_force_with_its_version()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApply(Utf8("block 0086\n"), false, "v7", out reason, out warnings), reason);
            Assert.IsNull(warnings);
            Assert.AreEqual("v7", book.Version);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "00861"));
        }

        [TestMethod]
        public void Applied_image_is_in_force_with_the_version_it_carries()
        {
            RuleSet set;
            string reason, warnings;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8("block 0086\n"), out set, out reason), reason);
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(set, "img-3"));
            RuleBook book = new RuleBook();
            Assert.IsTrue(book.TryApply(image, true, null, out reason, out warnings), reason);
            Assert.AreEqual("img-3", book.Version);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "00861"));
        }

        [TestMethod]
        public void Bad_text_is_refused_with_the_line_and_the_old_rules_stay()
        {
            RuleBook book = Book("block 0086\n");
            string reason, warnings;
            Assert.IsFalse(book.TryApply(Utf8("allow 1\nblok 0086\n"), false, "v2", out reason, out warnings));
            Assert.IsTrue(reason.Contains("line 2"), reason);
            Assert.AreEqual("test", book.Version);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "00861"));
        }

        [TestMethod]
        public void Empty_update_is_refused_and_the_old_rules_stay()
        {
            RuleBook book = Book("block 0086\n");
            string reason, warnings;
            Assert.IsFalse(book.TryApply(new byte[0], false, "v2", out reason, out warnings));
            Assert.IsTrue(reason.Contains("empty rule update"), reason);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "00861"));
        }

        [TestMethod]
        public void Bad_image_is_refused_and_the_old_rules_stay()
        {
            RuleBook book = Book("block 0086\n");
            string reason, warnings;
            Assert.IsFalse(book.TryApply(new byte[] { (byte)'G', (byte)'W', (byte)'R', (byte)'T', 1 }, true, "v2", out reason, out warnings));
            Assert.IsTrue(reason.Contains("truncated"), reason);
            Assert.AreEqual("test", book.Version);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "00861"));
        }

        [TestMethod]
        public void Rule_blocking_an_emergency_number_loads_with_a_warning_naming_it()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApply(Utf8("block 11\nallow 119\n"), false, "v", out reason, out warnings), reason);
            Assert.IsNotNull(warnings);
            Assert.IsTrue(warnings.Contains("rule 'block 11' would block emergency number 110"), warnings);
            Assert.IsFalse(warnings.Contains("119"), warnings);
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "110"));
        }

        [TestMethod]
        public void Block_rule_extending_an_emergency_number_is_warned_about()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8("block 1201\n"), false, "v", out reason, out warnings), reason);
            Assert.IsTrue(warnings.Contains("rule 'block 1201'"), warnings);
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "12012"));
        }

        [TestMethod]
        public void Block_rule_inside_an_emergency_number_is_found_behind_many_allow_rules()
        {
            string text = "";
            for (int i = 0; i < 40; i++) text += "allow 1100" + i.ToString("D2") + "\n";
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(text + "block 1109\n"), false, "v", out reason, out warnings), reason);
            Assert.IsNotNull(warnings);
            Assert.IsTrue(warnings.Contains("rule 'block 1109'"), warnings);
        }

        [TestMethod]
        public void Default_block_is_warned_about_for_every_emergency_number_it_would_block()
        {
            RuleBook book = new RuleBook(new[] { "999" });
            string reason, warnings;
            Assert.IsTrue(book.TryApply(Utf8("default block\nallow 11\n"), false, "v", out reason, out warnings), reason);
            Assert.IsTrue(warnings.Contains("'default block' would block emergency number 120"), warnings);
            Assert.IsTrue(warnings.Contains("'default block' would block emergency number 999"), warnings);
            Assert.IsFalse(warnings.Contains("number 110"), warnings);
        }

        [TestMethod]
        public void Network_update_with_a_rule_targeting_an_emergency_number_is_refused_and_old_rules_stay()
        {
            RuleBook book = Book("block 0086\n");
            string reason, warnings;
            Assert.IsFalse(book.TryApply(Utf8("block 0900\nblock 112\n"), false, "v2", out reason, out warnings));
            Assert.IsNotNull(reason);
            Assert.IsTrue(reason.Contains("rule 'block 112' targets emergency number 112"), reason);
            Assert.AreEqual("test", book.Version);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "0086"));
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "0900"));
        }

        [TestMethod]
        public void Network_update_with_a_block_rule_extending_an_emergency_number_is_refused()
        {
            RuleBook book = new RuleBook(new[] { "999" });
            string reason, warnings;
            Assert.IsFalse(book.TryApply(Utf8("block 1201\nblock 9990\n"), false, "v", out reason, out warnings));
            Assert.IsTrue(reason.Contains("rule 'block 1201' targets calls to emergency number 120"), reason);
            Assert.IsTrue(reason.Contains("rule 'block 9990' targets calls to emergency number 999"), reason);
            Assert.AreEqual("", book.Version);
        }

        [TestMethod]
        public void Network_update_image_targeting_an_emergency_number_is_refused_too()
        {
            RuleBook source = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(source.TryLoad(Utf8("block 119\n"), false, "v9", out reason, out warnings), reason);
            byte[] image = RuleImage.Write(source.Trie);
            RuleBook book = new RuleBook();
            Assert.IsFalse(book.TryApply(image, true, "v9", out reason, out warnings));
            Assert.IsTrue(reason.Contains("'block 119'"), reason);
        }

        [TestMethod]
        public void Network_update_with_a_broad_rule_covering_emergency_numbers_applies_with_a_warning()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApply(Utf8("block 1\n"), false, "v", out reason, out warnings), reason);
            Assert.IsTrue(warnings.Contains("rule 'block 1' would block emergency number 112 (it still gets through)"), warnings);
            Assert.AreEqual(RuleVerdict.Block, Decide(book, "138"));
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "112"));
        }

        [TestMethod]
        public void Local_load_of_a_rule_targeting_an_emergency_number_loads_and_the_number_gets_through()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8("block 110\n"), false, "v", out reason, out warnings), reason);
            Assert.IsTrue(warnings.Contains("rule 'block 110' would block emergency number 110"), warnings);
            Assert.AreEqual(RuleVerdict.Allow, Decide(book, "110"));
        }

        [TestMethod]
        public void Rule_book_is_the_cursor_source_a_call_session_plugs_in()
        {
            IRuleCursorSource source = Book("block 0086\n");
            IRuleCursor cursor = source.CreateCursor();
            cursor.Advance('0'); cursor.Advance('0'); cursor.Advance('8');
            Assert.AreEqual(RuleVerdict.Block, cursor.Advance('6'));
        }

        [TestMethod]
        public void Emergency_number_with_a_non_key_is_refused_at_construction()
        {
            bool threw = false;
            try { new RuleBook(new[] { "11a" }); }
            catch (System.ArgumentException e) { threw = e.Message.Contains("11a"); }
            Assert.IsTrue(threw);
        }
    }
}
