using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Pulse dialling stays exact across the whole guaranteed envelope (docs/line-signalling.md).</summary>
    [TestClass]
    public class PulseDialPropertyTests
    {
        [TestMethod]
        public void Clean_edges_decode_exactly_across_7_to_14_pps_and_55_to_72_percent()
        {
            PulseDialProperty.Envelope env = new PulseDialProperty.Envelope { JitterMs = 0 };
            Assert.IsNull(PulseDialProperty.Run(20261125, 2000, env));
        }

        [TestMethod]
        public void Edges_jittered_by_15_ms_decode_exactly_across_the_envelope()
        {
            PulseDialProperty.Envelope env = new PulseDialProperty.Envelope { JitterMs = 15 };
            Assert.IsNull(PulseDialProperty.Run(7, 5000, env));
        }

        [TestMethod]
        public void Bounce_bursts_shorter_than_debounce_decode_exactly_across_the_envelope()
        {
            PulseDialProperty.Envelope env = new PulseDialProperty.Envelope { JitterMs = 0, BounceMs = 8, BounceChance = 1.0 };
            Assert.IsNull(PulseDialProperty.Run(11, 3000, env));
        }

        [TestMethod]
        public void Jitter_and_bounce_together_decode_exactly_across_the_envelope()
        {
            PulseDialProperty.Envelope env = new PulseDialProperty.Envelope { JitterMs = 15, BounceMs = 8, BounceChance = 0.5 };
            Assert.IsNull(PulseDialProperty.Run(13, 5000, env));
        }
    }
}
