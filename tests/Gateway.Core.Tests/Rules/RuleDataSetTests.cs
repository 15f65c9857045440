using System;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The real prefix tables: trie shape, size goal, and decisions against the reference.</summary>
    [TestClass]
    public class RuleDataSetTests
    {
        private static RuleTrie BuildBlockAll(string[] prefixes)
        {
            RuleSet set = new RuleSet();
            foreach (string p in prefixes) set.Add(RuleVerdict.Block, p);
            return RuleTrieBuilder.Build(set, "");
        }

        [TestMethod]
        public void Cn_geocoding_has_the_documented_node_count_and_fits_the_size_goal()
        {
            RuleTrie trie = BuildBlockAll(RuleTestSupport.LoadPrefixes("cn-geocoding.txt"));
            Assert.AreEqual(130147, trie.RuleCount);
            Assert.AreEqual(143617, trie.NodeCount);
            // Goal of issue #3: at or below the worst-case information-theoretic size, about 95 KiB.
            Assert.IsTrue(RuleImage.Write(trie).Length <= 95 * 1024, "image is " + RuleImage.Write(trie).Length + " bytes");
        }

        [TestMethod]
        public void Cn_geocoding_image_loads_back_to_the_same_bytes()
        {
            byte[] image = RuleImage.Write(BuildBlockAll(RuleTestSupport.LoadPrefixes("cn-geocoding.txt")));
            RuleTrie loaded;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(image, out loaded, out reason), reason);
            byte[] again = RuleImage.Write(loaded);
            Assert.AreEqual(image.Length, again.Length);
            for (int i = 0; i < image.Length; i++)
                if (image[i] != again[i]) Assert.Fail("byte " + i + " differs");
        }

        [TestMethod]
        public void Cn_geocoding_with_mixed_actions_fits_the_size_goal()
        {
            string[] prefixes = RuleTestSupport.LoadPrefixes("cn-geocoding.txt");
            RuleSet set = new RuleSet();
            for (int i = 0; i < prefixes.Length; i++) set.Add(i % 2 == 0 ? RuleVerdict.Block : RuleVerdict.Allow, prefixes[i]);
            RuleTrie trie = RuleTrieBuilder.Build(set, "");
            Assert.IsTrue(RuleImage.Write(trie).Length <= 95 * 1024, "image is " + RuleImage.Write(trie).Length + " bytes");
        }

        [TestMethod]
        public void World_carrier_decisions_agree_with_the_reference_on_sampled_numbers()
        {
            const int seed = 7;
            string[] prefixes = RuleTestSupport.LoadPrefixes("world-carrier.txt");
            var rng = new Random(seed);
            var reference = new ReferenceRules();
            RuleSet set = new RuleSet();
            for (int i = 0; i < prefixes.Length; i += 3)
            {
                bool blocks = rng.Next(4) != 0;
                reference.SetRule(prefixes[i], blocks);
                set.Add(blocks ? RuleVerdict.Block : RuleVerdict.Allow, prefixes[i]);
            }
            foreach (string e in EmergencyNumbers.DefaultProfile) reference.AddEmergency(e);
            RuleBook book = new RuleBook();
            book.Install(RuleTrieBuilder.Build(set, ""), "");
            RuleCursor cursor = book.CreateCursor();
            for (int n = 0; n < 300; n++)
            {
                string basePrefix = prefixes[rng.Next(prefixes.Length)];
                string number = basePrefix.Substring(0, rng.Next(1, basePrefix.Length + 1)) + rng.Next(0, 100000).ToString();
                ReferenceState[] expected = reference.Expected(number);
                cursor.Reset();
                for (int p = 0; p <= number.Length; p++)
                {
                    if (p < number.Length) cursor.Advance(number[p]); else cursor.Finish();
                    ReferenceState want = expected[p];
                    if (cursor.Verdict != want.Verdict || cursor.DecidedAtDigit != want.At || cursor.RulePrefixLength != want.RuleLength)
                        RuleTestSupport.Fail(seed, number + " at " + p + ": expected " + want + ", got " + cursor.Verdict + " " + cursor.DecidedAtDigit + " " + cursor.RulePrefixLength);
                }
            }
        }
    }
}
