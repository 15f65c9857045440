using System.Collections;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    [TestClass]
    public class BoxLinkTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        // nanoFramework's launcher calls test methods without an instance (Invoke(null, ...)), so the
        // state a test works on lives in a rig each test builds, never in fields of this class.
        private sealed class Rig
        {
            public const string Hw = "a4cf12b3c4d5";
            public readonly FakeRuleTarget Rules = new FakeRuleTarget();
            public MemoryJournalStorage Storage;
            public FakeTransport Mqtt;
            public BoxLink Link;
            private readonly int _window;
            private readonly int _journalBytes;
            private readonly int _maxPayloadBytes;

            public Rig(int window = 4, int journalBytes = 64 * 1024, int maxPayloadBytes = RuleUpdateRequest.DefaultMaxPayloadBytes)
            {
                _window = window;
                _journalBytes = journalBytes;
                _maxPayloadBytes = maxPayloadBytes;
                Restart(new MemoryJournalStorage());
            }

            /// <summary>A new link and client on the given storage; the rules engine stays.</summary>
            public void Restart(MemoryJournalStorage storage)
            {
                Storage = storage;
                Mqtt = new FakeTransport();
                OutboxJournal journal = new OutboxJournal(Storage, SampleCalls.Box, _journalBytes, SampleCalls.Epoch);
                Link = new BoxLink(Mqtt, Topics, journal, Rules, "0.1.0", _window, _maxPayloadBytes);
                Link.Hw = Hw;
            }

            public void Calls(int from, int count)
            {
                for (int n = from; n < from + count; n++) Link.OnCallRecord(SampleCalls.Make(n));
            }

            public string Seqs() { return Mqtt.CallSeqs(Topics.Calls); }

            public FakeTransport.Message CallMessage(long seq)
            {
                foreach (FakeTransport.Message m in Mqtt.On(Topics.Calls))
                    if (m.Text.StartsWith("{\"seq\":" + seq + ",")) return m;
                return null;
            }

            public void Ack(long seq)
            {
                FakeTransport.Message[] all = Mqtt.On(Topics.Calls);
                for (int i = all.Length - 1; i >= 0; i--)
                    if (all[i].Text.StartsWith("{\"seq\":" + seq + ","))
                    {
                        Mqtt.Listener.OnPublished(all[i].Token, true);
                        return;
                    }
                Assert.IsTrue(false, "seq " + seq + " was never published");
            }

            public void RulesSet(string json, bool retained = true)
            {
                Mqtt.Listener.OnMessage(Topics.RulesSet, Encoding.UTF8.GetBytes(json), retained);
            }
        }

        private static string Utf8(byte[] b) { return Encoding.UTF8.GetString(b, 0, b.Length); }

        // StringAssert is MSTest only; this works on both test frameworks.
        private static void AssertContains(string value, string part)
        {
            Assert.IsTrue(value != null && value.IndexOf(part) >= 0, "'" + value + "' should contain '" + part + "'");
        }

        // CollectionAssert is MSTest only.
        private static void AssertItems(string[] expected, ArrayList actual)
        {
            string e = "", a = "";
            foreach (string s in expected) e += "[" + s + "]";
            foreach (string s in actual) a += "[" + s + "]";
            Assert.AreEqual(e, a);
        }

        // The device's string has no Replace.
        private static string QuotesEscaped(string s)
        {
            string r = "";
            foreach (char c in s) r += c == '"' ? "\\\"" : c.ToString();
            return r;
        }

        [TestMethod]
        public void Records_are_published_oldest_first_as_qos1_not_retained_call_record_json()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 3);
            Assert.AreEqual("1,2,3", r.Seqs());
            FakeTransport.Message m = r.CallMessage(2);
            Assert.AreEqual(MqttQos.AtLeastOnce, m.Qos);
            Assert.IsFalse(m.Retain);
            CallRecord expected = SampleCalls.Make(1);
            expected.Seq = 2;
            expected.Epoch = "5eed0042c0ffee01";
            expected.Hw = Rig.Hw;
            Assert.AreEqual(Utf8(CallRecordJson.Encode(expected)), m.Text);
            Assert.IsTrue(m.Text.StartsWith("{\"seq\":2,\"epoch\":\"5eed0042c0ffee01\",\"box\":\"" + SampleCalls.Box + "\",\"hw\":\"a4cf12b3c4d5\","), m.Text);
        }

        [TestMethod]
        public void At_most_the_window_is_in_flight_and_acks_open_it_in_order()
        {
            Rig r = new Rig(window: 2);
            r.Mqtt.Connect();
            r.Calls(0, 5);
            Assert.AreEqual("1,2", r.Seqs());
            r.Ack(1);
            Assert.AreEqual("1,2,3", r.Seqs());
            r.Ack(2);
            r.Ack(3);
            Assert.AreEqual("1,2,3,4,5", r.Seqs());
        }

        [TestMethod]
        public void A_record_leaves_the_journal_only_when_it_and_every_older_one_are_acknowledged()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 3);
            Assert.AreEqual(3, r.Link.Journal.Depth);
            r.Ack(2);
            Assert.AreEqual(0L, r.Link.Journal.AckedThrough, "seq 1 still unacknowledged");
            Assert.AreEqual(3, r.Link.Journal.Depth);
            r.Ack(1);
            Assert.AreEqual(2L, r.Link.Journal.AckedThrough);
            Assert.AreEqual(1, r.Link.Journal.Depth);
        }

        [TestMethod]
        public void A_negative_publish_result_does_not_remove_the_record()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 1);
            r.Mqtt.Listener.OnPublished(r.Mqtt.Last(Topics.Calls).Token, false);
            Assert.AreEqual(1, r.Link.Journal.Depth);
            Assert.AreEqual(0L, r.Link.Journal.AckedThrough);
        }

        [TestMethod]
        public void Records_made_while_offline_wait_in_the_journal_and_go_out_in_order_on_connect()
        {
            Rig r = new Rig();
            r.Calls(0, 6);
            Assert.AreEqual(0, r.Mqtt.Sent.Count);
            Assert.AreEqual(6, r.Link.Journal.Depth);
            r.Mqtt.Connect();
            Assert.AreEqual("1,2,3,4", r.Seqs());
            for (int s = 1; s <= 4; s++) r.Ack(s);
            Assert.AreEqual("1,2,3,4,5,6", r.Seqs());
        }

        [TestMethod]
        public void After_a_reconnect_only_unacknowledged_records_are_sent_again_in_order()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 4);
            r.Ack(1);
            r.Ack(3);
            r.Mqtt.Drop();
            r.Calls(4, 1);
            r.Mqtt.Connect();
            Assert.AreEqual("1,2,3,4,2,4,5", r.Seqs(), "2 and 4 again (no ack), 3 not (acked), then 5");
        }

        [TestMethod]
        public void Unacknowledged_records_survive_a_restart_and_are_published_again()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 3);
            r.Ack(1);
            MemoryJournalStorage afterPowerLoss = r.Storage.Reboot();
            r.Restart(afterPowerLoss);
            r.Mqtt.Connect();
            Assert.AreEqual("2,3", r.Seqs());
            r.Calls(3, 1);
            Assert.AreEqual("2,3,17", r.Seqs(), "seq resumes above the block the journal reserved before the restart");
        }

        [TestMethod]
        public void A_record_the_client_gave_up_on_is_resent_after_the_retry_delay()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Link.Tick(1000);
            r.Calls(0, 1);
            r.Mqtt.Listener.OnPublished(r.Mqtt.Last(Topics.Calls).Token, false);
            r.Link.Tick(1000 + r.Link.RetryMs - 1);
            Assert.AreEqual("1", r.Seqs());
            r.Link.Tick(1000 + r.Link.RetryMs);
            Assert.AreEqual("1,1", r.Seqs());
        }

        [TestMethod]
        public void A_record_without_any_answer_is_resent_after_the_ack_timeout()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Calls(0, 1);
            r.Link.Tick(r.Link.AckTimeoutMs - 1);
            Assert.AreEqual("1", r.Seqs());
            r.Link.Tick(r.Link.AckTimeoutMs);
            Assert.AreEqual("1,1", r.Seqs());
            r.Ack(1);
            Assert.AreEqual(0, r.Link.Journal.Depth);
        }

        [TestMethod]
        public void A_client_that_refuses_publishes_gets_them_again_on_tick()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Mqtt.Refuse = true;
            r.Calls(0, 2);
            Assert.AreEqual("", r.Seqs());
            r.Mqtt.Refuse = false;
            r.Link.Tick(r.Link.RetryMs);
            Assert.AreEqual("1,2", r.Seqs());
        }

        [TestMethod]
        public void Connect_subscribes_only_to_the_own_rules_set_and_status_topics()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            AssertItems(new[] { "gateway/box-0042/rules/set", "gateway/box-0042/status" }, r.Mqtt.Subscriptions);
        }

        [TestMethod]
        public void Connect_publishes_the_exact_retained_status_and_rules_state()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            FakeTransport.Message status = r.Mqtt.Last(Topics.Status);
            Assert.AreEqual("{\"online\":true,\"hw\":\"a4cf12b3c4d5\",\"epoch\":\"5eed0042c0ffee01\",\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":0,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":0}", status.Text);
            Assert.IsTrue(status.Retain);
            Assert.AreEqual(MqttQos.AtLeastOnce, status.Qos);
            FakeTransport.Message state = r.Mqtt.Last(Topics.RulesState);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"startup\",\"requested\":null,\"reason\":null,\"warnings\":null}", state.Text);
            Assert.IsTrue(state.Retain);
        }

        [TestMethod]
        public void Status_follows_queue_and_line_changes_at_most_every_min_interval()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.Link.Tick(100);
            r.Calls(0, 2);
            r.Link.Tick(1000);
            Assert.AreEqual(1, r.Mqtt.On(Topics.Status).Length, "rate-limited");
            r.Link.Tick(r.Link.StatusMinIntervalMs);
            Assert.AreEqual("{\"online\":true,\"hw\":\"a4cf12b3c4d5\",\"epoch\":\"5eed0042c0ffee01\",\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":2,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":2000}", r.Mqtt.Last(Topics.Status).Text);
            r.Link.OnLiveEvent(new LiveEvent { Kind = LiveEventKind.OffHook, Line = "1" });
            r.Link.Tick(2 * r.Link.StatusMinIntervalMs);
            AssertContains(r.Mqtt.Last(Topics.Status).Text, "\"line\":\"offHook\"");
            int count = r.Mqtt.On(Topics.Status).Length;
            r.Link.Tick(3 * r.Link.StatusMinIntervalMs);
            Assert.AreEqual(count, r.Mqtt.On(Topics.Status).Length, "nothing changed");
            r.Link.Tick(2 * r.Link.StatusMinIntervalMs + r.Link.StatusHeartbeatMs);
            Assert.AreEqual(count + 1, r.Mqtt.On(Topics.Status).Length, "heartbeat");
        }

        [TestMethod]
        public void A_full_outbox_shows_its_dropped_records_in_status()
        {
            Rig r = new Rig(journalBytes: 4096, maxPayloadBytes: 1024);
            int n = 0;
            while (r.Link.Journal.Dropped == 0) r.Link.OnCallRecord(SampleCalls.Make(n++));
            r.Mqtt.Connect();
            AssertContains(r.Mqtt.Last(Topics.Status).Text, "\"dropped\":1,\"outboxError\":\"journal full\"");
        }

        [TestMethod]
        public void A_valid_rule_update_is_applied_and_answered_with_the_new_version()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            AssertItems(new[] { "v2" }, r.Rules.Applied);
            Assert.AreEqual("block 00\n", Utf8(r.Rules.LastBody));
            Assert.IsFalse(r.Rules.LastIsImage);
            FakeTransport.Message state = r.Mqtt.Last(Topics.RulesState);
            Assert.AreEqual("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\",\"reason\":null,\"warnings\":null}", state.Text);
            Assert.IsTrue(state.Retain);
            Assert.AreEqual(MqttQos.AtLeastOnce, state.Qos);
        }

        [TestMethod]
        public void An_image_update_reaches_the_rules_engine_decoded()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"img-7\",\"format\":\"image\",\"image\":\"R1RSAQID\"}");
            Assert.IsTrue(r.Rules.LastIsImage);
            byte[] expected = { 0x47, 0x54, 0x52, 0x01, 0x02, 0x03 };
            Assert.AreEqual(expected.Length, r.Rules.LastBody.Length, "body length");
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], r.Rules.LastBody[i], "body byte " + i);
        }

        [TestMethod]
        public void Warnings_from_the_rules_engine_are_reported()
        {
            Rig r = new Rig();
            r.Rules.WarnWith = "rule 11 would block emergency number 110 (still allowed)";
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v3\",\"format\":\"text\",\"rules\":\"block 11\\n\"}");
            Assert.AreEqual("{\"version\":\"v3\",\"result\":\"applied\",\"requested\":\"v3\",\"reason\":null,\"warnings\":\"rule 11 would block emergency number 110 (still allowed)\"}",
                r.Mqtt.Last(Topics.RulesState).Text);
        }

        [TestMethod]
        public void A_refused_update_keeps_the_old_rules_and_states_the_exact_reason()
        {
            Rig r = new Rig();
            r.Rules.RefuseWith = "line 3: 'blok 00' is not a rule";
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"x\"}");
            Assert.AreEqual("v1", r.Rules.Version);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"refused\",\"requested\":\"v2\",\"reason\":\"line 3: 'blok 00' is not a rule\",\"warnings\":null}",
                r.Mqtt.Last(Topics.RulesState).Text);
        }

        [TestMethod]
        public void A_retained_replay_of_the_version_in_force_is_answered_without_reloading()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v1\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            Assert.AreEqual(0, r.Rules.Applied.Count);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"unchanged\",\"requested\":\"v1\",\"reason\":null,\"warnings\":null}",
                r.Mqtt.Last(Topics.RulesState).Text);
        }

        [TestMethod]
        public void Junk_on_rules_set_is_refused_with_a_reason_and_never_reaches_the_rules()
        {
            string[][] cases =
            {
                new[] { "", "empty payload" },
                new[] { "block 00", "not JSON: unexpected 'b' at byte 0" },
                new[] { "[1]", "payload is not a JSON object" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"a\",}", "not JSON: trailing comma at byte 44" },
                new[] { "{\"version\":2,\"format\":\"text\",\"rules\":\"a\"}", "field \"version\" must be a string" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"a\",\"extra\":1}", "unknown field \"extra\"" },
                new[] { "{\"version\":\"v2\",\"version\":\"v3\",\"format\":\"text\",\"rules\":\"a\"}", "duplicate field \"version\"" },
                new[] { "{\"format\":\"text\",\"rules\":\"a\"}", "missing field \"version\"" },
                new[] { "{\"version\":\"v 2\",\"format\":\"text\",\"rules\":\"a\"}", "field \"version\" must be printable ASCII without spaces" },
                new[] { "{\"version\":\"v2\",\"format\":\"zip\",\"rules\":\"a\"}", "field \"format\" must be \"text\", \"image\" or \"chunked\"" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\"}", "missing field \"rules\" (format \"text\")" },
                new[] { "{\"version\":\"v2\",\"format\":\"image\",\"image\":\"R1RSAQI\"}", "field \"image\" is not valid base64" },
                new[] { "{\"version\":\"v2\",\"format\":\"image\",\"rules\":\"a\"}", "field \"rules\" not allowed with format \"image\"" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"a\"} {}", "not JSON: unexpected data after the end of the document at byte 45" },
            };
            Rig r = new Rig();
            r.Mqtt.Connect();
            foreach (string[] c in cases)
            {
                r.RulesSet(c[0]);
                string expected = "{\"version\":\"v1\",\"result\":\"refused\",\"requested\":null,\"reason\":"
                    + "\"" + QuotesEscaped(c[1]) + "\"" + ",\"warnings\":null}";
                Assert.AreEqual(expected, r.Mqtt.Last(Topics.RulesState).Text, "payload: " + c[0]);
            }
            Assert.AreEqual(0, r.Rules.Applied.Count);
            Assert.IsNull(r.Rules.LastBody, "TryApply never called");
        }

        [TestMethod]
        public void An_oversized_rules_payload_is_refused_before_parsing()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            byte[] big = new byte[RuleUpdateRequest.DefaultMaxPayloadBytes + 1];
            r.Mqtt.Listener.OnMessage(Topics.RulesSet, big, true);
            AssertContains(r.Mqtt.Last(Topics.RulesState).Text, "\"reason\":\"payload is 8193 bytes, limit 8192\"");
        }

        [TestMethod]
        public void Messages_on_foreign_topics_are_ignored()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            int before = r.Mqtt.Sent.Count;
            byte[] valid = Encoding.UTF8.GetBytes("{\"version\":\"v9\",\"format\":\"text\",\"rules\":\"block 0\\n\"}");
            r.Mqtt.Listener.OnMessage("gateway/other-box/rules/set", valid, true);
            r.Mqtt.Listener.OnMessage("gateway/box-0042/rules/set/x", valid, false);
            r.Mqtt.Listener.OnMessage("gateway/+/rules/set", valid, false);
            r.Mqtt.Listener.OnMessage("GATEWAY/box-0042/rules/set", valid, false);
            Assert.AreEqual(0, r.Rules.Applied.Count);
            Assert.AreEqual(before, r.Mqtt.Sent.Count, "no answer either");
            Assert.AreEqual(4, r.Link.IgnoredMessages);
        }

        [TestMethod]
        public void Live_events_go_out_at_qos0_only_while_connected()
        {
            Rig r = new Rig();
            LiveEvent e = new LiveEvent { Kind = LiveEventKind.Key, Line = "1", Key = '7', Dial = DialMethod.Dtmf, DigitIndex = 2, TimeMs = 5123, UnixMs = 1764057605123, ClockSynced = true };
            r.Link.OnLiveEvent(e);
            Assert.AreEqual(0, r.Mqtt.Sent.Count);
            r.Mqtt.Connect();
            r.Link.OnLiveEvent(e);
            Assert.IsNull(r.Mqtt.Last(Topics.Events), "published from the tick, not from the line's event path");
            r.Link.Tick(10);
            FakeTransport.Message m = r.Mqtt.Last(Topics.Events);
            Assert.AreEqual(MqttQos.AtMostOnce, m.Qos);
            Assert.IsFalse(m.Retain);
            Assert.AreEqual("{\"event\":\"key\",\"line\":\"1\",\"time\":\"2025-11-25T08:00:05.123Z\",\"clockSynced\":true,\"uptimeMs\":5123,\"key\":\"7\",\"dial\":\"dtmf\",\"digit\":2}", m.Text);
        }

        [TestMethod]
        public void A_record_that_cannot_be_encoded_does_not_block_the_ones_after_it()
        {
            Rig r = new Rig();
            r.Mqtt.Connect();
            CallRecord absurd = SampleCalls.Make(0);
            absurd.StartUnixMs = long.MaxValue;
            r.Link.OnCallRecord(absurd);
            r.Calls(1, 1);
            Assert.AreEqual("2", r.Seqs());
            r.Ack(2);
            Assert.AreEqual(0, r.Link.Journal.Depth);
            Assert.AreEqual(1, r.Link.UnpublishableRecords);
            Assert.IsTrue(r.Link.LastError != null && r.Link.LastError.StartsWith("record 1 not publishable"), "LastError: " + r.Link.LastError);
        }

        [TestMethod]
        public void A_storage_failure_refuses_the_record_visibly()
        {
            Rig r = new Rig();
            r.Storage.CutPowerAfter(0);
            r.Link.OnCallRecord(SampleCalls.Make(0));
            Assert.AreEqual(1L, r.Link.Journal.Dropped);
            AssertContains(Utf8(r.Link.CurrentStatus()), "\"dropped\":1,\"outboxError\":\"storage: simulated power loss\"");
        }
    
        private sealed class RecordingStore : IAppliedRulesStore
        {
            public readonly ArrayList Saved = new ArrayList();
            public string FailWith;

            public void Save(byte[] body, bool isImage, string version)
            {
                if (FailWith != null) throw new System.Exception(FailWith); // a flash write failing
                Saved.Add(version + "|" + isImage + "|" + Utf8(body));
            }
        }

        [TestMethod]
        public void Only_applied_rule_sets_are_saved_for_restarts()
        {
            Rig r = new Rig();
            RecordingStore store = new RecordingStore();
            r.Link.AppliedRulesStore = store;
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            r.RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            r.RulesSet("{\"version\":\"v3\",\"format\":\"zip\"}");
            r.Rules.RefuseWith = "line 1: bad";
            r.RulesSet("{\"version\":\"v4\",\"format\":\"text\",\"rules\":\"x\"}");
            AssertItems(new[] { "v2|False|block 00\n" }, store.Saved);
        }

        [TestMethod]
        public void A_rule_set_that_cannot_be_saved_is_in_force_with_a_warning()
        {
            Rig r = new Rig();
            r.Link.AppliedRulesStore = new RecordingStore { FailWith = "flash full" };
            r.Mqtt.Connect();
            r.RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            Assert.AreEqual("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\",\"reason\":null,\"warnings\":\"not saved for restarts: flash full\"}",
                r.Mqtt.Last(Topics.RulesState).Text);
        }
    }
}
