using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Staged transfers through the link: the manifest on rules/set, chunks on rules/chunk,
    /// progress and missing chunks on rules/state, and the apply only while the line is idle.</summary>
    [TestClass]
    public class BoxLinkTransferTests
    {
        private static readonly MessagingTopics Topics = new MessagingTopics("gateway", SampleCalls.Box);

        private sealed class Rig
        {
            public MemoryRulesSlot Slot;
            public RuleBook Book;
            public FakeTransport Mqtt;
            public BoxLink Link;

            public Rig(MemoryRulesSlot slot) : this(slot, RuleTransfer.DefaultStoredImageBytes) { }

            public Rig(MemoryRulesSlot slot, int storedImageBytes)
            {
                Slot = slot;
                Book = new RuleBook();
                RuleTransfer t = RuleTransferTests.Boot(slot, Book, storedImageBytes);
                Mqtt = new FakeTransport();
                Link = new BoxLink(Mqtt, Topics, new OutboxJournal(new MemoryJournalStorage(), SampleCalls.Box, 64 * 1024, SampleCalls.Epoch), Book, "0.1.0", 4, RuleUpdateRequest.DefaultMaxPayloadBytes);
                Link.Transfer = t;
                Mqtt.Connect();
            }

            public string State() { return Mqtt.Last(Topics.RulesState).Text; }

            public void Line(LiveEventKind kind) { Link.OnLiveEvent(new LiveEvent { Kind = kind, Line = "1" }); }
        }

        [TestMethod]
        public void The_box_subscribes_to_rules_chunk_when_it_takes_transfers()
        {
            Rig r = new Rig(RuleTransferTests.SlotWithOldSet());
            Assert.AreEqual(3, r.Mqtt.Subscriptions.Count);
            Assert.AreEqual(Topics.RulesSet, r.Mqtt.Subscriptions[0]);
            Assert.AreEqual("gateway/" + SampleCalls.Box + "/rules/chunk", r.Mqtt.Subscriptions[1]);
            Assert.AreEqual(Topics.Status, r.Mqtt.Subscriptions[2], "its own status, read back (delivery check)");
        }

        [TestMethod]
        public void Failed_reads_of_a_set_kept_in_flash_are_a_fault_until_another_set_is_in_force()
        {
            // A saved set of a few thousand rules: more groups than the read cache holds.
            MemoryRulesSlot slot = new MemoryRulesSlot();
            byte[] header = AppliedRulesFile.Header(true, RuleTransferTests.OldVersion);
            byte[] image = TransferSender.GeneratedImage(3000, 5, RuleTransferTests.OldVersion, "");
            slot.Write(RulesSlotFile.Saved, 0, header, 0, header.Length);
            slot.Write(RulesSlotFile.Saved, header.Length, image, 0, image.Length);
            Rig r = new Rig(slot, 0);
            Assert.IsTrue(r.Book.Trie.IsStored);
            r.Link.Tick(0);
            Assert.IsNull(r.Link.CurrentFault);
            r.Slot.FailReads = "the drive does not answer";
            RuleCursor cursor = r.Book.CreateCursor();
            for (int n = 0; n < 40 && r.Book.Trie.StoredReadFaults == 0; n++)
            {
                string number = (1300000 + n * 2477).ToString();
                cursor.Reset();
                for (int i = 0; i < number.Length; i++) cursor.Advance(number[i]);
                Assert.AreNotEqual(RuleVerdict.Continue, cursor.Finish());
            }
            Assert.IsTrue(r.Book.Trie.StoredReadFaults > 0, "the walk needed a read");
            r.Link.Tick(r.Link.StatusMinIntervalMs);
            Assert.AreEqual(BoxLink.StoredReadFault(r.Book.Trie.StoredReadFaults), r.Link.CurrentFault);
            Assert.IsTrue(r.Mqtt.Last(Topics.Status).Text.IndexOf("reads of the set in force from rules.bin failed") >= 0, r.Mqtt.Last(Topics.Status).Text);

            // The drive answers again and a new set comes: the fault goes with the old set.
            r.Slot.FailReads = null;
            TransferSender s = RuleTransferTests.NewSet();
            r.Link.OnMessage(Topics.RulesSet, s.ManifestPayload(), true);
            for (int i = 0; i < s.Count; i++) r.Link.OnMessage(Topics.RulesChunk, s.Chunk(i), false);
            r.Link.Tick(3 * r.Link.StatusMinIntervalMs);
            Assert.AreEqual("new-2", r.Book.Version);
            Assert.IsNull(r.Link.CurrentFault);
            Assert.IsTrue(r.Mqtt.Last(Topics.Status).Text.IndexOf("\"fault\":null") >= 0, r.Mqtt.Last(Topics.Status).Text);
        }

        [TestMethod]
        public void Progress_and_missing_chunks_are_reported_and_the_set_waits_for_an_idle_line()
        {
            Rig r = new Rig(RuleTransferTests.SlotWithOldSet());
            TransferSender s = RuleTransferTests.NewSet();
            int n = s.Count;
            r.Link.OnMessage(Topics.RulesSet, s.ManifestPayload(), true);
            Assert.AreEqual("{\"version\":\"old-1\",\"result\":\"receiving\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null,\"received\":0,\"chunks\":" + n
                + ",\"missing\":\"0-" + (n - 1) + "\"}", r.State());
            for (int i = 1; i < n; i++) r.Link.OnMessage(Topics.RulesChunk, s.Chunk(i), false);
            Assert.AreEqual("{\"version\":\"old-1\",\"result\":\"receiving\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null,\"received\":" + (n - 1)
                + ",\"chunks\":" + n + ",\"missing\":\"0\"}", r.State());
            int states = r.Mqtt.On(Topics.RulesState).Length;
            // A chunk of no transfer in progress changes nothing and is not answered.
            byte[] foreign = s.Chunk(0);
            foreign[5] ^= 0xFF;
            r.Link.OnMessage(Topics.RulesChunk, foreign, false);
            Assert.AreEqual(states, r.Mqtt.On(Topics.RulesState).Length);

            // A call starts; the last chunk comes during it.
            r.Line(LiveEventKind.OffHook);
            r.Line(LiveEventKind.Key);
            r.Link.OnMessage(Topics.RulesChunk, s.Chunk(0), false);
            Assert.AreEqual("{\"version\":\"old-1\",\"result\":\"pending\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null,\"received\":" + n
                + ",\"chunks\":" + n + ",\"missing\":\"\"}", r.State());
            r.Link.Tick(1000);
            r.Link.Tick(2000);
            Assert.AreEqual("old-1", r.Book.Version, "never during a call");
            r.Line(LiveEventKind.OnHook);
            r.Link.Tick(3000);
            Assert.AreEqual("new-2", r.Book.Version);
            Assert.AreEqual("{\"version\":\"new-2\",\"result\":\"applied\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null}", r.State());
            // The retained manifest replayed after a reconnect: unchanged.
            r.Link.OnMessage(Topics.RulesSet, s.ManifestPayload(), true);
            Assert.AreEqual("{\"version\":\"new-2\",\"result\":\"unchanged\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null}", r.State());
        }

        [TestMethod]
        public void A_transfer_resumed_at_boot_is_reported_on_connect()
        {
            MemoryRulesSlot slot = RuleTransferTests.SlotWithOldSet();
            TransferSender s = RuleTransferTests.NewSet();
            Rig r = new Rig(slot);
            r.Link.OnMessage(Topics.RulesSet, s.ManifestPayload(), true);
            for (int i = 0; i < 3; i++) r.Link.OnMessage(Topics.RulesChunk, s.Chunk(i), false);
            Rig again = new Rig(slot.Reboot());
            Assert.AreEqual("{\"version\":\"old-1\",\"result\":\"receiving\",\"requested\":\"new-2\",\"reason\":null,\"warnings\":null,\"received\":3,\"chunks\":" + s.Count
                + ",\"missing\":\"3-" + (s.Count - 1) + "\"}", again.State());
        }

        [TestMethod]
        public void A_refused_manifest_names_its_reason()
        {
            Rig r = new Rig(RuleTransferTests.SlotWithOldSet());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":100000000,\"crc32\":1,\"chunkSize\":4096,\"chunks\":24415,\"issued\":1}"), true);
            Assert.AreEqual("{\"version\":\"old-1\",\"result\":\"refused\",\"requested\":null,\"reason\":\"the set is cut into 24415 chunks, at most 4096 (send larger chunks)\",\"warnings\":null}", r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":100000,\"crc32\":1,\"chunkSize\":4096,\"chunks\":25,\"issued\":1}"), true);
            Assert.IsTrue(r.State().IndexOf("\"reason\":\"rule set of 100000 bytes does not fit this box's rules slot on flash") >= 0, r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":1000,\"crc32\":1,\"chunkSize\":4096,\"chunks\":2,\"issued\":1}"), true);
            Assert.IsTrue(r.State().IndexOf("\"reason\":\"field \\\"chunks\\\" is 2, but 1000 bytes in chunks of 4096 make 1\"") >= 0, r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":1000,\"chunkSize\":4096,\"chunks\":1,\"issued\":1}"), true);
            Assert.IsTrue(r.State().IndexOf("\"reason\":\"missing field \\\"crc32\\\" (format \\\"chunked\\\")\"") >= 0, r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"text\",\"rules\":\"block 1\",\"size\":3}"), true);
            Assert.IsTrue(r.State().IndexOf("\"reason\":\"field \\\"size\\\" not allowed with format \\\"text\\\"\"") >= 0, r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":-1,\"crc32\":1,\"chunkSize\":4096,\"chunks\":1,\"issued\":1}"), true);
            Assert.IsTrue(r.State().IndexOf("\"reason\":\"field \\\"size\\\" must be an integer from 0 to 2147483647\"") >= 0, r.State());
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"v9\",\"format\":\"chunked\",\"size\":10000,\"crc32\":1,\"chunkSize\":8190,\"chunks\":2,\"issued\":1}"), true);
            Assert.IsTrue(r.State().IndexOf("\"requested\":\"v9\",\"reason\":\"field \\\"chunkSize\\\" is 8190: its chunks would be over this box's limit of 8192 bytes per message\"") >= 0, r.State());
            Assert.AreEqual("old-1", r.Book.Version);
        }

        [TestMethod]
        public void A_whole_set_on_rules_set_replaces_a_transfer_in_progress()
        {
            MemoryRulesSlot slot = RuleTransferTests.SlotWithOldSet();
            Rig r = new Rig(slot);
            TransferSender s = RuleTransferTests.NewSet();
            r.Link.OnMessage(Topics.RulesSet, s.ManifestPayload(), true);
            r.Link.OnMessage(Topics.RulesChunk, s.Chunk(0), false);
            r.Link.OnMessage(Topics.RulesSet, Utf8.GetBytes("{\"version\":\"small-1\",\"format\":\"text\",\"rules\":\"block 9\"}"), true);
            Assert.AreEqual("small-1", r.Book.Version);
            Assert.IsNull(r.Link.Transfer.Manifest);
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.Staged));
            Assert.AreEqual(-1, slot.Length(RulesSlotFile.RecordA));
        }
    }
}
