using Gateway.Core.Calls;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    [TestClass]
    public class LineCutControllerTests
    {
        [TestMethod]
        public void Cut_opens_the_loop_and_closes_it_after_the_open_time()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            Assert.IsTrue(cut.RequestCut(10000));
            Assert.IsTrue(relay.Open);
            Assert.IsFalse(cut.Tick(11499));
            Assert.IsTrue(relay.Open);
            Assert.IsTrue(cut.Tick(11500));
            Assert.IsFalse(relay.Open);
            Assert.IsFalse(cut.IsCutting);
        }

        [TestMethod]
        public void Every_tick_of_a_cut_confirms_the_open_loop_and_none_after_it()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.RequestCut(0);
            for (long t = 10; t < 1500; t += 10) cut.Tick(t);
            Assert.AreEqual(149, relay.Confirmations);
            Assert.IsTrue(cut.Tick(1500));
            for (long t = 1510; t < 3000; t += 10) cut.Tick(t);
            Assert.AreEqual(149, relay.Confirmations, "no confirmation once the loop is closed");
        }

        [TestMethod]
        public void A_main_loop_at_its_slowest_keeps_the_hold_circuit_from_dropping_out_during_a_cut()
        {
            // Ticks every 20 ms (the slowest GatewayBox allows) against the shortest hold the parts give.
            HoldCircuitModel relay = new HoldCircuitModel();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.RequestCut(0);
            for (long t = 0; t < 1500; t++)
            {
                if (t % 20 == 0 && t > 0) { relay.Now = t; cut.Tick(t); }
                Assert.IsTrue(relay.OpenAt(t, RelayHoldCircuit.MinHoldMs), "loop dropped back at " + t + " ms");
            }
            relay.Now = 1500;
            cut.Tick(1500);
            Assert.IsFalse(relay.OpenAt(1500, RelayHoldCircuit.MaxHoldMs));
        }

        [TestMethod]
        public void A_stall_anywhere_in_the_longest_cut_never_ends_it_early()
        {
            // Every managed thread stops during a flash erase, a GC or a handshake: whatever the stall,
            // the loop stays open at least as long as the cut was meant to (the exchange must release
            // the blocked call), with the shortest hold the parts give.
            int openMs = Gateway.Core.Settings.BoxSettings.MaxLineCutOpenMs;
            for (long stallAt = 10; stallAt < openMs; stallAt += 290)
                for (long stallMs = 50; stallMs <= 12000; stallMs *= 2)
                {
                    HoldCircuitModel relay = new HoldCircuitModel();
                    LineCutController cut = new LineCutController(relay, openMs);
                    cut.RequestCut(0);
                    for (long t = 0; t < openMs; t += 10)
                    {
                        bool stalled = t >= stallAt && t < stallAt + stallMs;
                        if (!stalled && t > 0) { relay.Now = t; cut.Tick(t); }
                        Assert.IsTrue(relay.OpenAt(t, RelayHoldCircuit.MinHoldMs),
                            "a " + stallMs + " ms stall from " + stallAt + " ms closed the loop at " + t + " ms of a " + openMs + " ms cut");
                    }
                }
        }

        [TestMethod]
        public void A_cpu_that_freezes_during_a_cut_leaves_the_line_dead_for_at_most_the_hold_time()
        {
            // Trace: the loop ticks every 10 ms, then a native call blocks everything managed from
            // 400 ms on for 30 s (a stalled TLS handshake, say); the cut was meant to last 1.5 s.
            HoldCircuitModel relay = new HoldCircuitModel();
            LineCutController cut = new LineCutController(relay, 1500);
            relay.Now = 0;
            cut.RequestCut(0);
            for (long t = 10; t <= 400; t += 10) { relay.Now = t; cut.Tick(t); }
            Assert.IsTrue(relay.OpenAt(400 + RelayHoldCircuit.MinHoldMs - 1, RelayHoldCircuit.MinHoldMs));
            Assert.IsFalse(relay.OpenAt(400 + RelayHoldCircuit.MaxHoldMs, RelayHoldCircuit.MaxHoldMs),
                "the line must be back within the longest hold time, whatever the firmware does");
            Assert.IsFalse(relay.OpenAt(30400, RelayHoldCircuit.MaxHoldMs));
        }

        [TestMethod]
        public void Cut_is_refused_during_an_emergency_call()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.EmergencyCallActive = true;
            Assert.IsFalse(cut.RequestCut(0));
            Assert.AreEqual(0, relay.Changes);
        }

        [TestMethod]
        public void Second_cut_request_during_a_cut_does_not_extend_it()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.RequestCut(0);
            Assert.IsFalse(cut.RequestCut(1000));
            Assert.IsTrue(cut.Tick(1500));
            Assert.AreEqual(2, relay.Changes);
        }
    }
}
