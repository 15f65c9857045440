using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Live events wait in a fixed ring for the link's tick: copied, in order, newest kept.</summary>
    [TestClass]
    public class LiveEventQueueTests
    {
        private static LiveEvent Key(char key, int index)
        {
            return new LiveEvent { Kind = LiveEventKind.Key, Line = "1", Key = key, Dial = DialMethod.Dtmf, DigitIndex = index, TimeMs = 100 * index, UnixMs = 1000 + index, ClockSynced = true };
        }

        [TestMethod]
        public void Events_come_out_in_order_as_copies()
        {
            LiveEventQueue q = new LiveEventQueue(4);
            LiveEvent reused = Key('1', 1);
            q.Enqueue(reused);
            reused.Key = '2';
            reused.DigitIndex = 2;
            q.Enqueue(reused);
            reused.Key = '9';
            LiveEvent into = new LiveEvent();
            Assert.IsTrue(q.TryDequeue(into));
            Assert.AreEqual('1', into.Key, "the queue keeps a copy, not the box's reused event");
            Assert.AreEqual(1, into.DigitIndex);
            Assert.AreEqual(100L, into.TimeMs);
            Assert.AreEqual(1001L, into.UnixMs);
            Assert.IsTrue(into.ClockSynced);
            Assert.IsTrue(q.TryDequeue(into));
            Assert.AreEqual('2', into.Key);
            Assert.IsFalse(q.TryDequeue(into));
            Assert.AreEqual(0, q.Count);
        }

        [TestMethod]
        public void A_full_queue_overwrites_the_oldest_and_counts_it()
        {
            LiveEventQueue q = new LiveEventQueue(3);
            for (int i = 1; i <= 5; i++) q.Enqueue(Key((char)('0' + i), i));
            Assert.AreEqual(3, q.Count);
            Assert.AreEqual(2L, q.Overwritten);
            LiveEvent into = new LiveEvent();
            string keys = "";
            while (q.TryDequeue(into)) keys += into.Key;
            Assert.AreEqual("345", keys);
        }

        [TestMethod]
        public void The_link_publishes_queued_events_at_its_tick_in_order_and_drops_them_on_disconnect()
        {
            MessagingTopics topics = new MessagingTopics("gateway", SampleCalls.Box);
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = new BoxLink(mqtt, topics, new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 8192, SampleCalls.Epoch),
                new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            mqtt.Connect();
            LiveEvent e = Key('4', 1);
            link.OnLiveEvent(e);
            e.Key = '2';
            e.DigitIndex = 2;
            link.OnLiveEvent(e);
            Assert.AreEqual(0, mqtt.On(topics.Events).Length);
            link.Tick(10);
            FakeTransport.Message[] sent = mqtt.On(topics.Events);
            Assert.AreEqual(2, sent.Length);
            Assert.IsTrue(sent[0].Text.IndexOf("\"key\":\"4\"") >= 0, sent[0].Text);
            Assert.IsTrue(sent[1].Text.IndexOf("\"key\":\"2\"") >= 0, sent[1].Text);

            link.OnLiveEvent(e);
            mqtt.Drop();
            mqtt.Connect();
            link.Tick(20);
            Assert.AreEqual(2, mqtt.On(topics.Events).Length, "an event from before the drop is stale after the reconnect");
        }
    }
}
