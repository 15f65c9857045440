using System;
using System.IO;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Host-only half of <see cref="RuleUpdateFuzzTests"/>: the docs files and
    /// GC.GetAllocatedBytesForCurrentThread are not available on the device.</summary>
    public partial class RuleUpdateFuzzTests
    {
        private static string s_stateSchema;

        static partial void CheckStateSchema(string state, string context)
        {
            if (s_stateSchema == null) s_stateSchema = Path.Combine(MiniSchema.DocsDir(), "schemas", "rules-state.schema.json");
            Assert.IsNull(MiniSchema.Validate(s_stateSchema, state), context + ": " + state);
        }

        [TestMethod]
        public void Live_events_while_offline_allocate_nothing()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = new BoxLink(mqtt, new MessagingTopics("gateway", "b1"),
                new OutboxJournal(new MemoryJournalStorage(), "b1", 8192, SampleCalls.Epoch), new FakeRuleTarget(), "0.1.0", 4, 1024);
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

        [TestMethod]
        public void Live_events_while_connected_allocate_nothing_until_the_tick_publishes_them()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = new BoxLink(mqtt, new MessagingTopics("gateway", "b1"),
                new OutboxJournal(new MemoryJournalStorage(), "b1", 8192, SampleCalls.Epoch), new FakeRuleTarget(), "0.1.0", 4, 1024);
            mqtt.Connect();
            Gateway.Core.Calls.LiveEvent e = new Gateway.Core.Calls.LiveEvent { Kind = Gateway.Core.Calls.LiveEventKind.Key, Line = "1", Key = '5' };
            for (int i = 0; i < 10; i++) link.OnLiveEvent(e);
            link.Tick(10);
            int published = mqtt.Sent.Count;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                e.Kind = i % 3 == 0 ? Gateway.Core.Calls.LiveEventKind.OffHook : Gateway.Core.Calls.LiveEventKind.Key;
                link.OnLiveEvent(e);
            }
            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.AreEqual(published, mqtt.Sent.Count, "nothing goes out from the event path");
            link.Tick(20);
            Assert.AreEqual(published + BoxLink.LiveEventQueueCapacity, mqtt.Sent.Count, "the tick sends the newest events the queue held");
            Assert.AreEqual(1000L - BoxLink.LiveEventQueueCapacity, link.LiveEventsOverwritten);
        }
    }
}
