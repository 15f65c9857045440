using System;
using System.IO;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>docs/schemas/*.example.json are the exact bytes the encoders produce, and every
    /// example (and every encoder output of the sample data) satisfies its schema.</summary>
    /// <remarks>After an intended format change, regenerate with GATEWAY_WRITE_EXAMPLES=1.</remarks>
    [TestClass]
    public class DocsExamplesTests
    {
        private static string Schemas { get { return Path.Combine(MiniSchema.DocsDir(), "schemas"); } }

        private static string Encode(Action<JsonWriter> write)
        {
            JsonWriter w = new JsonWriter();
            write(w);
            return Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
        }

        private static void AssertExample(string name, string actual, string schema)
        {
            string path = Path.Combine(Schemas, name + ".example.json");
            if (Environment.GetEnvironmentVariable("GATEWAY_WRITE_EXAMPLES") == "1") File.WriteAllText(path, actual + "\n");
            Assert.IsTrue(File.Exists(path), path + " missing");
            Assert.AreEqual(File.ReadAllText(path).TrimEnd('\n'), actual, name + ".example.json differs from the encoder output");
            string error = MiniSchema.Validate(Path.Combine(Schemas, schema + ".schema.json"), actual);
            Assert.IsNull(error, name + " against " + schema + ".schema.json: " + error);
        }

        [TestMethod]
        public void Every_payload_in_the_asyncapi_document_is_one_of_the_checked_examples()
        {
            // The AsyncAPI examples are copies for readers; only the example files are checked
            // against the encoders, so a copy must not drift from them.
            string[] examples = Directory.GetFiles(Schemas, "*.example.json");
            int payloads = 0;
            foreach (string line in File.ReadAllLines(Path.Combine(MiniSchema.DocsDir(), "asyncapi.yaml")))
            {
                string trimmed = line.Trim();
                if (!trimmed.StartsWith("payload: {")) continue;
                string json = trimmed.Substring("payload: ".Length);
                bool found = false;
                foreach (string example in examples)
                    if (File.ReadAllText(example).TrimEnd('\n') == json) found = true;
                Assert.IsTrue(found, "asyncapi.yaml payload matches no docs/schemas/*.example.json: " + json);
                payloads++;
            }
            Assert.IsTrue(payloads >= 8, "only " + payloads + " payload examples found in asyncapi.yaml");
        }

        internal static CallRecord ExampleCall()
        {
            return new CallRecord
            {
                Seq = 1042, Epoch = "3f6c2a91d04b7e58", Box = "box-0042", Hw = "a4cf12b3c4d5", Line = "1", Direction = CallDirection.Outgoing, Digits = "00442071234567",
                Dial = DialMethod.Dtmf, StartUnixMs = 1795598102250, EndUnixMs = 1795598106730, DurationMs = 4480,
                Outcome = CallOutcome.Blocked, Rule = "00", BlockedAtDigit = 2, Flashes = 0, Emergency = false, ClockSynced = true,
                RulesVersion = "2026-11-25.1",
                Decision = DecisionKind.Block,
            };
        }

        [TestMethod]
        public void Status_example_is_the_encoder_output()
        {
            StatusReport s = new StatusReport { Hw = "a4cf12b3c4d5", Epoch = "3f6c2a91d04b7e58", Firmware = "0.1.0", Rules = "2026-11-25.1", Queue = 3, Dropped = 0, OutboxError = null, Line = LineActivity.Idle, UptimeMs = 86400000 };
            AssertExample("status", Encode(s.Write), "status");
        }

        [TestMethod]
        public void Last_will_example_is_the_will_payload()
        {
            // 2026-11-25T09:14:58.000Z: the session the will belongs to began then.
            AssertExample("status-offline", MessagingTopics.WillPayloadText("a4cf12b3c4d5", 1795598098000, true), "status");
        }

        [TestMethod]
        public void Call_record_example_is_the_encoder_output()
        {
            AssertExample("call-record", Encode(w => CallRecordJson.Write(w, ExampleCall())), "call-record");
        }

        [TestMethod]
        public void Event_examples_are_the_encoder_output()
        {
            LiveEvent key = new LiveEvent { Kind = LiveEventKind.Key, Line = "1", Key = '0', Dial = DialMethod.Dtmf, DigitIndex = 2, TimeMs = 86399120, UnixMs = 1795598103370, ClockSynced = true };
            AssertExample("event-key", Encode(w => LiveEventJson.Write(w, key)), "event");
            LiveEvent decision = new LiveEvent { Kind = LiveEventKind.Decision, Line = "1", Verdict = RuleVerdict.Block, DigitIndex = 2, RulePrefixLength = 2, TimeMs = 86399121, UnixMs = 1795598103371, ClockSynced = true };
            AssertExample("event-decision", Encode(w => LiveEventJson.Write(w, decision)), "event");
            LiveEvent cut = new LiveEvent { Kind = LiveEventKind.LineCut, Line = "1", TimeMs = 86399125, UnixMs = 1795598103375, ClockSynced = true };
            AssertExample("event-line-cut", Encode(w => LiveEventJson.Write(w, cut)), "event");
            AssertExample("event-records-lost", Encode(w => RecordsLostJson.Write(w, "3f6c2a91d04b7e58", 2181, 2190, 10, OutboxJournal.LossFull, 1900800000)), "event");
            Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "event.schema.json"), Encode(w => RecordsLostJson.Write(w, "3f6c2a91d04b7e58", 7, 22, -1, OutboxJournal.LossDamaged, 5))), "a damaged tail: count null");
        }

        [TestMethod]
        public void Every_json_line_in_the_markdown_docs_satisfies_a_contract_schema()
        {
            // Readers copy these; a field added to the contract must reach them too.
            string[] schemas = Directory.GetFiles(Schemas, "*.schema.json");
            int checkedLines = 0;
            foreach (string doc in Directory.GetFiles(MiniSchema.DocsDir(), "*.md"))
            {
                foreach (string line in File.ReadAllLines(doc))
                {
                    if (!line.StartsWith("{\"") || line.Contains("...")) continue;  // "..." marks a shortened example
                    string errors = "";
                    bool valid = false;
                    foreach (string schema in schemas)
                    {
                        string error = MiniSchema.Validate(schema, line);
                        if (error == null) valid = true;
                        else errors += "\n  " + Path.GetFileName(schema) + ": " + error;
                    }
                    Assert.IsTrue(valid, Path.GetFileName(doc) + ": " + line + errors);
                    checkedLines++;
                }
            }
            Assert.IsTrue(checkedLines >= 8, "only " + checkedLines + " JSON example lines found in docs/*.md");
        }

        /// <summary>An entry as the box publishes it: written, stored, read back from the log ring, encoded.</summary>
        internal static string ExampleLogEntry(Gateway.Core.Logging.LogLevel level, string text)
        {
            MemoryJournalStorage storage = new MemoryJournalStorage();
            for (int boot = 1; boot <= 3; boot++)
            {
                Gateway.Core.Logging.BoxLog earlier = new Gateway.Core.Logging.BoxLog(storage, Gateway.Core.Logging.BoxLog.MinSegmentBytes);
                earlier.Write(Gateway.Core.Logging.LogLevel.Info, "boot " + boot, 40);
                earlier.Write(Gateway.Core.Logging.LogLevel.Info, "wifi: connected", 2100);
                earlier.Flush();
                storage = storage.Reboot();
            }
            Gateway.Core.Logging.BoxLog log = new Gateway.Core.Logging.BoxLog(storage, Gateway.Core.Logging.BoxLog.MinSegmentBytes);
            while (log.ReadNext(new Gateway.Core.Logging.LogEntry())) { } // the earlier starts' entries
            log.SetTimeBase(1795598102250 - 8250, true);
            log.Write(level, text, 8250);
            log.Flush();
            Gateway.Core.Logging.LogEntry e = new Gateway.Core.Logging.LogEntry();
            Assert.IsTrue(log.ReadNext(e));
            return Encode(w => LogEntryJson.Write(w, e));
        }

        [TestMethod]
        public void Log_example_is_the_encoder_output_of_an_entry_read_back_from_the_ring()
        {
            AssertExample("log", ExampleLogEntry(Gateway.Core.Logging.LogLevel.Warning, "mqtt: broker refused the connection: MQTT reason code 5"), "log");
        }

        [TestMethod]
        public void Every_log_level_and_the_longest_text_match_the_log_schema()
        {
            string longest = new string('\u00e9', 300);
            foreach (Gateway.Core.Logging.LogLevel level in Enum.GetValues(typeof(Gateway.Core.Logging.LogLevel)))
            {
                string json = ExampleLogEntry(level, longest);
                Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "log.schema.json"), json), json);
            }
            Assert.IsNotNull(MiniSchema.Validate(Path.Combine(Schemas, "log.schema.json"), "{\"seq\":1,\"boot\":1,\"time\":\"2026-11-25T09:15:02.250Z\",\"clockSynced\":true,\"uptimeMs\":5,\"level\":\"debug\",\"text\":\"x\"}"), "unknown level");
        }

        private sealed class LastReport : Gateway.Core.Status.ISelfTestReportSink
        {
            public string Json;
            public void OnSelfTestReport(byte[] json) { Json = Encoding.UTF8.GetString(json, 0, json.Length); }
        }

        [TestMethod]
        public void Self_test_event_example_is_the_wiring_self_test_output()
        {
            LastReport report = new LastReport();
            Gateway.Core.Status.WiringSelfTest test = new Gateway.Core.Status.WiringSelfTest(new Gateway.Core.Status.StatusInputs(), report, "1");
            test.OnDtmfStrobe(true, 0x0A, 5000);
            AssertExample("event-self-test", report.Json, "event");
        }

        private sealed class InstantRelay : Gateway.Core.Status.ISelfTestRelay
        {
            public bool IsLineCut { get; set; }
            public bool StartTestCut(long timeMs) { IsLineCut = true; return true; }
        }

        [TestMethod]
        public void Self_test_relay_example_is_the_wiring_self_test_output()
        {
            LastReport report = new LastReport();
            InstantRelay relay = new InstantRelay();
            Gateway.Core.Status.WiringSelfTest test = new Gateway.Core.Status.WiringSelfTest(new Gateway.Core.Status.StatusInputs(), report, "1", relay);
            test.OnHookLevel(true, 4000);
            test.OnDtmfStrobe(true, 0x0C, 5000);
            test.OnHookLevel(false, 5010);
            test.Tick(6500);
            relay.IsLineCut = false;
            test.Tick(6510);
            AssertExample("event-self-test-relay", report.Json, "event");
        }

        [TestMethod]
        public void Rules_state_examples_are_the_processor_output()
        {
            // The real rules engine, so that the documented reasons and warnings are its own words.
            RuleBook rules = new RuleBook();
            RuleUpdateProcessor p = new RuleUpdateProcessor(rules, RuleUpdateRequest.DefaultMaxPayloadBytes);
            p.Process(File.ReadAllBytes(Path.Combine(Schemas, "rules-set-text.example.json")));
            Assert.AreEqual(RuleUpdateResult.Applied, p.Result, p.Reason);
            AssertExample("rules-state-applied", Encode(p.WriteState), "rules-state");
            p.Process(Encoding.UTF8.GetBytes("{\"version\":\"2026-11-25.2\",\"format\":\"text\",\"rules\":\"block 00\\nblok 0\\n\"}"));
            Assert.AreEqual(RuleUpdateResult.Refused, p.Result);
            AssertExample("rules-state-refused", Encode(p.WriteState), "rules-state");
            p.Process(File.ReadAllBytes(Path.Combine(Schemas, "rules-set-text.example.json")));
            Assert.AreEqual(RuleUpdateResult.Unchanged, p.Result);
            AssertExample("rules-state-unchanged", Encode(p.WriteState), "rules-state");
        }

        [TestMethod]
        public void Staged_transfer_examples_are_the_processor_output()
        {
            RuleBook rules = new RuleBook();
            RuleTransfer transfer = new RuleTransfer(new MemoryRulesSlot(), rules, 64 * 1024);
            RuleUpdateProcessor p = new RuleUpdateProcessor(rules, RuleUpdateRequest.DefaultMaxPayloadBytes);
            p.Transfer = transfer;
            Assert.AreEqual(RuleUpdateResult.Applied, p.Process(File.ReadAllBytes(Path.Combine(Schemas, "rules-set-text.example.json"))));
            byte[] manifest = File.ReadAllBytes(Path.Combine(Schemas, "rules-set-chunked.example.json"));
            Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "rules-set.schema.json"), Encoding.UTF8.GetString(manifest)));
            Assert.AreEqual(RuleUpdateResult.Receiving, p.Process(manifest), p.Reason);
            RuleManifest m = transfer.Manifest;
            Assert.AreEqual(15, m.ChunkCount);
            // Chunks 0-6 and 9-11 arrived before the link dropped.
            for (int i = 0; i < m.ChunkCount; i++)
            {
                if (i == 7 || i == 8 || i > 11) continue;
                byte[] chunk = new byte[RuleChunk.HeaderBytes + m.ChunkLength(i)];
                RuleChunk.WriteHeader(chunk, m.Crc32, i);
                Assert.IsTrue(p.ProcessChunk(chunk));
            }
            AssertExample("rules-state-receiving", Encode(p.WriteState), "rules-state");
        }

        [TestMethod]
        public void Rules_set_examples_are_accepted_and_match_their_schema()
        {
            foreach (string name in new[] { "rules-set-text", "rules-set-image" })
            {
                string path = Path.Combine(Schemas, name + ".example.json");
                byte[] payload = File.ReadAllBytes(path);
                RuleUpdateRequest req = RuleUpdateRequest.Parse(payload, RuleUpdateRequest.DefaultMaxPayloadBytes, out string reason);
                Assert.IsNotNull(req, name + ": " + reason);
                Assert.AreEqual(name.EndsWith("image"), req.IsImage);
                RuleBook book = new RuleBook();
                Assert.IsTrue(book.TryApply(req.Body, req.IsImage, req.Version, out string refused, out _), name + ": " + refused);
                Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "rules-set.schema.json"), Encoding.UTF8.GetString(payload)), name);
            }
        }

        [TestMethod]
        public void Every_sample_record_and_event_kind_matches_its_schema()
        {
            for (int n = 0; n < 300; n++)
            {
                CallRecord r = SampleCalls.Make(n);
                r.Seq = n + 1;
                r.Epoch = "5eed0042c0ffee01";
                r.Hw = "a4cf12b3c4d5";
                string json = Encode(w => CallRecordJson.Write(w, r));
                Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "call-record.schema.json"), json), json);
            }
            foreach (LiveEventKind kind in Enum.GetValues(typeof(LiveEventKind)))
            {
                LiveEvent e = new LiveEvent { Kind = kind, Line = "1", Key = '#', Dial = DialMethod.Pulse, Verdict = RuleVerdict.Allow, TimeMs = 5, UnixMs = 5 };
                string json = Encode(w => LiveEventJson.Write(w, e));
                Assert.IsNull(MiniSchema.Validate(Path.Combine(Schemas, "event.schema.json"), json), json);
            }
        }

        [TestMethod]
        public void Schemas_refuse_what_the_box_refuses()
        {
            string set = Path.Combine(Schemas, "rules-set.schema.json");
            Assert.IsNotNull(MiniSchema.Validate(set, "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"a\",\"extra\":1}"), "unknown field");
            Assert.IsNotNull(MiniSchema.Validate(set, "{\"version\":\"v2\",\"format\":\"image\",\"rules\":\"a\"}"), "rules with image");
            Assert.IsNotNull(MiniSchema.Validate(set, "{\"version\":\"v 2\",\"format\":\"text\",\"rules\":\"a\"}"), "space in version");
            Assert.IsNotNull(MiniSchema.Validate(set, "{\"version\":\"v2\",\"format\":\"chunked\",\"size\":10,\"crc32\":1,\"chunkSize\":4096,\"chunks\":1}"), "manifest without issued");
            Assert.IsNotNull(MiniSchema.Validate(set, "{\"version\":\"v2\",\"format\":\"chunked\",\"size\":10,\"crc32\":1,\"chunkSize\":4096,\"chunks\":1,\"issued\":1,\"image\":\"\"}"), "manifest with an image");
            Assert.IsNotNull(MiniSchema.Validate(Path.Combine(Schemas, "status.schema.json"), "{\"online\":true}"), "online status needs its fields");
        }
    }
}
