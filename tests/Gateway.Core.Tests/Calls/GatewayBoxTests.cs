using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>The composition root with the real decoder: raw input levels in, records and relay changes out.</summary>
    [TestClass]
    public class GatewayBoxTests
    {
        private const long Anchor = SessionRig.Anchor;

        private sealed class Rig
        {
            public readonly RecordList Records = new RecordList();
            public readonly RelayLog Relay = new RelayLog();
            public readonly LiveLog Live = new LiveLog();
            public readonly FakeRuleCursor Cursor = new FakeRuleCursor(new[] { "00" }, null, new[] { "110" });
            public readonly GatewayBox Box;
            private long _ticked;

            public Rig()
            {
                Box = new GatewayBox("box1", "line1", new LineTimings(), new CallSettings(), new Source(Cursor), Relay, Records, Live);
                Box.SetTimeBase(Anchor, true);
            }

            /// <summary>Ticks every 10 ms up to <paramref name="t"/>, as the device's timer would.</summary>
            public Rig Until(long t)
            {
                for (; _ticked <= t; _ticked += 10) Box.Tick(_ticked);
                return this;
            }

            public Rig Hook(bool offHook, long t) { Until(t); Box.OnHookLevel(offHook, t); return this; }

            public Rig Key(int code, long t)
            {
                Until(t);
                Box.OnDtmfStrobe(true, code, t);
                Until(t + 80);
                Box.OnDtmfStrobe(false, code, t + 80);
                return this;
            }
        }

        private sealed class Source : IRuleCursorSource
        {
            private readonly FakeRuleCursor _cursor;
            public Source(FakeRuleCursor cursor) { _cursor = cursor; }
            public Gateway.Core.Rules.IRuleCursor CreateCursor() { return _cursor; }
        }

        [TestMethod]
        public void Raw_levels_make_a_completed_call_record()
        {
            Rig rig = new Rig().Hook(true, 1000).Key(1, 2000).Key(3, 2300).Until(8000).Hook(false, 60000).Until(62000);
            Assert.AreEqual(1, rig.Records.Count);
            Assert.AreEqual("13", rig.Records.Last.Digits);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.AreEqual(Anchor + 1000, rig.Records.Last.StartUnixMs);
        }

        [TestMethod]
        public void Blocked_number_opens_the_relay_and_the_box_reports_the_cut()
        {
            Rig rig = new Rig().Hook(true, 1000).Key(10, 2000).Key(10, 2300);
            Assert.IsTrue(rig.Relay.Open);
            Assert.IsTrue(rig.Box.IsLineCut);
            Assert.AreEqual(CallState.Cut, rig.Box.State);
            rig.Until(4000);
            Assert.IsFalse(rig.Relay.Open);
        }

        [TestMethod]
        public void A_cut_the_hook_input_never_saw_is_a_fault_until_a_cut_is_seen()
        {
            // The test relay does not open the sensed loop, like a welded relay or a hook sense wired on the wrong side.
            Rig rig = new Rig().Hook(true, 1000).Key(10, 2000).Key(10, 2300);
            Assert.IsNull(rig.Box.Fault, "no verdict on the relay while the cut lasts");
            rig.Until(4000);
            Assert.AreEqual(GatewayBox.CutNotSeenFault, rig.Box.Fault);
            Assert.AreEqual(CallOutcome.Blocked, rig.Records.Last.Outcome);
            // The next cut shows on the hook input (the loop reads open within the cut): the fault clears.
            rig.Key(10, 5000).Key(10, 5300);
            Assert.IsTrue(rig.Relay.Open);
            rig.Hook(false, 5500).Until(8000);
            Assert.IsNull(rig.Box.Fault);
        }

        [TestMethod]
        public void A_recall_made_of_raw_hook_levels_starts_a_new_number_that_is_cut()
        {
            Rig rig = new Rig().Hook(true, 1000).Key(1, 2000).Until(8000).Hook(false, 20000).Hook(true, 20300).Key(10, 21000).Key(10, 21300);
            Assert.IsTrue(rig.Relay.Open, "the number after the flash was not cut");
            rig.Hook(false, 21500).Until(24000);
            Assert.AreEqual("1R00", rig.Records.Last.Digits);
            Assert.AreEqual(1, rig.Records.Last.Flashes);
        }

        [TestMethod]
        public void Time_older_than_the_last_input_is_taken_as_the_last_time()
        {
            // A GPIO thread that read the clock before another thread took the lock arrives late.
            Rig rig = new Rig().Hook(true, 1000).Until(5000);
            rig.Box.OnHookLevel(false, 4990);
            rig.Until(7000);
            Assert.AreEqual(Anchor + 5000, rig.Records.Last.EndUnixMs);
        }

        [TestMethod]
        public void Time_base_set_after_boot_applies_to_the_next_record()
        {
            Rig rig = new Rig();
            rig.Box.SetTimeBase(0, false);
            rig.Hook(true, 1000).Hook(false, 3000).Until(5000);
            Assert.IsFalse(rig.Records.Last.ClockSynced);
            Assert.AreEqual(1000L, rig.Records.Last.StartUnixMs);
            rig.Box.SetTimeBase(Anchor, true);
            rig.Hook(true, 10000).Hook(false, 12000).Until(14000);
            Assert.IsTrue(rig.Records.Last.ClockSynced);
            Assert.AreEqual(Anchor + 10000, rig.Records.Last.StartUnixMs);
        }
    

        [TestMethod]
        public void A_tls_connect_waits_for_the_clock_an_idle_line_and_the_end_of_a_cut()
        {
            Rig rig = new Rig();
            rig.Box.SetTimeBase(0, false);
            Assert.IsFalse(rig.Box.ClockSynced);
            Assert.AreEqual(ConnectPermit.WaitForClock, rig.Box.ConnectWaitReason(true));
            Assert.IsNull(rig.Box.ConnectWaitReason(false), "plain TCP has no handshake to wait for");
            rig.Box.SetTimeBase(Anchor, true);
            Assert.IsTrue(rig.Box.ClockSynced);
            Assert.IsNull(rig.Box.ConnectWaitReason(true));

            rig.Hook(true, 1000).Until(1500);
            Assert.AreEqual(ConnectPermit.WaitForIdleLine, rig.Box.ConnectWaitReason(true));
            rig.Key(10, 2000).Key(10, 2300);
            Assert.IsTrue(rig.Box.IsLineCut);
            Assert.AreEqual(ConnectPermit.WaitForCutEnd, rig.Box.ConnectWaitReason(true));
            rig.Until(4000);
            Assert.IsFalse(rig.Box.IsLineCut, "relay closed again");
            // This rig's relay does not open the sensed loop: the box takes the handset as still up.
            Assert.AreEqual(ConnectPermit.WaitForIdleLine, rig.Box.ConnectWaitReason(true));
            rig.Hook(false, 5000).Until(9000);
            Assert.AreEqual(CallState.Idle, rig.Box.State);
            Assert.IsNull(rig.Box.ConnectWaitReason(true));
        }
    }
}
