using System;
using System.Collections;
using System.Text;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Random rule sets and numbers: the cursor agrees with the brute-force reference at every key.</summary>
    [TestClass]
    public class RuleCursorPropertyTests
    {
        private const int Seed = 20261125;

        private static string RandomKeys(SeededRandom rng, string alphabet, int min, int max)
        {
            int n = min + rng.Next(max - min + 1);
            var sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.Append(alphabet[rng.Next(alphabet.Length)]);
            return sb.ToString();
        }

        /// <summary>A random rule book, the same rules in the reference, and their text (for failure messages).</summary>
        private sealed class RandomRuleCase
        {
            public RuleBook Book;
            public ReferenceRules Reference;
            public string Text;
        }

        private static RandomRuleCase RandomCase(SeededRandom rng, bool viaImage)
        {
            // Small alphabets and short prefixes make rules nest and collide; the full one exercises every key.
            string alphabet = rng.Next(4) == 0 ? "0123456789*#" : (rng.Next(2) == 0 ? "01" : "012#");
            var reference = new ReferenceRules();
            reference.DefaultBlocks = rng.Next(3) == 0;
            var text = new StringBuilder("# random rule set\n");
            if (reference.DefaultBlocks) text.Append("default block\n");
            int rules = rng.Next(40);
            for (int i = 0; i < rules; i++)
            {
                string prefix = RandomKeys(rng, alphabet, 1, 6);
                if (reference.HasRule(prefix)) continue;
                bool blocks = rng.Next(2) == 0;
                reference.SetRule(prefix, blocks);
                text.Append(blocks ? "block " : "allow ").Append(prefix).Append('\n');
            }
            var extra = new ArrayList();
            for (int i = rng.Next(3); i > 0; i--) extra.Add(RandomKeys(rng, alphabet, 1, 4));
            foreach (string e in EmergencyNumbers.DefaultProfile) reference.AddEmergency(e);
            foreach (string e in extra) reference.AddEmergency(e);

            var book = new RuleBook((string[])extra.ToArray(typeof(string)));
            byte[] body = RuleTestSupport.Utf8(text.ToString());
            if (viaImage)
            {
                RuleSet set;
                string error;
                Assert.IsTrue(RuleTextParser.TryParse(body, out set, out error), error);
                body = RuleImage.Write(RuleTrieBuilder.Build(set, "v"));
            }
            Assert.IsTrue(book.TryLoad(body, viaImage, "v", out string reason, out string _), reason);
            return new RandomRuleCase { Book = book, Reference = reference, Text = text.ToString() };
        }

        private static void CheckNumbers(int seed, SeededRandom rng, RuleBook book, ReferenceRules reference, string text, string alphabet)
        {
            RuleCursor cursor = book.CreateCursor();
            var numbers = new ArrayList();
            for (int i = 0; i < reference.RuleCount; i++) numbers.Add(reference.RuleAt(i));
            for (int i = 0; i < reference.EmergencyCount; i++) numbers.Add(reference.EmergencyAt(i));
            for (int i = 0; i < 30; i++) numbers.Add(RandomKeys(rng, alphabet, 0, 9));
            foreach (string number in numbers)
            {
                ReferenceState[] expected = reference.Expected(number);
                cursor.Reset();
                for (int p = 0; p <= number.Length; p++)
                {
                    RuleVerdict got = p < number.Length ? cursor.Advance(number[p]) : cursor.Finish();
                    ReferenceState want = expected[p];
                    if (got != want.Verdict || cursor.Verdict != want.Verdict || cursor.DecidedAtDigit != want.At
                        || cursor.RulePrefixLength != want.RuleLength || cursor.IsEmergency != want.Emergency)
                    {
                        RuleTestSupport.Fail(seed, "number '" + number + "' after " + (p < number.Length ? "key " + (p + 1) : "Finish")
                            + ": expected " + want + ", got (" + cursor.Verdict + ", " + cursor.DecidedAtDigit + ", " + cursor.RulePrefixLength
                            + ", " + cursor.IsEmergency + ")\nemergency: " + reference.EmergencyList() + "\nrules:\n" + text);
                    }
                }
            }
        }

        [TestMethod]
        public void Cursor_agrees_with_the_reference_at_every_key_of_random_rule_sets()
        {
            var rng = new SeededRandom(Seed);
            for (int trial = 0; trial < PropertyTrials.Of(1500); trial++)
            {
                RandomRuleCase c = RandomCase(rng, false);
                CheckNumbers(Seed, rng, c.Book, c.Reference, c.Text, "0123456789*#".Substring(0, 12));
                CheckNumbers(Seed, rng, c.Book, c.Reference, c.Text, "012#");
            }
        }

        [TestMethod]
        public void Rules_loaded_from_an_image_decide_like_rules_loaded_from_text()
        {
            var rng = new SeededRandom(Seed + 1);
            for (int trial = 0; trial < PropertyTrials.Of(500); trial++)
            {
                RandomRuleCase c = RandomCase(rng, true);
                CheckNumbers(Seed + 1, rng, c.Book, c.Reference, c.Text, "012#");
            }
        }

        [TestMethod]
        public void Trie_gives_back_the_rules_it_was_built_from()
        {
            var rng = new SeededRandom(Seed + 2);
            for (int trial = 0; trial < PropertyTrials.Of(300); trial++)
            {
                RandomRuleCase c = RandomCase(rng, false);
                RuleSet set;
                string error;
                Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(c.Text), out set, out error), error);
                RuleSet back = RuleTrieBuilder.Build(set, "").ToRuleSet();
                Assert.AreEqual(c.Reference.RuleCount, back.Count, "seed " + (Seed + 2) + " rules:\n" + c.Text);
                for (int i = 0; i < back.Count; i++)
                    Assert.AreEqual(c.Reference.Blocks(back.PrefixAt(i)), back.ActionAt(i) == RuleVerdict.Block, back.PrefixAt(i));
                Assert.AreEqual(c.Reference.DefaultBlocks, back.Default == RuleVerdict.Block);
            }
        }
    }
}
