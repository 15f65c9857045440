using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The `codes`, `code` and `lockout` statements (docs/rules.md, "Authorization codes"):
    /// what they mean once parsed, the errors naming the line, and the image that carries them.</summary>
    [TestClass]
    public class RuleCodeTextTests
    {
        internal static readonly byte[] SaltA = new byte[] { 0x3F, 0x9A, 0x1C, 0x2B, 0x7D, 0x4E, 0x6F, 0x01 };
        internal static readonly byte[] SaltB = new byte[] { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };

        internal static string Policy(string codeLines)
        {
            return "class staff\ndefault allow\nblock 00\nclass manager\ndefault allow\nclass night\ndefault block\nallow 8\n" + codeLines;
        }

        internal static string CodeLine(string label, string cls, byte[] salt, string code)
        {
            return "code " + label + " " + cls + " " + RuleCodes.HashText(salt, code) + "\n";
        }

        private static RuleSet Parse(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(text), out set, out error), error);
            return set;
        }

        private static byte[] Ascii(string s) { return RuleTestSupport.Utf8(s); }

        [TestMethod]
        public void A_code_line_holds_the_salted_hash_and_matches_only_its_own_code()
        {
            RuleSet set = Parse(Policy("codes *7 4\n" + CodeLine("boss", "manager", SaltA, "4711") + CodeLine("night-guard", "staff", SaltB, "0815")));
            RuleCodes codes = set.Codes;
            Assert.AreEqual("*7", codes.PrefixText());
            Assert.AreEqual(4, codes.Length);
            Assert.AreEqual(2, codes.Codes);
            Assert.AreEqual("boss", codes.LabelOf(0));
            Assert.AreEqual(1, codes.ClassOf(0));
            Assert.AreEqual(0, codes.ClassOf(1));
            Assert.AreEqual(0, codes.Match(Ascii("4711"), 4));
            Assert.AreEqual(1, codes.Match(Ascii("0815"), 4));
            Assert.AreEqual(-1, codes.Match(Ascii("4712"), 4));
            Assert.AreEqual(-1, codes.Match(Ascii("0000"), 4));
            Assert.AreEqual(RuleCodes.HashText(SaltA, "4711"), codes.HashTextOf(0));
            Assert.AreEqual(RuleCodes.DefaultLockoutCount, codes.LockoutWrongCodes);
            Assert.AreEqual(600, codes.LockoutWindow);
            Assert.AreEqual(1800, codes.LockoutDuration);
        }

        [TestMethod]
        public void The_hash_is_sha256_of_the_salt_bytes_then_the_code_digits()
        {
            // python3 -c "import hashlib;print(hashlib.sha256(bytes.fromhex('3F9A1C2B7D4E6F01')+b'4711').hexdigest().upper())"
            Assert.AreEqual("3F9A1C2B7D4E6F01:A396F31DEE7A2CD0E8D19995894728F3D28A54A3DDC04465A3BE5EEAE911594C", RuleCodes.HashText(SaltA, "4711"));
        }

        private static string Lower(string s)
        {
            char[] c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++) if (c[i] >= 'A' && c[i] <= 'Z') c[i] = (char)(c[i] + 32);
            return new string(c);
        }

        [TestMethod]
        public void Lockout_and_lower_case_hex_are_read()
        {
            string line = "code boss manager " + Lower(RuleCodes.HashText(SaltA, "12345678")) + "\n";
            RuleSet set = Parse(Policy("lockout 3 90s 2h\ncodes #9 8\n" + line));
            Assert.AreEqual(3, set.Codes.LockoutWrongCodes);
            Assert.AreEqual(90, set.Codes.LockoutWindow);
            Assert.AreEqual(7200, set.Codes.LockoutDuration);
            Assert.AreEqual(0, set.Codes.Match(Ascii("12345678"), 8));
        }

        [TestMethod]
        public void Errors_name_the_line()
        {
            string boss = CodeLine("boss", "manager", SaltA, "4711");
            Assert.AreEqual("line 9: expected 'codes PREFIX LENGTH'", RuleTestSupport.ParseError(Policy("codes *7\n")));
            Assert.AreEqual("line 9: bad code prefix '*7A' (1-4 keys of 0-9 * #)", RuleTestSupport.ParseError(Policy("codes *7A 4\n")));
            Assert.AreEqual("line 9: bad code prefix '*7*7*' (1-4 keys of 0-9 * #)", RuleTestSupport.ParseError(Policy("codes *7*7* 4\n")));
            Assert.AreEqual("line 9: bad code length '3' (4 to 8 digits)", RuleTestSupport.ParseError(Policy("codes *7 3\n")));
            Assert.AreEqual("line 9: bad code length '10' (4 to 8 digits)", RuleTestSupport.ParseError(Policy("codes *7 10\n")));
            Assert.AreEqual("line 9: code prefix '112' is emergency number 112", RuleTestSupport.ParseError(Policy("codes 112 4\n")));
            Assert.AreEqual("line 9: code prefix '11' starts emergency number 110", RuleTestSupport.ParseError(Policy("codes 11 4\n")));
            Assert.AreEqual("line 9: code prefix '1199' begins with emergency number 119", RuleTestSupport.ParseError(Policy("codes 1199 4\n")));
            Assert.AreEqual("line 10: a second 'codes' line (first on line 9)", RuleTestSupport.ParseError(Policy("codes *7 4\ncodes *8 4\n")));
            Assert.AreEqual("line 10: expected 'code LABEL CLASS SALT:HASH'", RuleTestSupport.ParseError(Policy("codes *7 4\ncode boss manager\n")));
            Assert.AreEqual("line 10: bad code label 'bo$s' (1-16 of a-z A-Z 0-9 - _)", RuleTestSupport.ParseError(Policy("codes *7 4\n" + CodeLine("bo$s", "manager", SaltA, "4711"))));
            Assert.AreEqual("line 10: bad code hash '3F9A:00' (SALT:HASH, 16 and 64 hex digits; gateway rules code-hash CODE writes one)",
                RuleTestSupport.ParseError(Policy("codes *7 4\ncode boss manager 3F9A:00\n")));
            Assert.AreEqual("line 11: code label 'boss' is used twice (first on line 10)", RuleTestSupport.ParseError(Policy("codes *7 4\n" + boss + CodeLine("boss", "staff", SaltB, "1234"))));
            Assert.AreEqual("line 11: code 'boss2' has the salt and hash of code 'boss' on line 10 (the same code twice)",
                RuleTestSupport.ParseError(Policy("codes *7 4\n" + boss + CodeLine("boss2", "manager", SaltA, "4711"))));
            Assert.AreEqual("line 10: class 'chef' is not defined by a 'class' line", RuleTestSupport.ParseError(Policy("codes *7 4\n" + CodeLine("boss", "chef", SaltA, "4711"))));
            Assert.AreEqual("line 9: 'code' lines need a 'codes' line (e.g. codes *7 4)", RuleTestSupport.ParseError(Policy(boss)));
            Assert.AreEqual("line 9: 'lockout' lines need a 'codes' line (e.g. codes *7 4)", RuleTestSupport.ParseError(Policy("lockout 5 10m 30m\n")));
            Assert.AreEqual("line 10: expected 'lockout COUNT WINDOW DURATION'", RuleTestSupport.ParseError(Policy("codes *7 4\nlockout 5 10m\n")));
            Assert.AreEqual("line 10: bad lockout count '21' (1 to 20 wrong codes)", RuleTestSupport.ParseError(Policy("codes *7 4\nlockout 21 10m 30m\n")));
            Assert.AreEqual("line 10: bad lockout count '0' (1 to 20 wrong codes)", RuleTestSupport.ParseError(Policy("codes *7 4\nlockout 0 10m 30m\n")));
            Assert.AreEqual("line 10: bad duration '10x' (a whole number and s, m or h, 1s to 24h, e.g. 10m)", RuleTestSupport.ParseError(Policy("codes *7 4\nlockout 5 10x 30m\n")));
            Assert.AreEqual("line 11: a second 'lockout' line (first on line 10)", RuleTestSupport.ParseError(Policy("codes *7 4\nlockout 5 10m 30m\nlockout 5 10m 30m\n")));
            // Without class lines there is no class for a code to name.
            Assert.AreEqual("line 3: class 'manager' is not defined by a 'class' line", RuleTestSupport.ParseError("block 00\ncodes *7 4\n" + boss));
        }

        [TestMethod]
        public void At_most_32_codes()
        {
            string text = "codes *7 4\n";
            for (int i = 0; i < 33; i++) text += CodeLine("c" + i, "manager", SaltA, (1000 + i).ToString());
            Assert.AreEqual("line 42: more than 32 codes", RuleTestSupport.ParseError(Policy(text)));
        }

        [TestMethod]
        public void The_image_carries_the_codes_and_reads_back_to_the_same_image()
        {
            RuleSet set = Parse(Policy("codes *7 5\nlockout 4 1m 1h\n" + CodeLine("boss", "manager", SaltA, "47110") + CodeLine("guard", "night", SaltB, "08150")));
            RuleTrie trie = RuleTrieBuilder.Build(set, "v1");
            byte[] image = RuleImage.Write(trie);
            RuleTrie loaded;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(image, out loaded, out reason), reason);
            RuleCodes codes = loaded.Codes;
            Assert.AreEqual("*7", codes.PrefixText());
            Assert.AreEqual(5, codes.Length);
            Assert.AreEqual(2, codes.Codes);
            Assert.AreEqual("guard", codes.LabelOf(1));
            Assert.AreEqual(2, codes.ClassOf(1));
            Assert.AreEqual(4, codes.LockoutWrongCodes);
            Assert.AreEqual(60, codes.LockoutWindow);
            Assert.AreEqual(3600, codes.LockoutDuration);
            Assert.AreEqual(1, codes.Match(Ascii("08150"), 5));
            byte[] again = RuleImage.Write(loaded);
            Assert.AreEqual(image.Length, again.Length);
            for (int i = 0; i < image.Length; i++) Assert.AreEqual(image[i], again[i], "byte " + i);
            byte[] viaRuleSet = RuleImage.Write(RuleTrieBuilder.Build(loaded.ToRuleSet(), "v1"));
            for (int i = 0; i < image.Length; i++) Assert.AreEqual(image[i], viaRuleSet[i], "rebuilt, byte " + i);
        }

        [TestMethod]
        public void A_box_whose_own_emergency_numbers_overlap_the_code_prefix_refuses_the_rules()
        {
            string text = Policy("codes *7 4\n" + CodeLine("boss", "manager", SaltA, "4711"));
            RuleBook book = new RuleBook(new string[] { "*77" });
            string reason, warnings;
            Assert.IsFalse(book.TryLoad(RuleTestSupport.Utf8(text), false, "v", out reason, out warnings));
            Assert.AreEqual("line 9: code prefix '*7' starts emergency number *77", reason);
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(ParseFor(text), "v"));
            Assert.IsFalse(book.TryApply(image, true, "v", out reason, out warnings));
            Assert.AreEqual("code prefix '*7' starts emergency number *77", reason);
            Assert.AreEqual("", book.Version);
            Assert.IsTrue(new RuleBook().TryApply(image, true, "v", out reason, out warnings), reason);
        }

        private static RuleSet ParseFor(string text) { return Parse(text); }
    }
}
