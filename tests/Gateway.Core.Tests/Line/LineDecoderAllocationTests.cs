using System;
using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>The per-edge paths must not allocate (small heap, stop-the-world GC on the device).</summary>
    [TestClass]
    public class LineDecoderAllocationTests
    {
        [TestMethod]
        public void Edges_and_ticks_allocate_nothing_over_a_long_warm_trace()
        {
            // One call cycle touching every path: ringing, answer, pulses with bounce, DTMF, glitches, flash, hang-up.
            LineTrace cycle = LineTrace.Start()
                .RingCadence(0, 2, 1000, 4000, hz: 25)
                .OffHookAt(6500)
                .DialPulses("1908", 12, 66, 7500, 400)
                .DtmfKeys("*#0A", 11000, 9, 100)
                .DtmfKeys("123", 11500)
                .BreakLoop(12500, 5)
                .BreakLoop(13000, 137)
                .BreakLoop(14000, 300)
                .OnHookAt(15000)
                .TickAt(16000)
                .WithHookBounce(new SeededRandom(3), 20, 0.5);
            LineTrace.Step[] steps = new LineTrace.Step[cycle.Steps.Length];
            for (int i = 0; i < steps.Length; i++) steps[i] = cycle.Steps[i];
            const long cycleMs = 30000;

            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            Replay(d, steps, 0, cycleMs, 3);                 // warm up: JIT, first-use paths
            int warmEvents = rec.Count;

            long before = GC.GetAllocatedBytesForCurrentThread();
            Replay(d, steps, 3 * cycleMs, cycleMs, 200);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.AreEqual(0L, allocated, "bytes allocated on the edge/tick paths");
            Assert.IsTrue(warmEvents > 10, "the warm trace must exercise the decoder (got " + warmEvents + " events)");
        }

        private static void Replay(LineSignalDecoder d, LineTrace.Step[] steps, long startMs, long cycleMs, int cycles)
        {
            for (int c = 0; c < cycles; c++)
            {
                long offset = startMs + c * cycleMs;
                for (int i = 0; i < steps.Length; i++)
                {
                    LineTrace.Step s = steps[i];
                    s.TimeMs += offset;
                    LineTrace.Apply(d, s);
                }
                for (long t = offset + 16000; t < offset + cycleMs; t += 20) d.Tick(t);
            }
        }
    }
}
