using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Pulse dialling stays exact across the guaranteed envelope (docs/line-signalling.md):
    /// 7-14 pps, 55-72 % break, inter-digit pause >= 200 ms, default timings. Each test prints its seed,
    /// the dialled plan and the trace on failure.</summary>
    [TestClass]
    public class PulseDialPropertyTests
    {
        private static PulseDialProperty.Envelope Envelope()
        {
            return new PulseDialProperty.Envelope { MinPauseMs = 200, MaxPauseMs = 1000 };
        }

        [TestMethod]
        public void Clean_edges_decode_exactly_across_7_to_14_pps_and_55_to_72_percent()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 0;
            PulseDialProperty.AssertExact(20261125, 3000, env);
        }

        [TestMethod]
        public void Edges_jittered_by_up_to_15_ms_decode_exactly()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 15;
            PulseDialProperty.AssertExact(7, 6000, env);
        }

        [TestMethod]
        public void Bounce_bursts_reported_within_the_debounce_time_decode_exactly()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 0;
            env.BounceMs = 20;
            env.BounceChance = 1.0;
            PulseDialProperty.AssertExact(11, 4000, env);
        }

        [TestMethod]
        public void Jitter_of_15_ms_and_bounce_bursts_within_the_debounce_time_decode_exactly()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 15;
            env.BounceMs = 20;
            env.BounceChance = 0.6;
            PulseDialProperty.AssertExact(13, 6000, env);
        }

        [TestMethod]
        public void Worst_case_bounce_ending_just_inside_the_debounce_time_decodes_exactly_under_jitter()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 15;
            env.BounceMs = 20;
            env.BounceChance = 0.9;
            env.StretchBounce = true;
            PulseDialProperty.AssertExact(41, 6000, env);
        }

        [TestMethod]
        public void Eight_ms_bounce_with_every_bounce_edge_jittered_by_up_to_6_ms_decodes_exactly()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 6;
            env.BounceMs = 8;
            env.BounceChance = 0.8;
            env.BounceBeforeJitter = true;
            PulseDialProperty.AssertExact(17, 6000, env);
        }

        [TestMethod]
        public void Shortest_guaranteed_pause_of_200_ms_still_separates_digits_under_jitter_and_bounce()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.MinPauseMs = 200;
            env.MaxPauseMs = 200;
            env.JitterMs = 15;
            env.BounceMs = 20;
            env.StretchBounce = true;
            PulseDialProperty.AssertExact(19, 3000, env);
        }

        [TestMethod]
        public void Swedish_and_New_Zealand_maps_decode_exactly_under_jitter()
        {
            PulseDialProperty.Envelope env = Envelope();
            env.JitterMs = 15;
            env.BounceMs = 20;
            env.Map = PulseDigitMap.Sweden;
            PulseDialProperty.AssertExact(23, 1500, env, new LineTimings { PulseDigits = PulseDigitMap.Sweden });
            env.Map = PulseDigitMap.NewZealand;
            PulseDialProperty.AssertExact(29, 1500, env, new LineTimings { PulseDigits = PulseDigitMap.NewZealand });
        }

        [TestMethod]
        public void Property_harness_detects_a_decoder_outside_its_envelope()
        {
            // Guards the harness itself: 4-5 pps gives breaks over PulseBreakMaxMs and must be caught.
            PulseDialProperty.Envelope env = Envelope();
            env.MinPps = 4;
            env.MaxPps = 5;
            env.JitterMs = 15;
            Assert.IsNotNull(PulseDialProperty.Run(31, 500, env));
        }
    }
}
