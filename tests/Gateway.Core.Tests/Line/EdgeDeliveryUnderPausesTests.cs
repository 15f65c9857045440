using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Calls.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Calls dialled through pauses that stop every managed thread (a GC, a native flash
    /// write): the device's edge path, modelled millisecond by millisecond, still decodes every call.</summary>
    /// <remarks>
    /// The model: the main loop runs every 10 ms; the GPIO event thread hands each edge on as soon as
    /// it may run; every 5 s, at a random phase, both stop for 100-300 ms; when they resume, the main
    /// loop runs first (the worst order). Two designs meet the same trace:
    /// - handler-stamped (the firmware before): an edge gets the time its handler runs and goes
    ///   straight into the box, which is ticked to "now" by the loop;
    /// - interrupt-stamped (now): an edge keeps the time recorded in the interrupt, on the ESP32's
    ///   10 ms FreeRTOS tick and an unknown offset (<see cref="InterruptTimeBase"/>), goes into
    ///   a <see cref="LineEdgeQueue"/>, and <see cref="LineEdgePump"/> feeds the box one loop behind.
    /// </remarks>
    [TestClass]
    public class EdgeDeliveryUnderPausesTests
    {
        private const int LoopMs = 10;
        private const int PausePeriodMs = 5000;
        private const int RtosTickMs = 10;
        private const long InterruptClockLagMs = 37;

        private sealed class Source : IRuleCursorSource
        {
            public IRuleCursor CreateCursor() { return new FakeRuleCursor(new string[0], null, new string[0]); }
        }

        /// <summary>A call dialled with pulses (7-12 pps) or DTMF keys, off-hook at 0.</summary>
        private static LineTrace Call(SeededRandom rng, bool pulse, out string number)
        {
            int len = 4 + rng.Next(7);
            char[] keys = new char[len];
            for (int i = 0; i < len; i++) keys[i] = (char)((i == 0 ? '1' : '0') + rng.Next(i == 0 ? 9 : 10));
            number = new string(keys);
            LineTrace trace = LineTrace.Start().OffHookAt(0);
            long t = 1200;
            foreach (char k in number)
            {
                if (pulse)
                {
                    trace.DialPulses(k.ToString(), 7 + rng.NextDouble() * 5, 58 + rng.NextDouble() * 10, t);
                    t = trace.EndMs + 300 + rng.Next(700);
                }
                else
                {
                    trace.Dtmf(k, t, 50 + rng.Next(60));
                    t = trace.EndMs + 60 + rng.Next(300);
                }
            }
            trace.OnHookAt(t + 6000);
            return trace;
        }

        /// <summary>Dials <paramref name="trace"/> through the device model; returns the recorded digits.</summary>
        private static string Run(LineTrace trace, long firstPauseMs, int[] pauseMs, bool interruptStamped)
        {
            RecordList records = new RecordList();
            GatewayBox box = new GatewayBox("box1", "line1", new LineTimings(), new CallSettings(), new Source(), new RelayLog(), records, new LiveLog());
            LineEdgeQueue queue = new LineEdgeQueue();
            LineEdgePump pump = new LineEdgePump(queue, box, null);
            InterruptTimeBase timeBase = new InterruptTimeBase();
            LineTrace.Step[] steps = trace.Steps;
            long end = steps[steps.Length - 1].TimeMs + 3000;
            int next = 0;
            long nextLoop = 0;
            for (long t = 0; t <= end; t++)
            {
                long sincePause = t - firstPauseMs;
                if (sincePause >= 0)
                {
                    int p = (int)(sincePause / PausePeriodMs);
                    if (sincePause % PausePeriodMs < pauseMs[p % pauseMs.Length]) continue; // nothing managed runs
                }
                if (t >= nextLoop)
                {
                    if (interruptStamped) pump.Run(t);
                    else box.Tick(t);
                    nextLoop = t + LoopMs;
                }
                for (; next < steps.Length && steps[next].TimeMs <= t; next++)
                {
                    LineTrace.Step s = steps[next];
                    if (interruptStamped)
                    {
                        long onInterruptClock = s.TimeMs - InterruptClockLagMs;
                        onInterruptClock -= ((onInterruptClock % RtosTickMs) + RtosTickMs) % RtosTickMs;
                        long stamped = timeBase.ToMonotonic(onInterruptClock, t);
                        byte input = s.Input == LineTrace.Input.Hook ? LineEdgeQueue.Hook : s.Input == LineTrace.Input.Strobe ? LineEdgeQueue.Strobe : LineEdgeQueue.Ring;
                        Assert.IsTrue(queue.Push(input, s.Level, s.Code, stamped), "queue full");
                    }
                    else if (s.Input == LineTrace.Input.Hook) box.OnHookLevel(s.Level, t);
                    else if (s.Input == LineTrace.Input.Strobe) box.OnDtmfStrobe(s.Level, s.Code, t);
                }
            }
            return records.Count == 1 ? records.Last.Digits : "(" + records.Count + " records)";
        }

        /// <summary>Calls that decode exactly, of <paramref name="calls"/>; the first miss goes to <paramref name="firstMiss"/>.</summary>
        private static int Exact(int seed, int calls, bool pulse, bool interruptStamped, out string firstMiss)
        {
            SeededRandom rng = new SeededRandom(seed);
            firstMiss = null;
            int exact = 0;
            for (int c = 0; c < calls; c++)
            {
                string number;
                LineTrace trace = Call(rng, pulse, out number);
                long firstPause = rng.Next(PausePeriodMs);
                int[] pauses = new int[4];
                for (int i = 0; i < pauses.Length; i++) pauses[i] = 100 + rng.Next(201);
                string got = Run(trace, firstPause, pauses, interruptStamped);
                if (got == number) exact++;
                else if (firstMiss == null)
                    firstMiss = "seed " + seed + " call " + c + ": dialled " + number + ", decoded " + got + ", pauses of "
                        + pauses[0] + "/" + pauses[1] + "/" + pauses[2] + "/" + pauses[3] + " ms every 5 s from " + firstPause + " ms";
            }
            return exact;
        }

        [TestMethod]
        public void Interrupt_stamped_edges_decode_every_pulse_dialled_call_through_pauses()
        {
            string miss;
            int calls = PropertyTrials.Of(150);
            Assert.AreEqual(calls, Exact(71, calls, true, true, out miss), miss);
        }

        [TestMethod]
        public void Interrupt_stamped_edges_decode_every_dtmf_call_through_pauses()
        {
            string miss;
            int calls = PropertyTrials.Of(150);
            Assert.AreEqual(calls, Exact(72, calls, false, true, out miss), miss);
        }

        [TestMethod]
        public void Handler_stamped_edges_lose_calls_in_the_same_pauses()
        {
            // The baseline this design replaces, on the same traces: pauses split and merge digits.
            string miss;
            int calls = PropertyTrials.Of(150);
            int pulse = Exact(71, calls, true, false, out miss);
            int dtmf = Exact(72, calls, false, false, out miss);
            Assert.IsTrue(pulse + dtmf < 2 * calls, "handler stamps decoded " + pulse + " and " + dtmf + " of " + calls
                + " calls exactly: the pause model no longer stresses the edge path");
        }
    }
}
