using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The decision rules of issue #3, on the example given there and on the edge cases around it.</summary>
    [TestClass]
    public class RuleSemanticsTests
    {
        private const string SpecExample = "block 0\nallow 010\nblock 00\nallow 0086\n";

        private static RuleCursor Dial(RuleBook book, string keys)
        {
            RuleCursor cursor = book.CreateCursor();
            for (int i = 0; i < keys.Length; i++) cursor.Advance(keys[i]);
            return cursor;
        }

        private static void AssertDecision(RuleCursor c, RuleVerdict verdict, int atDigit, int ruleLength)
        {
            Assert.AreEqual(verdict, c.Verdict, "verdict");
            Assert.AreEqual(atDigit, c.DecidedAtDigit, "decided at digit");
            Assert.AreEqual(ruleLength, c.RulePrefixLength, "deciding rule length");
        }

        [TestMethod]
        public void Spec_example_0215_is_blocked_at_digit_2_by_rule_0()
        {
            RuleCursor c = Book(SpecExample).CreateCursor();
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('0'));
            Assert.AreEqual(RuleVerdict.Block, c.Advance('2'));
            c.Advance('1'); c.Advance('5');
            AssertDecision(c, RuleVerdict.Block, 2, 1);
        }

        [TestMethod]
        public void Spec_example_0012_is_blocked_at_digit_3_by_rule_00()
        {
            RuleCursor c = Book(SpecExample).CreateCursor();
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('0'));
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('0'));
            Assert.AreEqual(RuleVerdict.Block, c.Advance('1'));
            AssertDecision(c, RuleVerdict.Block, 3, 2);
        }

        [TestMethod]
        public void Spec_example_0086_is_allowed_at_digit_4_by_rule_0086()
        {
            AssertDecision(Dial(Book(SpecExample), "00861234"), RuleVerdict.Allow, 4, 4);
        }

        [TestMethod]
        public void Spec_example_010_is_allowed_at_digit_3_by_rule_010()
        {
            RuleCursor c = Dial(Book(SpecExample), "010");
            AssertDecision(c, RuleVerdict.Allow, 3, 3);
            Assert.IsFalse(c.IsEmergency);
        }

        [TestMethod]
        public void Undecided_number_is_decided_at_the_end_by_the_longest_matching_rule()
        {
            RuleCursor c = Dial(Book(SpecExample), "00");
            Assert.AreEqual(RuleVerdict.Continue, c.Verdict);
            Assert.AreEqual(RuleVerdict.Block, c.Finish());
            AssertDecision(c, RuleVerdict.Block, 0, 2);
        }

        [TestMethod]
        public void Number_outside_every_rule_is_decided_by_the_default_at_its_first_digit()
        {
            AssertDecision(Dial(Book(SpecExample), "5"), RuleVerdict.Allow, 1, 0);
        }

        [TestMethod]
        public void Default_block_line_blocks_numbers_no_rule_allows()
        {
            RuleCursor c = Dial(Book("default block\nallow 8\n"), "5");
            AssertDecision(c, RuleVerdict.Block, 1, 0);
            AssertDecision(Dial(Book("default block\nallow 8\n"), "8"), RuleVerdict.Allow, 1, 1);
        }

        [TestMethod]
        public void Verdict_sticks_after_the_decision()
        {
            RuleCursor c = Dial(Book("block 9\nallow 91\n"), "90");
            Assert.AreEqual(RuleVerdict.Block, c.Verdict);
            Assert.AreEqual(RuleVerdict.Block, c.Advance('1'));
            Assert.AreEqual(RuleVerdict.Block, c.Finish());
            AssertDecision(c, RuleVerdict.Block, 2, 1);
        }

        [TestMethod]
        public void Keys_other_than_digits_star_and_hash_are_ignored()
        {
            RuleCursor c = Book(SpecExample).CreateCursor();
            c.Advance('0');
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('A'));
            Assert.AreEqual(RuleVerdict.Block, c.Advance('2'));
            Assert.AreEqual(2, c.DecidedAtDigit);
        }

        [TestMethod]
        public void Star_and_hash_are_keys_of_a_prefix()
        {
            RuleBook book = Book("block *#\nallow *\n");
            AssertDecision(Dial(book, "*#06"), RuleVerdict.Block, 2, 2);
            AssertDecision(Dial(book, "*1"), RuleVerdict.Allow, 2, 1);
        }

        [TestMethod]
        public void Reset_starts_a_new_call()
        {
            RuleCursor c = Dial(Book(SpecExample), "021");
            c.Reset();
            Assert.AreEqual(RuleVerdict.Continue, c.Verdict);
            c.Advance('0'); c.Advance('1'); c.Advance('0');
            AssertDecision(c, RuleVerdict.Allow, 3, 3);
        }

        [TestMethod]
        public void Emergency_number_gets_through_a_block_of_its_first_digit()
        {
            RuleCursor c = Book("block 1\n").CreateCursor();
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('1'));
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('1'));
            Assert.AreEqual(RuleVerdict.Allow, c.Advance('0'));
            Assert.IsTrue(c.IsEmergency);
            AssertDecision(c, RuleVerdict.Allow, 3, 3);
        }

        [TestMethod]
        public void Block_of_first_digit_still_blocks_other_numbers_as_soon_as_no_emergency_number_fits()
        {
            AssertDecision(Dial(Book("block 1\n"), "13"), RuleVerdict.Block, 2, 1);
            AssertDecision(Dial(Book("block 1\n"), "111"), RuleVerdict.Block, 3, 1);
        }

        [TestMethod]
        public void Rule_that_extends_an_emergency_number_cannot_block_it()
        {
            RuleCursor c = Dial(Book("block 1105\n"), "11059");
            Assert.AreEqual(RuleVerdict.Allow, c.Verdict);
            // 1105 is overridden, so no continuation of the first key can be blocked.
            Assert.AreEqual(1, c.DecidedAtDigit);
            Assert.IsTrue(c.DialledEmergency);
        }

        [TestMethod]
        public void Extra_emergency_number_from_the_settings_overrides_the_rules()
        {
            RuleCursor c = Dial(Book("default block\n", new[] { "999" }), "999");
            Assert.AreEqual(RuleVerdict.Allow, c.Verdict);
            Assert.IsTrue(c.IsEmergency);
            AssertDecision(Dial(Book("default block\n"), "999"), RuleVerdict.Block, 1, 0);
        }

        [TestMethod]
        public void Emergency_number_dialled_under_default_allow_is_flagged_for_the_call_record()
        {
            RuleCursor c = Dial(Book("default allow\n"), "112");
            AssertDecision(c, RuleVerdict.Allow, 1, 0);
            Assert.IsFalse(c.IsEmergency);
            Assert.IsTrue(c.DialledEmergency);
        }

        [TestMethod]
        public void Cursor_keeps_the_rules_it_started_with_when_an_update_lands_mid_call()
        {
            RuleBook book = Book("block 0\n");
            RuleCursor c = book.CreateCursor();
            string reason, warnings;
            Assert.IsTrue(book.TryApply(Utf8("allow 0\n"), false, "2", out reason, out warnings), reason);
            Assert.AreEqual(RuleVerdict.Block, c.Advance('0'));
            c.Reset();
            Assert.AreEqual(RuleVerdict.Allow, c.Advance('0'));
        }
    }
}
