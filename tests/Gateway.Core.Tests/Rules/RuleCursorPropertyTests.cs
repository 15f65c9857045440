using System;
using System.Collections.Generic;
using System.Text;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Random rule sets and numbers: the cursor agrees with the brute-force reference at every key.</summary>
    [TestClass]
    public class RuleCursorPropertyTests
    {
        private const int Seed = 20261125;

        private static string RandomKeys(Random rng, string alphabet, int min, int max)
        {
            int n = rng.Next(min, max + 1);
            var sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.Append(alphabet[rng.Next(alphabet.Length)]);
            return sb.ToString();
        }

        private static (RuleBook book, ReferenceRules reference, string text) RandomCase(Random rng, bool viaImage)
        {
            // Small alphabets and short prefixes make rules nest and collide; the full one exercises every key.
            string alphabet = rng.Next(4) == 0 ? "0123456789*#" : (rng.Next(2) == 0 ? "01" : "012#");
            var reference = new ReferenceRules();
            reference.DefaultBlocks = rng.Next(3) == 0;
            var text = new StringBuilder("# random rule set\n");
            if (reference.DefaultBlocks) text.Append("default block\n");
            int rules = rng.Next(0, 40);
            for (int i = 0; i < rules; i++)
            {
                string prefix = RandomKeys(rng, alphabet, 1, 6);
                if (reference.Rules.ContainsKey(prefix)) continue;
                bool blocks = rng.Next(2) == 0;
                reference.Rules[prefix] = blocks;
                text.Append(blocks ? "block " : "allow ").Append(prefix).Append('\n');
            }
            var extra = new List<string>();
            for (int i = rng.Next(3); i > 0; i--) extra.Add(RandomKeys(rng, alphabet, 1, 4));
            foreach (string e in EmergencyNumbers.DefaultProfile) reference.Emergency.Add(e);
            foreach (string e in extra) if (!reference.Emergency.Contains(e)) reference.Emergency.Add(e);

            var book = new RuleBook(extra.ToArray());
            byte[] body = Encoding.ASCII.GetBytes(text.ToString());
            if (viaImage)
            {
                RuleSet set;
                string error;
                Assert.IsTrue(RuleTextParser.TryParse(body, out set, out error), error);
                body = RuleImage.Write(RuleTrieBuilder.Build(set, "v"));
            }
            Assert.IsTrue(book.TryLoad(body, viaImage, "v", out string reason, out string _), reason);
            return (book, reference, text.ToString());
        }

        private static void CheckNumbers(int seed, Random rng, RuleBook book, ReferenceRules reference, string text, string alphabet)
        {
            RuleCursor cursor = book.CreateCursor();
            var numbers = new List<string>(reference.Rules.Keys);
            numbers.AddRange(reference.Emergency);
            for (int i = 0; i < 30; i++) numbers.Add(RandomKeys(rng, alphabet, 0, 9));
            foreach (string number in numbers)
            {
                var expected = reference.Expected(number);
                cursor.Reset();
                for (int p = 0; p <= number.Length; p++)
                {
                    RuleVerdict got = p < number.Length ? cursor.Advance(number[p]) : cursor.Finish();
                    var want = expected[p];
                    if (got != want.verdict || cursor.Verdict != want.verdict || cursor.DecidedAtDigit != want.at
                        || cursor.RulePrefixLength != want.ruleLength || cursor.IsEmergency != want.emergency)
                    {
                        RuleTestSupport.Fail(seed, "number '" + number + "' after " + (p < number.Length ? "key " + (p + 1) : "Finish")
                            + ": expected " + want + ", got (" + cursor.Verdict + ", " + cursor.DecidedAtDigit + ", " + cursor.RulePrefixLength
                            + ", " + cursor.IsEmergency + ")\nemergency: " + string.Join(",", reference.Emergency) + "\nrules:\n" + text);
                    }
                }
            }
        }

        [TestMethod]
        public void Cursor_agrees_with_the_reference_at_every_key_of_random_rule_sets()
        {
            var rng = new Random(Seed);
            for (int trial = 0; trial < 1500; trial++)
            {
                var (book, reference, text) = RandomCase(rng, false);
                CheckNumbers(Seed, rng, book, reference, text, "0123456789*#".Substring(0, 12));
                CheckNumbers(Seed, rng, book, reference, text, "012#");
            }
        }

        [TestMethod]
        public void Rules_loaded_from_an_image_decide_like_rules_loaded_from_text()
        {
            var rng = new Random(Seed + 1);
            for (int trial = 0; trial < 500; trial++)
            {
                var (book, reference, text) = RandomCase(rng, true);
                CheckNumbers(Seed + 1, rng, book, reference, text, "012#");
            }
        }

        [TestMethod]
        public void Trie_gives_back_the_rules_it_was_built_from()
        {
            var rng = new Random(Seed + 2);
            for (int trial = 0; trial < 300; trial++)
            {
                var (book, reference, text) = RandomCase(rng, false);
                RuleSet set;
                string error;
                Assert.IsTrue(RuleTextParser.TryParse(Encoding.ASCII.GetBytes(text), out set, out error), error);
                RuleSet back = RuleTrieBuilder.Build(set, "").ToRuleSet();
                Assert.AreEqual(reference.Rules.Count, back.Count, "seed " + (Seed + 2) + " rules:\n" + text);
                for (int i = 0; i < back.Count; i++)
                    Assert.AreEqual(reference.Rules[back.PrefixAt(i)], back.ActionAt(i) == RuleVerdict.Block, back.PrefixAt(i));
                Assert.AreEqual(reference.DefaultBlocks, back.Default == RuleVerdict.Block);
            }
        }
    }
}
