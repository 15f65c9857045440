using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Rule text: what it accepts, and errors that name the line.</summary>
    [TestClass]
    public class RuleTextParserTests
    {
        private static RuleSet Parse(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text), out set, out error), error);
            return set;
        }

        private static void AssertMentions(string message, string part)
        {
            Assert.IsTrue(message.Contains(part), "'" + message + "' should mention '" + part + "'");
        }

        [TestMethod]
        public void Comments_blank_lines_and_trailing_comments_are_ignored()
        {
            RuleSet set = Parse("# premium numbers\n\n   \nblock 900   # no premium\r\nallow 12#\t# hash is a key here\n");
            Assert.AreEqual(2, set.Count);
            Assert.AreEqual("12#", set.PrefixAt(0));
            Assert.AreEqual("900", set.PrefixAt(1));
            Assert.AreEqual(RuleVerdict.Block, set.ActionAt(1));
            Assert.AreEqual(4, set.LineAt(1));
        }

        [TestMethod]
        public void Default_is_allow_unless_the_text_says_default_block()
        {
            Assert.AreEqual(RuleVerdict.Allow, Parse("block 1\n").Default);
            Assert.AreEqual(RuleVerdict.Block, Parse("default block\nallow 1\n").Default);
        }

        [TestMethod]
        public void Repeating_a_rule_is_harmless()
        {
            Assert.AreEqual(1, Parse("block 12\nblock 12\n").Count);
        }

        [TestMethod]
        public void Unknown_action_names_the_line()
        {
            string e = ParseError("block 1\n\nforbid 2\n");
            AssertMentions(e, "line 3");
            AssertMentions(e, "unknown action 'forbid'");
        }

        [TestMethod]
        public void Bad_key_names_the_line_and_the_key()
        {
            string e = ParseError("allow 12A4\n");
            AssertMentions(e, "line 1");
            AssertMentions(e, "bad key 'A'");
        }

        [TestMethod]
        public void Prefix_longer_than_24_keys_names_the_line()
        {
            Parse("block 123456789012345678901234\n");
            string e = ParseError("# x\nblock 1234567890123456789012345\n");
            AssertMentions(e, "line 2");
            AssertMentions(e, "too long (25 keys, at most 24)");
        }

        [TestMethod]
        public void Prefix_both_allowed_and_blocked_names_both_lines()
        {
            string e = ParseError("allow 0086\nblock 1\nblock 0086\n");
            AssertMentions(e, "line 3");
            AssertMentions(e, "'0086' is blocked here but allowed on line 1");
        }

        [TestMethod]
        public void Missing_prefix_names_the_line()
        {
            AssertMentions(ParseError("allow 1\nblock\n"), "line 2: missing prefix after 'block'");
        }

        [TestMethod]
        public void Text_after_the_prefix_that_is_not_a_comment_names_the_line()
        {
            AssertMentions(ParseError("block 1 2\n"), "line 1: unexpected '2'");
        }

        [TestMethod]
        public void Contradicting_default_lines_name_both_lines()
        {
            string e = ParseError("default block\nallow 1\ndefault allow\n");
            AssertMentions(e, "line 3");
            AssertMentions(e, "line 1");
        }

        [TestMethod]
        public void Unknown_default_action_names_the_line()
        {
            AssertMentions(ParseError("default deny\n"), "line 1: unknown default 'deny'");
        }
    }
}
