using System;
using System.Text;
using Gateway.Core.Simulation;
using Gateway.Core.Tests.Messaging.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Host-only (nanoCLR has no allocation counter): the garbage one call leaves on the
    /// whole path the device runs, from line edges to MQTT, per stage (docs/performance.md,
    /// "Garbage per call"). The device's heap is ~110 KiB and its GC stops the world.</summary>
    [TestClass]
    public class GarbagePerCallTests
    {
        public TestContext TestContext { get; set; }

        // Past the second compaction (about every 40 calls at 4 KiB): the storage's buffers have grown.
        private const int WarmRounds = 10;
        private const int MeasuredRounds = 20;

        [TestMethod]
        public void A_call_through_the_whole_box_leaves_little_garbage()
        {
            Measurement m = Measure();
            TestContext.WriteLine(m.Table);
            Assert.AreEqual(MeasuredRounds * OfficeCallMix.CallsPerRound, m.Calls, "call records published\n" + m.Table);
            Assert.IsTrue(m.PerCall(m.Messages[MeteredBoxRig.LiveEvents]) > 5 && m.PerCall(m.Messages[MeteredBoxRig.StatusOut]) >= 1,
                "the mix must publish live events and status\n" + m.Table);
            Assert.AreEqual(0L, m.Bytes[MeteredBoxRig.TransportDouble], "the broker double must not allocate (it would be counted)\n" + m.Table);

            // Payload arrays are the floor while IMqttTransport hands the client a whole byte[] per
            // message: M2Mqtt keeps it until sent (QoS 0) or acknowledged (QoS 1), so none can be reused.
            long payload = 0;
            for (int s = 0; s < MeteredBoxRig.Stages; s++) payload += m.PayloadBytes[s];
            AtMost(m, m.Total - payload, 64, "garbage per call besides the payload arrays (was 445 B: record object, strings made twice, boxed storage ints)");
            AtMost(m, m.Total, 2600, "garbage per call in all (was 2679 B; 2,271 before epoch and hw were added to records and status, 2,445 before records said why)");
            AtMost(m, m.Bytes[MeteredBoxRig.LineSession], 48, "line, session and record (one digits string per call; the record object is reused)");
            AtMost(m, m.Bytes[MeteredBoxRig.RecordIn], 0, "record into the journal");
            AtMost(m, m.Bytes[MeteredBoxRig.JournalStorage], 8, "journal storage (the segment list at a compaction)");
            AtMost(m, m.Bytes[MeteredBoxRig.CallsOut] - m.PayloadBytes[MeteredBoxRig.CallsOut], 8, "record read back and encoded, besides its payload");
            AtMost(m, m.Bytes[MeteredBoxRig.StatusOut] - m.PayloadBytes[MeteredBoxRig.StatusOut], 0, "status besides its payloads");
            AtMost(m, m.Bytes[MeteredBoxRig.LiveEvents] - m.PayloadBytes[MeteredBoxRig.LiveEvents], 0, "live events besides their payloads");
            AtMost(m, m.Bytes[MeteredBoxRig.LogOut] + m.Bytes[MeteredBoxRig.LogStorage] + m.Bytes[MeteredBoxRig.LoopOther], 0,
                "log, log storage and the rest of the main loop");
            // On the device every storage call opens a file (garbage the host cannot see): was 10.6 per call.
            AtMost(m, m.JournalStorageCalls, 7, "journal storage calls (appends of record and ack marker, one read per frame)", "calls");
        }

        private static void AtMost(Measurement m, long bytes, long maxPerCall, string what, string unit = "B")
        {
            Assert.IsTrue(bytes <= maxPerCall * m.Calls, what + ": " + m.PerCall(bytes).ToString("F1") + " " + unit + " per call, allowed " + maxPerCall
                + " (docs/performance.md, \"Garbage per call\")\n" + m.Table);
        }

        private sealed class Measurement
        {
            public long Calls;
            public long[] Bytes = new long[MeteredBoxRig.Stages];
            public long[] Messages = new long[MeteredBoxRig.Stages];
            public long[] PayloadBytes = new long[MeteredBoxRig.Stages];
            public long JournalStorageCalls, LogStorageCalls, Total;
            public string Table;

            public double PerCall(long bytes) { return (double)bytes / Calls; }
        }

        private static Measurement Measure()
        {
            ScenarioEdge[] edges = OfficeCallMix.Rounds(WarmRounds + MeasuredRounds);
            int perRound = edges.Length / (WarmRounds + MeasuredRounds);
            MeteredBoxRig rig = new MeteredBoxRig();
            int warmEdges = WarmRounds * perRound;
            rig.Play(edges, 0, warmEdges);
            long callsBefore = rig.Transport.Messages[MeteredBoxRig.CallsOut];
            long[] messagesBefore = (long[])rig.Transport.Messages.Clone();
            long[] payloadBefore = (long[])rig.Transport.PayloadArrayBytes.Clone();
            long journalCallsBefore = rig.JournalStore.Calls, logCallsBefore = rig.LogStore.Calls;
            rig.Meter.Clear();
            rig.Play(edges, warmEdges, edges.Length);
            rig.Meter.ChargeTo(MeteredBoxRig.LineSession);

            Measurement m = new Measurement();
            m.Calls = rig.Transport.Messages[MeteredBoxRig.CallsOut] - callsBefore;
            for (int s = 0; s < MeteredBoxRig.Stages; s++)
            {
                m.Bytes[s] = rig.Meter[s];
                m.Messages[s] = rig.Transport.Messages[s] - messagesBefore[s];
                m.PayloadBytes[s] = rig.Transport.PayloadArrayBytes[s] - payloadBefore[s];
            }
            m.Total = rig.Meter.Total;
            m.JournalStorageCalls = rig.JournalStore.Calls - journalCallsBefore;
            m.LogStorageCalls = rig.LogStore.Calls - logCallsBefore;
            m.Table = Describe(m);
            return m;
        }

        private static string Describe(Measurement m)
        {
            StringBuilder b = new StringBuilder();
            b.AppendLine("Garbage per call: " + m.Calls + " warm calls of the office mix (" + OfficeCallMix.CallsPerRound + " kinds), bytes allocated per call (64-bit .NET)");
            b.AppendLine(string.Format("{0,-52} {1,9} {2,14} {3,12}", "stage", "B/call", "messages/call", "of which payload arrays"));
            Row(b, m, MeteredBoxRig.LineSession, "line, session, rules, cut (record made)");
            Row(b, m, MeteredBoxRig.RecordIn, "record into the journal (encode, append)");
            Row(b, m, MeteredBoxRig.JournalStorage, "journal storage (MemoryJournalStorage)");
            Row(b, m, MeteredBoxRig.CallsOut, "record out (read, decode, JSON, ack)");
            Row(b, m, MeteredBoxRig.StatusOut, "status");
            Row(b, m, MeteredBoxRig.LiveEvents, "live events");
            Row(b, m, MeteredBoxRig.LogOut, "log entries");
            Row(b, m, MeteredBoxRig.LogStorage, "log storage (MemoryJournalStorage)");
            Row(b, m, MeteredBoxRig.LoopOther, "main loop otherwise (ticks, LEDs, log flush)");
            Row(b, m, MeteredBoxRig.TransportDouble, "broker double (test's own)");
            long payload = 0;
            for (int s = 0; s < MeteredBoxRig.Stages; s++) payload += m.PayloadBytes[s];
            b.AppendLine(string.Format("{0,-52} {1,9:F0} {2,14} {3,12:F0}", "total", m.PerCall(m.Total), "", m.PerCall(payload)));
            b.AppendLine(string.Format("storage calls per call: journal {0:F1}, log {1:F1}", m.PerCall(m.JournalStorageCalls), m.PerCall(m.LogStorageCalls)));
            return b.ToString();
        }

        private static void Row(StringBuilder b, Measurement m, int stage, string name)
        {
            b.AppendLine(string.Format("{0,-52} {1,9:F0} {2,14:F1} {3,12:F0}", name, m.PerCall(m.Bytes[stage]), m.PerCall(m.Messages[stage]), m.PerCall(m.PayloadBytes[stage])));
        }
    }
}
