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

        private const int WarmRounds = 2;
        private const int MeasuredRounds = 20;

        [TestMethod]
        public void A_call_through_the_whole_box_leaves_little_garbage()
        {
            Measurement m = Measure();
            TestContext.WriteLine(m.Table);
            Assert.AreEqual(MeasuredRounds * OfficeCallMix.CallsPerRound, m.Calls, "call records published\n" + m.Table);
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
