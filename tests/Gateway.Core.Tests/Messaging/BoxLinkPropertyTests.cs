using System;
using System.Collections.Generic;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Random days of calls, outages, lost and refused acknowledgements, restarts and power
    /// cuts: every accepted record reaches the backend byte for byte, first sends are in seq order,
    /// and within one boot nothing acknowledged is sent again.</summary>
    [TestClass]
    public class BoxLinkPropertyTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        [TestMethod]
        public void Every_accepted_record_is_delivered_exactly_as_recorded_through_any_mix_of_failures()
        {
            for (int seed = 1; seed <= 60; seed++) RunOnce(seed);
        }

        private static void RunOnce(int seed)
        {
            Random rnd = new Random(seed);
            string ctx = "seed " + seed;
            MemoryJournalStorage storage = new MemoryJournalStorage();
            var accepted = new Dictionary<long, string>();   // seq -> expected JSON
            var received = new Dictionary<long, string>();   // seq -> JSON the broker acknowledged
            var sent = new Dictionary<long, string>();       // seq -> JSON as first published
            long lastFirstSend = 0;
            long now = 0;
            int n = 0;
            int boots = 0;

            while (boots < 6)
            {
                boots++;
                FakeTransport mqtt = new FakeTransport();
                OutboxJournal journal = new OutboxJournal(storage, SampleCalls.Box, 16 * 1024);
                BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 1 + rnd.Next(6), 4096);
                var ackedThisBoot = new HashSet<long>();
                int seen = 0;
                int sessionStart = 0;
                var answered = new HashSet<int>(); // a token gets one answer
                if (rnd.Next(3) == 0) storage.CutPowerAfter(rnd.Next(3000));

                for (int step = 0; step < 300 && !storage.IsDead; step++)
                {
                    switch (rnd.Next(10))
                    {
                        case 0:
                        case 1:
                        case 2:
                            CallRecord r = SampleCalls.Make(n++);
                            long droppedBefore = journal.Dropped;
                            link.OnCallRecord(r);
                            // Refused records (full, or the power died while writing) are counted.
                            if (journal.Dropped == droppedBefore)
                                accepted[r.Seq] = Encoding.UTF8.GetString(CallRecordJson.Encode(r));
                            break;
                        case 3:
                            if (!mqtt.Connected)
                            {
                                sessionStart = mqtt.Sent.Count;
                                mqtt.Connect();
                            }
                            else mqtt.Drop();
                            break;
                        case 4:
                        case 5:
                        case 6:
                            // The broker acknowledges (or the client gives up on) one outstanding publish.
                            // Only the latest send of a seq in this connection has a live token.
                            List<FakeTransport.Message> calls = LiveSends(mqtt, sessionStart, answered);
                            if (calls.Count == 0 || !mqtt.Connected) break;
                            FakeTransport.Message m = calls[rnd.Next(calls.Count)];
                            bool ack = rnd.Next(5) != 0;
                            answered.Add(m.Token);
                            // A PUBACK means the broker has it; anything not acknowledged may be lost.
                            if (ack) received[Seq(m)] = m.Text;
                            mqtt.Listener.OnPublished(m.Token, ack);
                            if (ack) ackedThisBoot.Add(Seq(m));
                            break;
                        default:
                            now += rnd.Next(20000);
                            link.Tick(now);
                            break;
                    }
                    Collect(mqtt, ref seen, sent, ackedThisBoot, ref lastFirstSend, ctx);
                }
                storage = storage.Reboot();
            }

            // Finally a stable connection that acknowledges everything.
            {
                FakeTransport mqtt = new FakeTransport();
                OutboxJournal journal = new OutboxJournal(storage, SampleCalls.Box, 16 * 1024);
                BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, 4096);
                var ackedThisBoot = new HashSet<long>();
                int seen = 0;
                mqtt.Connect();
                for (int guard = 0; guard < 100000 && journal.Depth > 0; guard++)
                {
                    Collect(mqtt, ref seen, sent, ackedThisBoot, ref lastFirstSend, ctx);
                    FakeTransport.Message pending = null;
                    foreach (FakeTransport.Message m in mqtt.On(Topics.Calls))
                        if (!ackedThisBoot.Contains(Seq(m))) { pending = m; break; }
                    if (pending == null) { now += 200000; link.Tick(now); continue; }
                    ackedThisBoot.Add(Seq(pending));
                    received[Seq(pending)] = pending.Text;
                    mqtt.Listener.OnPublished(pending.Token, true);
                }
                Collect(mqtt, ref seen, sent, ackedThisBoot, ref lastFirstSend, ctx);
                Assert.AreEqual(0, journal.Depth, ctx + ": outbox drained");
            }

            foreach (KeyValuePair<long, string> a in accepted)
            {
                Assert.IsTrue(received.ContainsKey(a.Key), ctx + ": accepted seq " + a.Key + " never delivered");
                Assert.AreEqual(a.Value, received[a.Key], ctx + ": seq " + a.Key + " changed on the way");
            }
            foreach (long seq in received.Keys)
                Assert.IsTrue(seq >= 1 && seq < n + 1, ctx + ": seq " + seq + " out of thin air");
        }

        private static List<FakeTransport.Message> LiveSends(FakeTransport mqtt, int sessionStart, HashSet<int> answered)
        {
            var latest = new Dictionary<long, FakeTransport.Message>();
            for (int i = sessionStart; i < mqtt.Sent.Count; i++)
                if (mqtt.Sent[i].Topic == Topics.Calls) latest[Seq(mqtt.Sent[i])] = mqtt.Sent[i];
            var live = new List<FakeTransport.Message>();
            foreach (FakeTransport.Message m in latest.Values)
                if (!answered.Contains(m.Token)) live.Add(m);
            return live;
        }

        // CallRecordJson writes seq first: {"seq":N,...
        private static long Seq(FakeTransport.Message m)
        {
            long v = 0;
            for (int i = 7; m.Payload[i] != ','; i++) v = v * 10 + (m.Payload[i] - '0');
            return v;
        }

        private static void Collect(FakeTransport mqtt, ref int seen, Dictionary<long, string> sent,
            HashSet<long> ackedThisBoot, ref long lastFirstSend, string ctx)
        {
            for (; seen < mqtt.Sent.Count; seen++)
            {
                FakeTransport.Message m = mqtt.Sent[seen];
                if (m.Topic != Topics.Calls) continue;
                long seq = Seq(m);
                Assert.IsFalse(ackedThisBoot.Contains(seq), ctx + ": seq " + seq + " sent again after its ack");
                if (sent.TryGetValue(seq, out string before))
                {
                    Assert.AreEqual(before, m.Text, ctx + ": a resend of seq " + seq + " differs");
                    continue;
                }
                Assert.IsTrue(seq > lastFirstSend, ctx + ": first send of " + seq + " after " + lastFirstSend);
                lastFirstSend = seq;
                sent[seq] = m.Text;
            }
        }
    }
}
