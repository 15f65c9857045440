using System.Collections;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Rules;
using Gateway.Core.Status;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    /// <summary>The wiring self-test's relay step through the box as the device runs it: edges queued,
    /// <see cref="LineEdgePump"/> every 10 ms, the relay's hold circuit modelled, and the hook sense
    /// wired across the relay (it sees the loop open while the relay holds it open) or not.</summary>
    [TestClass]
    public class SelfTestRelayStepTests
    {
        private const int LoopMs = 10;
        private const int HashCode = 12; // MT8870 Q4..Q1 = 1100

        private sealed class Reports : ISelfTestReportSink
        {
            public readonly ArrayList Json = new ArrayList();
            public void OnSelfTestReport(byte[] json) { Json.Add(Gateway.Core.Messaging.Utf8.GetString(json, 0, json.Length)); }
        }

        private sealed class Source : IRuleCursorSource
        {
            public IRuleCursor CreateCursor() { return new FakeRuleCursor(new[] { "00" }, null, new[] { "110" }); }
        }

        /// <summary>One installer session: the handset lifted at 1 s, <paramref name="keys"/> pressed
        /// (key, time) as 80 ms tones, the loop run to <paramref name="endMs"/>. Returns the reports; the
        /// relay's open span in <paramref name="openFrom"/>/<paramref name="openTo"/> (-1 when never open).</summary>
        private static Reports Run(bool hookSenseWired, int[] keys, long endMs, out long openFrom, out long openTo, out string live)
        {
            HoldCircuitModel relay = new HoldCircuitModel();
            LiveLog liveLog = new LiveLog();
            GatewayBox box = new GatewayBox("box1", "1", new LineTimings(), new CallSettings(), new Source(), relay, new RecordList(), liveLog);
            Reports reports = new Reports();
            WiringSelfTest selfTest = new WiringSelfTest(new StatusInputs(), reports, "1", box);
            LineEdgeQueue edges = new LineEdgeQueue();
            LineEdgePump pump = new LineEdgePump(edges, box, selfTest);
            bool handsetOff = false, sensed = false;
            openFrom = -1;
            openTo = -1;
            for (long t = 0; t <= endMs; t += LoopMs)
            {
                relay.Now = t;
                // What the hook sense sees now: the contact as the last loop left it.
                bool open = relay.OpenAt(t, RelayHoldCircuit.MinHoldMs);
                if (t == 1000) handsetOff = true;
                bool loopClosed = handsetOff && !(hookSenseWired && open);
                if (loopClosed != sensed) edges.Push(LineEdgeQueue.Hook, sensed = loopClosed, 0, t);
                for (int i = 0; i < keys.Length; i += 2)
                {
                    if (keys[i + 1] == t) edges.Push(LineEdgeQueue.Strobe, true, keys[i], t);
                    if (keys[i + 1] + 80 == t) edges.Push(LineEdgeQueue.Strobe, false, 0, t);
                }
                pump.Run(t);
                bool after = relay.OpenAt(t, RelayHoldCircuit.MinHoldMs);
                if (after && openFrom < 0) openFrom = t;
                if (!after && openFrom >= 0 && openTo < 0) openTo = t;
            }
            live = liveLog.Text;
            return reports;
        }

        private static string Relay(bool on, long t) { return "{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"relay\",\"on\":" + (on ? "true" : "false") + ",\"uptimeMs\":" + t + "}"; }

        private static int IndexOfRelay(Reports r, int from)
        {
            for (int i = from; i < r.Json.Count; i++)
                if (((string)r.Json[i]).IndexOf("\"input\":\"relay\"") >= 0) return i;
            return -1;
        }

        [TestMethod]
        public void Hash_cuts_the_line_for_the_cut_time_and_the_hook_input_sees_it()
        {
            Reports r = Run(true, new[] { HashCode, 3000 }, 8000, out long openFrom, out long openTo, out string live);
            int on = IndexOfRelay(r, 0);
            Assert.IsTrue(on > 0, "relay step reported");
            Assert.AreEqual(Relay(true, 3000), r.Json[on], "opened at the # key's strobe (after the key's own report)");
            Assert.AreEqual("{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"key\",\"on\":true,\"code\":12,\"uptimeMs\":3000}", r.Json[on - 1]);
            Assert.AreEqual(3000L, openFrom);
            long cutMs = new CallSettings().LineCutOpenMs;
            Assert.IsTrue(openTo - openFrom >= cutMs && openTo - openFrom <= cutMs + 2 * LoopMs, "open " + (openTo - openFrom) + " ms");
            Assert.IsTrue(openTo - openFrom < RelayHoldCircuit.MinHoldMs, "within the hold circuit's shortest hold");
            int off = IndexOfRelay(r, on + 1);
            Assert.IsTrue(off > on, "closing reported");
            string closed = (string)r.Json[off];
            Assert.IsTrue(closed.IndexOf("\"on\":false,\"hookSawCut\":true,\"uptimeMs\":") > 0, closed);
            // Between them the hook input reported the loop open, then closed again.
            bool sawOpen = false;
            for (int i = on + 1; i < off; i++)
                if ((string)r.Json[i] == "{\"event\":\"selfTest\",\"line\":\"1\",\"input\":\"hook\",\"on\":false,\"uptimeMs\":3010}") sawOpen = true;
            Assert.IsTrue(sawOpen, "hook off one loop after the cut");
            Assert.AreEqual(-1, IndexOfRelay(r, off + 1), "one step per #");
            // The box's own live events show the cut like a block's.
            Assert.IsTrue(live.IndexOf("linecut@3000") >= 0, live);
            Assert.IsTrue(live.IndexOf("linerestored@") > live.IndexOf("linecut@3000"), live);
        }

        [TestMethod]
        public void A_hook_sense_that_never_sees_the_cut_is_reported_on_the_closing()
        {
            Reports r = Run(false, new[] { HashCode, 3000 }, 8000, out long openFrom, out long openTo, out string live);
            int off = IndexOfRelay(r, IndexOfRelay(r, 0) + 1);
            Assert.IsTrue(((string)r.Json[off]).IndexOf("\"on\":false,\"hookSawCut\":false,") > 0, (string)r.Json[off]);
            Assert.AreEqual(3000L, openFrom);
        }

        [TestMethod]
        public void Other_keys_do_not_cut_and_a_second_hash_during_the_step_is_ignored()
        {
            Reports r = Run(true, new[] { 1, 2000, 11, 2500, HashCode, 3000, HashCode, 3500 }, 8000, out long openFrom, out long openTo, out string live);
            Assert.AreEqual(3000L, openFrom, "only # cuts");
            int on = IndexOfRelay(r, 0);
            int off = IndexOfRelay(r, on + 1);
            Assert.IsTrue(((string)r.Json[off]).IndexOf("\"on\":false") > 0);
            Assert.AreEqual(-1, IndexOfRelay(r, off + 1));
        }

        [TestMethod]
        public void During_an_emergency_call_the_relay_step_never_cuts()
        {
            // 1, 1, 0 (an emergency number), then #.
            Reports r = Run(true, new[] { 1, 2000, 1, 2300, 10, 2600, HashCode, 3500 }, 8000, out long openFrom, out long openTo, out string live);
            Assert.AreEqual(-1L, openFrom, "the relay never opened");
            Assert.AreEqual(-1, IndexOfRelay(r, 0), "no relay report");
        }
    }
}
