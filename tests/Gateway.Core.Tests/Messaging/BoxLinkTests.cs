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

        private MemoryJournalStorage _storage;
        private FakeTransport _mqtt;
        private FakeRuleTarget _rules;
        private BoxLink _link;

        private void Start(int window = 4, MemoryJournalStorage storage = null)
        {
            _storage = storage ?? new MemoryJournalStorage();
            _mqtt = new FakeTransport();
            _rules = _rules ?? new FakeRuleTarget();
            OutboxJournal journal = new OutboxJournal(_storage, SampleCalls.Box, 64 * 1024);
            _link = new BoxLink(_mqtt, Topics, journal, _rules, "0.1.0", window, RuleUpdateRequest.DefaultMaxPayloadBytes);
        }

        private void Calls(int from, int count)
        {
            for (int n = from; n < from + count; n++) _link.OnCallRecord(SampleCalls.Make(n));
        }

        private string Seqs() { return _mqtt.CallSeqs(Topics.Calls); }

        private FakeTransport.Message CallMessage(long seq)
        {
            foreach (FakeTransport.Message m in _mqtt.On(Topics.Calls))
                if (m.Text.StartsWith("{\"seq\":" + seq + ",")) return m;
            return null;
        }

        private void Ack(long seq)
        {
            FakeTransport.Message[] all = _mqtt.On(Topics.Calls);
            for (int i = all.Length - 1; i >= 0; i--)
                if (all[i].Text.StartsWith("{\"seq\":" + seq + ","))
                {
                    _mqtt.Listener.OnPublished(all[i].Token, true);
                    return;
                }
            Assert.IsTrue(false, "seq " + seq + " was never published");
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

        private void RulesSet(string json, bool retained = true)
        {
            _mqtt.Listener.OnMessage(Topics.RulesSet, Encoding.UTF8.GetBytes(json), retained);
        }

        [TestMethod]
        public void Records_are_published_oldest_first_as_qos1_not_retained_call_record_json()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 3);
            Assert.AreEqual("1,2,3", Seqs());
            FakeTransport.Message m = CallMessage(2);
            Assert.AreEqual(MqttQos.AtLeastOnce, m.Qos);
            Assert.IsFalse(m.Retain);
            CallRecord expected = SampleCalls.Make(1);
            expected.Seq = 2;
            Assert.AreEqual(Utf8(CallRecordJson.Encode(expected)), m.Text);
        }

        [TestMethod]
        public void At_most_the_window_is_in_flight_and_acks_open_it_in_order()
        {
            Start(window: 2);
            _mqtt.Connect();
            Calls(0, 5);
            Assert.AreEqual("1,2", Seqs());
            Ack(1);
            Assert.AreEqual("1,2,3", Seqs());
            Ack(2);
            Ack(3);
            Assert.AreEqual("1,2,3,4,5", Seqs());
        }

        [TestMethod]
        public void A_record_leaves_the_journal_only_when_it_and_every_older_one_are_acknowledged()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 3);
            Assert.AreEqual(3, _link.Journal.Depth);
            Ack(2);
            Assert.AreEqual(0L, _link.Journal.AckedThrough, "seq 1 still unacknowledged");
            Assert.AreEqual(3, _link.Journal.Depth);
            Ack(1);
            Assert.AreEqual(2L, _link.Journal.AckedThrough);
            Assert.AreEqual(1, _link.Journal.Depth);
        }

        [TestMethod]
        public void A_negative_publish_result_does_not_remove_the_record()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 1);
            _mqtt.Listener.OnPublished(_mqtt.Last(Topics.Calls).Token, false);
            Assert.AreEqual(1, _link.Journal.Depth);
            Assert.AreEqual(0L, _link.Journal.AckedThrough);
        }

        [TestMethod]
        public void Records_made_while_offline_wait_in_the_journal_and_go_out_in_order_on_connect()
        {
            Start();
            Calls(0, 6);
            Assert.AreEqual(0, _mqtt.Sent.Count);
            Assert.AreEqual(6, _link.Journal.Depth);
            _mqtt.Connect();
            Assert.AreEqual("1,2,3,4", Seqs());
            for (int s = 1; s <= 4; s++) Ack(s);
            Assert.AreEqual("1,2,3,4,5,6", Seqs());
        }

        [TestMethod]
        public void After_a_reconnect_only_unacknowledged_records_are_sent_again_in_order()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 4);
            Ack(1);
            Ack(3);
            _mqtt.Drop();
            Calls(4, 1);
            _mqtt.Connect();
            Assert.AreEqual("1,2,3,4,2,4,5", Seqs(), "2 and 4 again (no ack), 3 not (acked), then 5");
        }

        [TestMethod]
        public void Unacknowledged_records_survive_a_restart_and_are_published_again()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 3);
            Ack(1);
            MemoryJournalStorage afterPowerLoss = _storage.Reboot();
            Start(storage: afterPowerLoss);
            _mqtt.Connect();
            Assert.AreEqual("2,3", Seqs());
            Calls(3, 1);
            Assert.AreEqual("2,3,4", Seqs(), "seq resumes after the last one");
        }

        [TestMethod]
        public void A_record_the_client_gave_up_on_is_resent_after_the_retry_delay()
        {
            Start();
            _mqtt.Connect();
            _link.Tick(1000);
            Calls(0, 1);
            _mqtt.Listener.OnPublished(_mqtt.Last(Topics.Calls).Token, false);
            _link.Tick(1000 + _link.RetryMs - 1);
            Assert.AreEqual("1", Seqs());
            _link.Tick(1000 + _link.RetryMs);
            Assert.AreEqual("1,1", Seqs());
        }

        [TestMethod]
        public void A_record_without_any_answer_is_resent_after_the_ack_timeout()
        {
            Start();
            _mqtt.Connect();
            Calls(0, 1);
            _link.Tick(_link.AckTimeoutMs - 1);
            Assert.AreEqual("1", Seqs());
            _link.Tick(_link.AckTimeoutMs);
            Assert.AreEqual("1,1", Seqs());
            Ack(1);
            Assert.AreEqual(0, _link.Journal.Depth);
        }

        [TestMethod]
        public void A_client_that_refuses_publishes_gets_them_again_on_tick()
        {
            Start();
            _mqtt.Connect();
            _mqtt.Refuse = true;
            Calls(0, 2);
            Assert.AreEqual("", Seqs());
            _mqtt.Refuse = false;
            _link.Tick(_link.RetryMs);
            Assert.AreEqual("1,2", Seqs());
        }

        [TestMethod]
        public void Connect_subscribes_only_to_the_own_rules_set_topic()
        {
            Start();
            _mqtt.Connect();
            AssertItems(new[] { "gateway/box-0042/rules/set" }, _mqtt.Subscriptions);
        }

        [TestMethod]
        public void Connect_publishes_the_exact_retained_status_and_rules_state()
        {
            Start();
            _mqtt.Connect();
            FakeTransport.Message status = _mqtt.Last(Topics.Status);
            Assert.AreEqual("{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":0,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":0}", status.Text);
            Assert.IsTrue(status.Retain);
            Assert.AreEqual(MqttQos.AtLeastOnce, status.Qos);
            FakeTransport.Message state = _mqtt.Last(Topics.RulesState);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"startup\",\"requested\":null,\"reason\":null,\"warnings\":null}", state.Text);
            Assert.IsTrue(state.Retain);
        }

        [TestMethod]
        public void Status_follows_queue_and_line_changes_at_most_every_min_interval()
        {
            Start();
            _mqtt.Connect();
            _link.Tick(100);
            Calls(0, 2);
            _link.Tick(1000);
            Assert.AreEqual(1, _mqtt.On(Topics.Status).Length, "rate-limited");
            _link.Tick(_link.StatusMinIntervalMs);
            Assert.AreEqual("{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":2,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":2000}", _mqtt.Last(Topics.Status).Text);
            _link.OnLiveEvent(new LiveEvent { Kind = LiveEventKind.OffHook, Line = "1" });
            _link.Tick(2 * _link.StatusMinIntervalMs);
            AssertContains(_mqtt.Last(Topics.Status).Text, "\"line\":\"offHook\"");
            int count = _mqtt.On(Topics.Status).Length;
            _link.Tick(3 * _link.StatusMinIntervalMs);
            Assert.AreEqual(count, _mqtt.On(Topics.Status).Length, "nothing changed");
            _link.Tick(2 * _link.StatusMinIntervalMs + _link.StatusHeartbeatMs);
            Assert.AreEqual(count + 1, _mqtt.On(Topics.Status).Length, "heartbeat");
        }

        [TestMethod]
        public void A_full_outbox_shows_its_dropped_records_in_status()
        {
            _rules = new FakeRuleTarget();
            _storage = new MemoryJournalStorage();
            _mqtt = new FakeTransport();
            OutboxJournal small = new OutboxJournal(_storage, SampleCalls.Box, 4096);
            _link = new BoxLink(_mqtt, Topics, small, _rules, "0.1.0", 4, 1024);
            int n = 0;
            while (small.Dropped == 0) _link.OnCallRecord(SampleCalls.Make(n++));
            _mqtt.Connect();
            AssertContains(_mqtt.Last(Topics.Status).Text, "\"dropped\":1,\"outboxError\":\"journal full\"");
        }

        [TestMethod]
        public void A_valid_rule_update_is_applied_and_answered_with_the_new_version()
        {
            Start();
            _mqtt.Connect();
            RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            AssertItems(new[] { "v2" }, _rules.Applied);
            Assert.AreEqual("block 00\n", Utf8(_rules.LastBody));
            Assert.IsFalse(_rules.LastIsImage);
            FakeTransport.Message state = _mqtt.Last(Topics.RulesState);
            Assert.AreEqual("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\",\"reason\":null,\"warnings\":null}", state.Text);
            Assert.IsTrue(state.Retain);
            Assert.AreEqual(MqttQos.AtLeastOnce, state.Qos);
        }

        [TestMethod]
        public void An_image_update_reaches_the_rules_engine_decoded()
        {
            Start();
            _mqtt.Connect();
            RulesSet("{\"version\":\"img-7\",\"format\":\"image\",\"image\":\"R1RSAQID\"}");
            Assert.IsTrue(_rules.LastIsImage);
            byte[] expected = { 0x47, 0x54, 0x52, 0x01, 0x02, 0x03 };
            Assert.AreEqual(expected.Length, _rules.LastBody.Length, "body length");
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], _rules.LastBody[i], "body byte " + i);
        }

        [TestMethod]
        public void Warnings_from_the_rules_engine_are_reported()
        {
            Start();
            _rules.WarnWith = "rule 11 would block emergency number 110 (still allowed)";
            _mqtt.Connect();
            RulesSet("{\"version\":\"v3\",\"format\":\"text\",\"rules\":\"block 11\\n\"}");
            Assert.AreEqual("{\"version\":\"v3\",\"result\":\"applied\",\"requested\":\"v3\",\"reason\":null,\"warnings\":\"rule 11 would block emergency number 110 (still allowed)\"}",
                _mqtt.Last(Topics.RulesState).Text);
        }

        [TestMethod]
        public void A_refused_update_keeps_the_old_rules_and_states_the_exact_reason()
        {
            Start();
            _rules.RefuseWith = "line 3: 'blok 00' is not a rule";
            _mqtt.Connect();
            RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"x\"}");
            Assert.AreEqual("v1", _rules.Version);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"refused\",\"requested\":\"v2\",\"reason\":\"line 3: 'blok 00' is not a rule\",\"warnings\":null}",
                _mqtt.Last(Topics.RulesState).Text);
        }

        [TestMethod]
        public void A_retained_replay_of_the_version_in_force_is_answered_without_reloading()
        {
            Start();
            _mqtt.Connect();
            RulesSet("{\"version\":\"v1\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            Assert.AreEqual(0, _rules.Applied.Count);
            Assert.AreEqual("{\"version\":\"v1\",\"result\":\"unchanged\",\"requested\":\"v1\",\"reason\":null,\"warnings\":null}",
                _mqtt.Last(Topics.RulesState).Text);
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
                new[] { "{\"version\":\"v2\",\"format\":\"zip\",\"rules\":\"a\"}", "field \"format\" must be \"text\" or \"image\"" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\"}", "missing field \"rules\" (format \"text\")" },
                new[] { "{\"version\":\"v2\",\"format\":\"image\",\"image\":\"R1RSAQI\"}", "field \"image\" is not valid base64" },
                new[] { "{\"version\":\"v2\",\"format\":\"image\",\"rules\":\"a\"}", "field \"rules\" not allowed with format \"image\"" },
                new[] { "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"a\"} {}", "not JSON: unexpected data after the end of the document at byte 45" },
            };
            Start();
            _mqtt.Connect();
            foreach (string[] c in cases)
            {
                RulesSet(c[0]);
                string expected = "{\"version\":\"v1\",\"result\":\"refused\",\"requested\":null,\"reason\":"
                    + "\"" + QuotesEscaped(c[1]) + "\"" + ",\"warnings\":null}";
                Assert.AreEqual(expected, _mqtt.Last(Topics.RulesState).Text, "payload: " + c[0]);
            }
            Assert.AreEqual(0, _rules.Applied.Count);
            Assert.IsNull(_rules.LastBody, "TryApply never called");
        }

        [TestMethod]
        public void An_oversized_rules_payload_is_refused_before_parsing()
        {
            Start();
            _mqtt.Connect();
            byte[] big = new byte[RuleUpdateRequest.DefaultMaxPayloadBytes + 1];
            _mqtt.Listener.OnMessage(Topics.RulesSet, big, true);
            AssertContains(_mqtt.Last(Topics.RulesState).Text, "\"reason\":\"payload is 8193 bytes, limit 8192\"");
        }

        [TestMethod]
        public void Messages_on_foreign_topics_are_ignored()
        {
            Start();
            _mqtt.Connect();
            int before = _mqtt.Sent.Count;
            byte[] valid = Encoding.UTF8.GetBytes("{\"version\":\"v9\",\"format\":\"text\",\"rules\":\"block 0\\n\"}");
            _mqtt.Listener.OnMessage("gateway/other-box/rules/set", valid, true);
            _mqtt.Listener.OnMessage("gateway/box-0042/rules/set/x", valid, false);
            _mqtt.Listener.OnMessage("gateway/+/rules/set", valid, false);
            _mqtt.Listener.OnMessage("GATEWAY/box-0042/rules/set", valid, false);
            Assert.AreEqual(0, _rules.Applied.Count);
            Assert.AreEqual(before, _mqtt.Sent.Count, "no answer either");
            Assert.AreEqual(4, _link.IgnoredMessages);
        }

        [TestMethod]
        public void Live_events_go_out_at_qos0_only_while_connected()
        {
            Start();
            LiveEvent e = new LiveEvent { Kind = LiveEventKind.Key, Line = "1", Key = '7', Dial = DialMethod.Dtmf, DigitIndex = 2, TimeMs = 5123, UnixMs = 1764057605123, ClockSynced = true };
            _link.OnLiveEvent(e);
            Assert.AreEqual(0, _mqtt.Sent.Count);
            _mqtt.Connect();
            _link.OnLiveEvent(e);
            Assert.IsNull(_mqtt.Last(Topics.Events), "published from the tick, not from the line's event path");
            _link.Tick(10);
            FakeTransport.Message m = _mqtt.Last(Topics.Events);
            Assert.AreEqual(MqttQos.AtMostOnce, m.Qos);
            Assert.IsFalse(m.Retain);
            Assert.AreEqual("{\"event\":\"key\",\"line\":\"1\",\"time\":\"2025-11-25T08:00:05.123Z\",\"clockSynced\":true,\"uptimeMs\":5123,\"key\":\"7\",\"dial\":\"dtmf\",\"digit\":2}", m.Text);
        }

        [TestMethod]
        public void A_record_that_cannot_be_encoded_does_not_block_the_ones_after_it()
        {
            Start();
            _mqtt.Connect();
            CallRecord absurd = SampleCalls.Make(0);
            absurd.StartUnixMs = long.MaxValue;
            _link.OnCallRecord(absurd);
            Calls(1, 1);
            Assert.AreEqual("2", Seqs());
            Ack(2);
            Assert.AreEqual(0, _link.Journal.Depth);
            Assert.AreEqual(1, _link.UnpublishableRecords);
            Assert.IsTrue(_link.LastError != null && _link.LastError.StartsWith("record 1 not publishable"), "LastError: " + _link.LastError);
        }

        [TestMethod]
        public void A_storage_failure_refuses_the_record_visibly()
        {
            Start();
            _storage.CutPowerAfter(0);
            _link.OnCallRecord(SampleCalls.Make(0));
            Assert.AreEqual(1L, _link.Journal.Dropped);
            AssertContains(Utf8(_link.CurrentStatus()), "\"dropped\":1,\"outboxError\":\"storage: simulated power loss\"");
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
            Start();
            RecordingStore store = new RecordingStore();
            _link.AppliedRulesStore = store;
            _mqtt.Connect();
            RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            RulesSet("{\"version\":\"v3\",\"format\":\"zip\"}");
            _rules.RefuseWith = "line 1: bad";
            RulesSet("{\"version\":\"v4\",\"format\":\"text\",\"rules\":\"x\"}");
            AssertItems(new[] { "v2|False|block 00\n" }, store.Saved);
        }

        [TestMethod]
        public void A_rule_set_that_cannot_be_saved_is_in_force_with_a_warning()
        {
            Start();
            _link.AppliedRulesStore = new RecordingStore { FailWith = "flash full" };
            _mqtt.Connect();
            RulesSet("{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 00\\n\"}");
            Assert.AreEqual("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\",\"reason\":null,\"warnings\":\"not saved for restarts: flash full\"}",
                _mqtt.Last(Topics.RulesState).Text);
        }
    }
}
