using System;
using System.Text;
using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Whatever arrives on rules/set, the box answers with a valid rules/state and keeps
    /// its rules unless the update was applied. The docs schema check and the allocation counter
    /// are host-only (RuleUpdateFuzzTests.Host.cs); the device runs fewer cases (<see cref="PropertyTrials"/>).</summary>
    [TestClass]
    public partial class RuleUpdateFuzzTests
    {
        private static readonly string[] Seeds =
        {
            "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\nallow 0086\\n\"}",
            "{\"version\":\"v3\",\"format\":\"image\",\"image\":\"R1dSVAEADABEAAAAIyB63wIABAwEAAAABwAAAAUAAAAyMDI2LTExLTI1LjEfAAAAAAAAAAEAAzAAMQEAQAAAAAEAAAA=\"}",
            "{\"version\":\"v\\u0034\",\"format\":\"text\",\"rules\":\"default block\\n\"}",
        };

        private const string Alphabet = "{}[]:,\"\\ 0123456789=+/-.abcdefglmnorstuvxAQRW\n";

        [TestMethod]
        public void Random_and_mutated_rule_updates_always_get_a_valid_answer_from_the_real_rules_engine()
        {
            const int seed = 4711;
            SeededRandom rnd = new SeededRandom(seed);
            RuleBook book = new RuleBook();
            RuleUpdateProcessor p = new RuleUpdateProcessor(book, 4096);
            JsonWriter w = new JsonWriter();
            int trials = PropertyTrials.Of(5000);
            int applied = 0, refused = 0;
            string failure = null; // the device's Assert has no Fail
            for (int i = 0; i < trials && failure == null; i++)
            {
                byte[] payload;
                if (i % 4 == 0)
                {
                    payload = new byte[rnd.Next(64)];
                    rnd.NextBytes(payload);
                }
                else
                {
                    StringBuilder s = new StringBuilder(Seeds[rnd.Next(Seeds.Length)]);
                    for (int k = 0, edits = rnd.Next(3); k < edits && s.Length > 0; k++)
                    {
                        int at = rnd.Next(s.Length);
                        if (rnd.Next(2) == 0) s.Remove(at, 1);
                        else s.Insert(at, Alphabet[rnd.Next(Alphabet.Length)].ToString(), 1); // the device has no Insert(int, char)
                    }
                    payload = Encoding.UTF8.GetBytes(s.ToString());
                }
                string before = book.Version;
                RuleUpdateResult result;
                try
                {
                    result = p.Process(payload);
                    w.Reset();
                    p.WriteState(w);
                }
                catch (Exception e)
                {
                    failure = "seed " + seed + " case " + i + " threw: " + e;
                    break;
                }
                string state = Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
                CheckStateSchema(state, "seed " + seed + " case " + i);
                if (result == RuleUpdateResult.Refused)
                {
                    refused++;
                    Assert.AreEqual(before, book.Version, "a refused update changed the rules");
                    Assert.IsNotNull(p.Reason);
                }
                if (result == RuleUpdateResult.Applied) applied++;
            }
            Assert.IsNull(failure, failure);
            Console.WriteLine("seed " + seed + ": " + applied + " applied, " + refused + " refused");
            Assert.IsTrue(applied > trials / 100 && refused > trials / 5, applied + " applied, " + refused + " refused");
        }

        /// <summary>Host only (RuleUpdateFuzzTests.Host.cs): the answer matches docs/schemas/rules-state.schema.json.</summary>
        static partial void CheckStateSchema(string state, string context);
    }
}
