using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Gateway.Core.Tests.Rules.Support;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Classes and wildcards in rule text (docs/rules.md, "Company policy"): what they mean and errors that name the line.</summary>
    [TestClass]
    public class RulePolicyTextTests
    {
        private static RuleSet Parse(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text), out set, out error), error);
            return set;
        }

        private static void AssertError(string text, string expected)
        {
            RuleSet set;
            string error;
            Assert.IsFalse(RuleTextParser.TryParse(Utf8(text), out set, out error), "should be refused: " + text);
            Assert.AreEqual(expected, error);
        }

        private static RuleCursor Cursor(string text, int c)
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(text), false, "v", out reason, out warnings), reason);
            RuleCursor cursor = book.CreateCursor();
            cursor.SelectClass(c);
            cursor.Reset();
            return cursor;
        }

        private static RuleVerdict Dial(RuleCursor cursor, string keys)
        {
            cursor.Reset();
            for (int i = 0; i < keys.Length; i++) cursor.Advance(keys[i]);
            return cursor.Finish();
        }

        [TestMethod]
        public void Each_class_has_its_own_rules_and_default()
        {
            const string text = "class staff\nblock 00\nclass night\ndefault block\nallow 8\n";
            RuleSet set = Parse(text);
            Assert.AreEqual(2, set.ClassCount);
            Assert.AreEqual("night", set.ClassName(1));
            Assert.AreEqual(RuleVerdict.Allow, set.DefaultOf(0));
            Assert.AreEqual(RuleVerdict.Block, set.DefaultOf(1));
            RuleCursor staff = Cursor(text, 0), night = Cursor(text, 1);
            Assert.AreEqual("staff", staff.ClassName);
            Assert.AreEqual(RuleVerdict.Block, Dial(staff, "0044"));
            Assert.AreEqual(RuleVerdict.Allow, Dial(staff, "5551234"));
            Assert.AreEqual(RuleVerdict.Block, Dial(night, "5551234"));
            Assert.AreEqual(RuleVerdict.Allow, Dial(night, "8123"));
            Assert.AreEqual(RuleVerdict.Allow, Dial(night, "120"), "emergency numbers get through in every class");
            Assert.IsTrue(night.IsEmergency);
        }

        [TestMethod]
        public void A_literal_key_beats_a_wildcard_and_a_narrow_range_beats_x()
        {
            RuleCursor c = Cursor("block 0x1\nallow 00x\nallow 0x5\nblock 0[1-3]5\n", 0);
            Assert.AreEqual(RuleVerdict.Allow, Dial(c, "001"), "00x: literal 0 beats x at position 2");
            Assert.AreEqual(RuleVerdict.Block, Dial(c, "011"));
            Assert.AreEqual(RuleVerdict.Block, Dial(c, "025"), "[1-3] beats x");
            Assert.AreEqual(RuleVerdict.Allow, Dial(c, "045"));
            Assert.AreEqual(RuleVerdict.Allow, Dial(c, "0*1"), "x is a digit, never * or #");
        }

        [TestMethod]
        public void A_wildcard_decides_at_the_key_where_nothing_else_can_apply()
        {
            RuleCursor c = Cursor("default allow\nblock 1x[5-9]\n", 0);
            c.Reset();
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('1'));
            Assert.AreEqual(RuleVerdict.Continue, c.Advance('3'));
            Assert.AreEqual(RuleVerdict.Block, c.Advance('7'));
            Assert.AreEqual(3, c.DecidedAtDigit);
            Assert.AreEqual(3, c.RulePrefixLength);
        }

        [TestMethod]
        public void Wildcards_are_written_back_in_normal_form()
        {
            RuleSet set = Parse("block 0[2345]x[13][0-1]\n");
            Assert.AreEqual(1, set.PatternCount);
            Assert.AreEqual("0[2-5]x[13][01]", set.PatternText(0));
            Assert.AreEqual(4 * 10 * 2 * 2, set.Count);
        }

        [TestMethod]
        public void Class_errors_name_the_line()
        {
            AssertError("block 1\nclass staff\n", "line 2: the rule on line 1 is in no class (with classes, every rule and default follows a class line)");
            AssertError("class staff\nclass staff\n", "line 2: class 'staff' is defined twice (first on line 1)");
            AssertError("class Staff\n", "line 1: bad class name 'Staff' (1-16 of a-z 0-9 - _, starting with a letter)");
            AssertError("class\n", "line 1: missing name after 'class'");
            AssertError("class a\ndefault block\nclass b\ndefault block\ndefault allow\n", "line 5: default allow contradicts the default on line 4");
        }

        [TestMethod]
        public void Sixteen_classes_are_refused()
        {
            string text = "";
            for (int i = 0; i < 16; i++) text += "class c" + i + "\n";
            AssertError(text, "line 16: more than 15 classes");
        }

        [TestMethod]
        public void Wildcard_errors_name_the_line()
        {
            AssertError("block 0[2-\n", "line 1: bad digit set '[2-' in prefix '0[2-' (digits and ranges between [ and ], e.g. [2-5] or [13])");
            AssertError("block 0[5-2]\n", "line 1: bad digit set '[5-2]' in prefix '0[5-2]' (digits and ranges between [ and ], e.g. [2-5] or [13])");
            AssertError("block 0[3]\n", "line 1: bad digit set '[3]' in prefix '0[3]' (digits and ranges between [ and ], e.g. [2-5] or [13])");
            AssertError("block 0[*#]\n", "line 1: bad digit set '[*#]' in prefix '0[*#]' (digits and ranges between [ and ], e.g. [2-5] or [13])");
            AssertError("\n\nblock xxxxx\n", "line 3: 'block xxxxx' stands for 100000 prefixes, at most 10000");
            AssertError("block 0x[2-5]\nallow 0x[4-7]\n", "line 2: 'allow 0x[4-7]' and 'block 0x[2-5]' on line 1 both decide 004 and neither is more specific");
            AssertError("block 123456789012345678901234x\n", "line 1: prefix '123456789012345678901234x' is too long (25 keys, at most 24)");
            AssertError("block 123456789012345678901[0-9]12[2-3]\n", "line 1: prefix '123456789012345678901[0-9]12[2-3]' is too long (25 keys, at most 24)");
        }

        [TestMethod]
        public void Warnings_about_emergency_numbers_name_the_class()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8("class day\nclass night\ndefault block\n"), false, "v", out reason, out warnings), reason);
            Assert.IsTrue(warnings.IndexOf("class night: rule 'default block' would block emergency number 110 (it still gets through)") >= 0, warnings);
            Assert.IsTrue(warnings.IndexOf("class day") < 0, warnings);
            Assert.IsFalse(book.TryApply(Utf8("class day\nblock 11x\n"), false, "v", out reason, out warnings));
            Assert.AreEqual("an update may never block emergency numbers: class day: rule 'block 11x' targets emergency number 110; class day: rule 'block 11x' targets emergency number 119; class day: rule 'block 11x' targets emergency number 112", reason);
        }
    }
}
