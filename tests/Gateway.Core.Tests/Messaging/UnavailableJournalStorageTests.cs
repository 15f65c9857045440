using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>A box whose flash failed at start still runs: every record is refused visibly, none is published under a reused seq.</summary>
    [TestClass]
    public class UnavailableJournalStorageTests
    {
        [TestMethod]
        public void An_outbox_without_storage_opens_and_refuses_each_record_with_the_reason()
        {
            OutboxJournal journal = new OutboxJournal(new UnavailableJournalStorage("I:\\outbox: no file system"), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
            Assert.AreEqual("storage: I:\\outbox: no file system", journal.LastError);
            Assert.AreEqual(0L, journal.Append(SampleCalls.Make(1)));
            Assert.AreEqual(0L, journal.Append(SampleCalls.Make(2)));
            Assert.AreEqual(2L, journal.Dropped);
            Assert.AreEqual(0, journal.Depth);
            Assert.AreEqual("storage: I:\\outbox: no file system", journal.LastError);
            Assert.AreEqual(0L, journal.ReadNext(new CallRecord()), "nothing to publish");
        }

        [TestMethod]
        public void The_status_shows_the_dropped_records_and_the_reason()
        {
            MessagingTopics topics = new MessagingTopics("gateway", SampleCalls.Box);
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = new BoxLink(mqtt, topics, new OutboxJournal(new UnavailableJournalStorage("flash"), SampleCalls.Box, OutboxJournal.MinCapacityBytes, SampleCalls.Epoch),
                new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            mqtt.Connect();
            link.OnCallRecord(SampleCalls.Make(1));
            link.Tick(link.StatusMinIntervalMs);
            string status = mqtt.Last(topics.Status).Text;
            Assert.IsTrue(status.IndexOf("\"dropped\":1,\"outboxError\":\"storage: flash\"") >= 0, status);
            Assert.AreEqual(0, mqtt.On(topics.Calls).Length);
        }
    }
}
