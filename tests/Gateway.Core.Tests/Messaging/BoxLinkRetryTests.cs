using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Resends after the MQTT client gave up on a PUBACK: backed off, so a slow link is not
    /// flooded with copies (M2Mqtt gives up after about 3 s).</summary>
    [TestClass]
    public class BoxLinkRetryTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        private static BoxLink Connected(FakeTransport mqtt)
        {
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch);
            BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
            mqtt.Connect();
            return link;
        }

        private static int Sends(FakeTransport mqtt) { return mqtt.On(Topics.Calls).Length; }

        private static void GiveUp(FakeTransport mqtt)
        {
            FakeTransport.Message[] all = mqtt.On(Topics.Calls);
            mqtt.Listener.OnPublished(all[all.Length - 1].Token, false);
        }

        [TestMethod]
        public void Each_give_up_in_a_row_doubles_the_wait_up_to_eight_times_the_retry_delay()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Connected(mqtt);
            link.Tick(0);
            link.OnCallRecord(SampleCalls.Make(0));
            Assert.AreEqual(1, Sends(mqtt));
            long t = 0;
            long[] waits = { 5000, 10000, 20000, 40000, 40000, 40000 };
            for (int k = 0; k < waits.Length; k++)
            {
                GiveUp(mqtt);
                link.Tick(t + waits[k] - 1);
                Assert.AreEqual(1 + k, Sends(mqtt), "resent before the back-off of give-up " + (k + 1));
                t += waits[k];
                link.Tick(t);
                Assert.AreEqual(2 + k, Sends(mqtt), "not resent after the back-off of give-up " + (k + 1));
            }
        }

        [TestMethod]
        public void A_new_connection_starts_the_back_off_again()
        {
            FakeTransport mqtt = new FakeTransport();
            BoxLink link = Connected(mqtt);
            link.Tick(0);
            link.OnCallRecord(SampleCalls.Make(0));
            GiveUp(mqtt);
            link.Tick(5000);
            GiveUp(mqtt);
            link.Tick(15000);
            GiveUp(mqtt);
            Assert.AreEqual(3, Sends(mqtt));
            mqtt.Drop();
            mqtt.Connect();
            Assert.AreEqual(4, Sends(mqtt), "resent on connect");
            GiveUp(mqtt);
            link.Tick(15000 + 5000);
            Assert.AreEqual(5, Sends(mqtt), "the first give-up of a new session waits the plain retry delay");
        }
    }
}
