using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Ring-sense cadence (RingBurstGapMs 100, RingMinBurstMs 200, RingStopAfterMs 5000).</summary>
    [TestClass]
    public class RingCadenceDetectorTests
    {
        [TestMethod]
        public void China_cadence_from_a_raw_25_hz_opto_is_one_ringing_period()
        {
            LineEventRecorder rec = LineTrace.Start().RingCadence(1000, 4, 1000, 4000, hz: 25).Decode();
            Assert.AreEqual("RingStart RingStop", rec.Kinds());
        }

        [TestMethod]
        public void North_America_cadence_from_a_raw_20_hz_opto_is_one_ringing_period()
        {
            LineEventRecorder rec = LineTrace.Start().RingCadence(1000, 3, 2000, 4000, hz: 20).Decode();
            Assert.AreEqual("RingStart RingStop", rec.Kinds());
        }

        [TestMethod]
        public void Rectified_ring_level_works_the_same()
        {
            LineEventRecorder rec = LineTrace.Start().RingCadence(1000, 3, 1000, 4000).Decode();
            Assert.AreEqual("RingStart@1000 RingStop@12000", rec.Describe());
        }

        [TestMethod]
        public void Ring_start_is_stamped_at_the_first_edge_of_the_burst()
        {
            LineEventRecorder rec = LineTrace.Start().RingBurst(1000, 1000, hz: 25).Decode();
            Assert.AreEqual(1000L, rec.Time(rec.IndexOf(LineEventKind.RingStart)));
        }

        [TestMethod]
        public void Burst_of_199_ms_is_not_ringing()
        {
            LineEventRecorder rec = LineTrace.Start().RingBurst(1000, 199).Decode();
            Assert.AreEqual("", rec.Describe());
        }

        [TestMethod]
        public void Burst_of_200_ms_is_ringing()
        {
            LineEventRecorder rec = LineTrace.Start().RingBurst(1000, 200).Decode();
            Assert.AreEqual("RingStart@1000 RingStop@1200", rec.Describe());
        }

        [TestMethod]
        public void Gap_of_100_ms_between_edges_stays_in_one_burst()
        {
            LineEventRecorder rec = LineTrace.Start().RingBurst(1000, 150).RingBurst(1250, 100).Decode();
            Assert.AreEqual("RingStart@1000", rec.Describe().Substring(0, "RingStart@1000".Length));
        }

        [TestMethod]
        public void Gap_of_101_ms_between_edges_splits_the_burst()
        {
            LineEventRecorder rec = LineTrace.Start().RingBurst(1000, 150).RingBurst(1251, 100).Decode();
            Assert.AreEqual("", rec.Describe());
        }

        [TestMethod]
        public void Silence_of_5000_ms_keeps_ringing()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            LineTrace.Start().RingBurst(1000, 1000).Play(d);
            d.Tick(7000);
            Assert.AreEqual("RingStart@1000", rec.Describe());
        }

        [TestMethod]
        public void Silence_over_5000_ms_stops_ringing_stamped_at_the_end_of_the_last_burst()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            LineTrace.Start().RingBurst(1000, 1000).Play(d);
            d.Tick(7001);
            Assert.AreEqual("RingStart@1000 RingStop@2000", rec.Describe());
        }

        [TestMethod]
        public void Answering_stops_ringing_at_the_off_hook()
        {
            LineEventRecorder rec = LineTrace.Start().RingCadence(1000, 2, 1000, 4000, hz: 25).OffHookAt(6500).Decode();
            Assert.AreEqual("RingStart@1000 RingStop@6500 OffHook@6500", rec.Describe());
        }

        [TestMethod]
        public void Ring_sense_is_ignored_while_off_hook()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).RingBurst(1000, 1000, hz: 25).Decode();
            Assert.AreEqual("OffHook@0", rec.Describe());
        }

        [TestMethod]
        public void Ringing_after_a_hang_up_is_detected_again()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).OnHookAt(1000).RingBurst(3000, 1000, hz: 25).Decode();
            Assert.AreEqual("OffHook OnHook RingStart RingStop", rec.Kinds());
        }
    }
}
