using System;
using System.Collections;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Tests.Messaging.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Random days of calls, outages, lost and refused acknowledgements, restarts and power
    /// cuts: every accepted record reaches the backend byte for byte, first sends are in seq order,
    /// and within one boot nothing acknowledged is sent again. Maps are <see cref="SeqMap"/>s (no
    /// generics on the device); fewer seeds on the device (<see cref="PropertyTrials"/>).</summary>
    [TestClass]
    public class BoxLinkPropertyTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        [TestMethod]
        public void Every_accepted_record_is_delivered_exactly_as_recorded_through_any_mix_of_failures()
        {
            for (int seed = 1; seed <= PropertyTrials.Of(60); seed++) RunOnce(seed);
        }

        private static void RunOnce(int seed)
        {
            SeededRandom rnd = new SeededRandom(seed);
            string ctx = "seed " + seed;
            MemoryJournalStorage storage = new MemoryJournalStorage();
            SeqMap accepted = new SeqMap();   // seq -> expected JSON
            SeqMap received = new SeqMap();   // seq -> JSON the broker acknowledged
            SeqMap sent = new SeqMap();       // seq -> JSON as first published
            long lastFirstSend = 0;
            long now = 0;
            int n = 0;
            long handedOut = 0; // highest seq given to a record (a restart skips reserved ones)
            int boots = 0;

            while (boots < 6)
            {
                boots++;
                FakeTransport mqtt = new FakeTransport();
                OutboxJournal journal = new OutboxJournal(storage, SampleCalls.Box, 16 * 1024, SampleCalls.Epoch);
                BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 1 + rnd.Next(6), 4096);
                SeqMap ackedThisBoot = new SeqMap();
                int seen = 0;
                int sessionStart = 0;
                SeqMap answered = new SeqMap(); // tokens: a token gets one answer
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
                            if (r.Seq > handedOut) handedOut = r.Seq;
                            // Refused records (full, or the power died while writing) are counted.
                            if (journal.Dropped == droppedBefore)
                                accepted.Set(r.Seq, Utf8(CallRecordJson.Encode(r)));
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
                            ArrayList calls = LiveSends(mqtt, sessionStart, answered);
                            if (calls.Count == 0 || !mqtt.Connected) break;
                            FakeTransport.Message m = (FakeTransport.Message)calls[rnd.Next(calls.Count)];
                            bool ack = rnd.Next(5) != 0;
                            answered.Add(m.Token);
                            // A PUBACK means the broker has it; anything not acknowledged may be lost.
                            if (ack) received.Set(Seq(m), m.Text);
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
                OutboxJournal journal = new OutboxJournal(storage, SampleCalls.Box, 16 * 1024, SampleCalls.Epoch);
                BoxLink link = new BoxLink(mqtt, Topics, journal, new FakeRuleTarget(), "0.1.0", 4, 4096);
                SeqMap ackedThisBoot = new SeqMap();
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
                    received.Set(Seq(pending), pending.Text);
                    mqtt.Listener.OnPublished(pending.Token, true);
                }
                Collect(mqtt, ref seen, sent, ackedThisBoot, ref lastFirstSend, ctx);
                Assert.AreEqual(0, journal.Depth, ctx + ": outbox drained");
            }

            for (int i = 0; i < accepted.Count; i++)
            {
                long seq = accepted.KeyAt(i);
                Assert.IsTrue(received.ContainsKey(seq), ctx + ": accepted seq " + seq + " never delivered");
                Assert.AreEqual((string)accepted.ValueAt(i), (string)received.Get(seq), ctx + ": seq " + seq + " changed on the way");
            }
            for (int i = 0; i < received.Count; i++)
            {
                long seq = received.KeyAt(i);
                Assert.IsTrue(seq >= 1 && seq <= handedOut, ctx + ": seq " + seq + " out of thin air");
            }
        }

        private static ArrayList LiveSends(FakeTransport mqtt, int sessionStart, SeqMap answered)
        {
            SeqMap latest = new SeqMap(); // seq -> latest send
            for (int i = sessionStart; i < mqtt.Sent.Count; i++)
                if (mqtt.SentAt(i).Topic == Topics.Calls) latest.Set(Seq(mqtt.SentAt(i)), mqtt.SentAt(i));
            ArrayList live = new ArrayList();
            for (int i = 0; i < latest.Count; i++)
            {
                FakeTransport.Message m = (FakeTransport.Message)latest.ValueAt(i);
                if (!answered.Contains(m.Token)) live.Add(m);
            }
            return live;
        }

        private static string Utf8(byte[] b) { return Encoding.UTF8.GetString(b, 0, b.Length); }

        // CallRecordJson writes seq first: {"seq":N,...
        private static long Seq(FakeTransport.Message m)
        {
            long v = 0;
            for (int i = 7; m.Payload[i] != ','; i++) v = v * 10 + (m.Payload[i] - '0');
            return v;
        }

        private static void Collect(FakeTransport mqtt, ref int seen, SeqMap sent,
            SeqMap ackedThisBoot, ref long lastFirstSend, string ctx)
        {
            for (; seen < mqtt.Sent.Count; seen++)
            {
                FakeTransport.Message m = mqtt.SentAt(seen);
                if (m.Topic != Topics.Calls) continue;
                long seq = Seq(m);
                Assert.IsFalse(ackedThisBoot.Contains(seq), ctx + ": seq " + seq + " sent again after its ack");
                string before = (string)sent.Get(seq);
                if (before != null)
                {
                    Assert.AreEqual(before, m.Text, ctx + ": a resend of seq " + seq + " differs");
                    continue;
                }
                Assert.IsTrue(seq > lastFirstSend, ctx + ": first send of " + seq + " after " + lastFirstSend);
                lastFirstSend = seq;
                sent.Set(seq, m.Text);
            }
        }
    }
}
