using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>End-to-end behaviour of the composed decoder with default timings.</summary>
    [TestClass]
    public class LineSignalDecoderTests
    {
        [TestMethod]
        public void Off_hook_pulse_dialled_number_and_hang_up_are_reported_in_order()
        {
            LineEventRecorder rec = LineTrace.Start()
                .OffHookAt(0)
                .DialPulses("123", 10, 60, fromMs: 1000)
                .OnHookAt(5000)
                .Decode();

            Assert.AreEqual("OffHook Digit:1/Pulse Digit:2/Pulse Digit:3/Pulse OnHook", rec.Kinds());
        }

        [TestMethod]
        public void Off_hook_is_stamped_when_the_loop_closed()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(250).Decode();

            Assert.AreEqual("OffHook@250", rec.Describe());
        }

        [TestMethod]
        public void On_hook_is_stamped_when_the_loop_opened()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).OnHookAt(3000).Decode();

            Assert.AreEqual("OffHook@0 OnHook@3000", rec.Describe());
        }

        [TestMethod]
        public void Pulse_digit_is_stamped_at_last_make_plus_inter_digit_pause()
        {
            // "2" at 10 pps 60 %: breaks 1000-1060 and 1100-1160; the pause ends at 1160 + 150.
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).DialPulses("2", 10, 60, fromMs: 1000).Decode();

            Assert.AreEqual("OffHook@0 Digit:2/Pulse@1310", rec.Describe());
        }

        [TestMethod]
        public void Ten_pulses_dial_zero()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).DialPulses("0", 10, 60, fromMs: 1000).Decode();

            Assert.AreEqual("0", rec.Digits());
        }

        [TestMethod]
        public void Dtmf_keys_are_reported_with_their_source()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).DtmfKeys("110*#", fromMs: 1000).Decode();

            Assert.AreEqual("110*#", rec.Digits());
            Assert.AreEqual(DialSource.Dtmf, rec.Source(rec.IndexOf(LineEventKind.Digit)));
        }

        [TestMethod]
        public void Hook_flash_is_reported_when_the_loop_closes_again()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 300).Decode();

            Assert.AreEqual("OffHook@0 Flash@2300", rec.Describe());
        }

        [TestMethod]
        public void Ringing_cadence_starts_and_stops()
        {
            LineEventRecorder rec = LineTrace.Start().RingCadence(0, 3, 1000, 4000, hz: 25).Decode();

            Assert.AreEqual("RingStart RingStop", rec.Kinds());
        }
    }
}
