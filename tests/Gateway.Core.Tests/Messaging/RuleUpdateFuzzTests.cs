using System;
using System.IO;
using System.Text;
using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Whatever arrives on rules/set, the box answers with a valid rules/state and keeps
    /// its rules unless the update was applied.</summary>
    [TestClass]
    public class RuleUpdateFuzzTests
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
            Random rnd = new Random(seed);
            string schema = Path.Combine(MiniSchema.DocsDir(), "schemas", "rules-state.schema.json");
            RuleBook book = new RuleBook();
            RuleUpdateProcessor p = new RuleUpdateProcessor(book, 4096);
            JsonWriter w = new JsonWriter();
            int applied = 0, refused = 0;
            for (int i = 0; i < 5000; i++)
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
                        else s.Insert(at, Alphabet[rnd.Next(Alphabet.Length)]);
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
                    Assert.Fail("seed " + seed + " case " + i + " threw: " + e);
                    return;
                }
                string state = Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
                Assert.IsNull(MiniSchema.Validate(schema, state), "seed " + seed + " case " + i + ": " + state);
                if (result == RuleUpdateResult.Refused)
                {
                    refused++;
                    Assert.AreEqual(before, book.Version, "a refused update changed the rules");
                    Assert.IsNotNull(p.Reason);
                }
                if (result == RuleUpdateResult.Applied) applied++;
            }
            Console.WriteLine("seed " + seed + ": " + applied + " applied, " + refused + " refused");
            Assert.IsTrue(applied > 50 && refused > 1000, applied + " applied, " + refused + " refused");
        }

        [TestMethod]
        public void Live_events_while_offline_allocate_nothing()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = new BoxLink(mqtt, new MessagingTopics("gateway", "b1"),
                new OutboxJournal(new MemoryJournalStorage(), "b1", 8192), new FakeRuleTarget(), "0.1.0", 4, 1024);
            Gateway.Core.Calls.LiveEvent e = new Gateway.Core.Calls.LiveEvent { Kind = Gateway.Core.Calls.LiveEventKind.Key, Line = "1", Key = '5' };
            for (int i = 0; i < 10; i++) link.OnLiveEvent(e);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                e.Kind = i % 3 == 0 ? Gateway.Core.Calls.LiveEventKind.OffHook : Gateway.Core.Calls.LiveEventKind.Key;
                link.OnLiveEvent(e);
            }
            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
