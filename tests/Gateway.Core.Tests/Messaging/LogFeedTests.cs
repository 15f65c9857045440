using Gateway.Core.Logging;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The box log on the log topic: what was logged offline goes out after the connect,
    /// oldest first, one entry in flight, rate-bounded, and an entry counts only once acknowledged.</summary>
    [TestClass]
    public class LogFeedTests
    {
        // A property, not a static field: the device launcher runs test methods without an instance or class set-up.
        private static MessagingTopics Topics { get { return new MessagingTopics("gateway", SampleCalls.Box); } }

        private static BoxLink Link(FakeTransport mqtt, BoxLog log)
        {
            BoxLink link = new BoxLink(mqtt, Topics, new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 8192, SampleCalls.Epoch),
                new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            link.AttachLog(log);
            return link;
        }

        // The seq fields of the log messages published so far, comma-separated.
        private static string Seqs(FakeTransport mqtt)
        {
            string seqs = "";
            foreach (FakeTransport.Message m in mqtt.On(Topics.Log))
            {
                string text = m.Text;
                int end = text.IndexOf(',');
                seqs += (seqs.Length == 0 ? "" : ",") + text.Substring("{\"seq\":".Length, end - "{\"seq\":".Length);
            }
            return seqs;
        }

        private static void Ack(FakeTransport mqtt)
        {
            FakeTransport.Message last = mqtt.Last(Topics.Log);
            mqtt.Listener.OnPublished(last.Token, true);
        }

        [TestMethod]
        public void Entries_logged_offline_go_out_after_the_connect_oldest_first_one_at_a_time()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            BoxLink link = Link(mqtt, log);
            log.Write(LogLevel.Info, "boot 1: gateway 0.1.0", 10);
            log.Write(LogLevel.Warning, "wifi: not connected (NetworkHelperStatus 3), retrying", 20);
            log.Write(LogLevel.Info, "wifi: connected", 30);
            log.Flush();
            link.Tick(1000);
            Assert.AreEqual(0, mqtt.On(Topics.Log).Length, "nothing goes out offline");

            mqtt.Connect();
            link.Tick(1010);
            Assert.AreEqual("1", Seqs(mqtt));
            FakeTransport.Message first = mqtt.Last(Topics.Log);
            Assert.AreEqual("{\"seq\":1,\"boot\":1,\"time\":\"1970-01-01T00:00:00.010Z\",\"clockSynced\":false,\"uptimeMs\":10,\"level\":\"info\",\"text\":\"boot 1: gateway 0.1.0\"}", first.Text);
            Assert.AreEqual(MqttQos.AtLeastOnce, first.Qos);
            Assert.IsFalse(first.Retain);
            link.Tick(2000);
            Assert.AreEqual("1", Seqs(mqtt), "one entry in flight until its PUBACK");

            Ack(mqtt);
            Assert.AreEqual(1L, log.PublishedThrough);
            link.Tick(2050);
            Assert.AreEqual("1,2", Seqs(mqtt), "the next one right after the ack, the interval having passed");
            Ack(mqtt);
            link.Tick(2100);
            Assert.AreEqual("1,2", Seqs(mqtt), "at most one entry per MinIntervalMs");
            link.Tick(2150);
            Assert.AreEqual("1,2,3", Seqs(mqtt));
            Ack(mqtt);
            link.Tick(5000);
            Assert.AreEqual("1,2,3", Seqs(mqtt));

            // New entries follow as they are stored.
            log.Write(LogLevel.Warning, "mqtt: connection closed after 60 s", 5000);
            link.Tick(5100);
            Assert.AreEqual("1,2,3", Seqs(mqtt), "not before it is stored");
            log.Flush();
            link.Tick(5110);
            Assert.AreEqual("1,2,3,4", Seqs(mqtt));
        }

        [TestMethod]
        public void A_drop_resends_the_entry_in_flight_and_nothing_acknowledged_comes_again()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            BoxLink link = Link(mqtt, log);
            for (int i = 1; i <= 3; i++) log.Write(LogLevel.Info, "e" + i, i);
            log.Flush();
            mqtt.Connect();
            link.Tick(100);
            Ack(mqtt);
            link.Tick(200);
            Assert.AreEqual("1,2", Seqs(mqtt));
            mqtt.Drop();
            link.Tick(300);
            mqtt.Connect();
            Assert.AreEqual("1,2,2", Seqs(mqtt), "the unacknowledged entry goes again at the connect");
            Ack(mqtt);
            link.Tick(400);
            Assert.AreEqual("1,2,2,3", Seqs(mqtt));
        }

        [TestMethod]
        public void A_client_that_gives_up_or_never_answers_gets_the_entry_again_later()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            BoxLink link = Link(mqtt, log);
            log.Write(LogLevel.Info, "e1", 1);
            log.Flush();
            mqtt.Connect();
            link.Tick(100);
            mqtt.Listener.OnPublished(mqtt.Last(Topics.Log).Token, false);
            link.Tick(100 + link.Log.RetryMs - 1);
            Assert.AreEqual("1", Seqs(mqtt));
            link.Tick(100 + link.Log.RetryMs);
            Assert.AreEqual("1,1", Seqs(mqtt), "given up: resent after RetryMs");
            link.Tick(100 + link.Log.RetryMs + link.Log.AckTimeoutMs);
            Assert.AreEqual("1,1,1", Seqs(mqtt), "no answer: resent after AckTimeoutMs");
            Assert.AreEqual(0L, log.PublishedThrough);
        }

        [TestMethod]
        public void After_a_restart_only_what_the_broker_did_not_acknowledge_goes_out()
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            FakeTransport mqtt = new FakeTransport();
            BoxLog log = new BoxLog(storage, BoxLog.MinSegmentBytes);
            BoxLink link = Link(mqtt, log);
            mqtt.Connect();
            for (int i = 1; i <= 3; i++) log.Write(LogLevel.Info, "e" + i, i);
            log.Flush();
            link.Tick(100);
            Ack(mqtt);
            link.Tick(200);
            Ack(mqtt);
            mqtt.Drop();
            log.Write(LogLevel.Warning, "mqtt: connection closed", 300); // carries the mark: 2
            log.Flush();

            FakeTransport mqtt2 = new FakeTransport();
            BoxLog log2 = new BoxLog(storage.Reboot(), BoxLog.MinSegmentBytes);
            BoxLink link2 = Link(mqtt2, log2);
            log2.Write(LogLevel.Info, "boot 2", 5);
            log2.Flush();
            mqtt2.Connect();
            for (int t = 10; t <= 1000; t += 10)
            {
                link2.Tick(t);
                if (mqtt2.On(Topics.Log).Length > 0 && mqtt2.Last(Topics.Log).Token != 0) mqtt2.Listener.OnPublished(mqtt2.Last(Topics.Log).Token, true);
            }
            string seqs = "";
            foreach (FakeTransport.Message m in mqtt2.On(Topics.Log))
            {
                string text = m.Text;
                seqs += (seqs.Length == 0 ? "" : ",") + text.Substring(7, text.IndexOf(',') - 7);
            }
            Assert.AreEqual("3,4,5", seqs);
            Assert.IsTrue(mqtt2.Last(Topics.Log).Text.IndexOf("\"boot\":2") > 0, mqtt2.Last(Topics.Log).Text);
        }

        [TestMethod]
        public void A_code_lockout_event_writes_one_box_log_warning_at_the_next_tick_offline_too()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            BoxLink link = Link(mqtt, log);
            Gateway.Core.Calls.LiveEvent e = new Gateway.Core.Calls.LiveEvent();
            e.Kind = Gateway.Core.Calls.LiveEventKind.CodeLockout;
            e.Line = "1";
            e.WrongCodes = 5;
            e.TimeMs = 40000;
            e.UntilMs = 40000 + 1800000;
            link.OnLiveEvent(e);
            long before = log.NextSeq;
            link.Tick(40010);
            link.Tick(40020);
            Assert.AreEqual(before + 1, log.NextSeq, "one entry");
            log.Flush();
            LogEntry entry = new LogEntry();
            string found = null;
            LogLevel level = LogLevel.Info;
            while (log.ReadNext(entry)) if (entry.Seq == before) { found = entry.Text; level = entry.Level; }
            Assert.AreEqual("codes: locked for 30m after 5 wrong codes (line 1)", found);
            Assert.IsTrue(level == LogLevel.Warning);
        }
    }
}
