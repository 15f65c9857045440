using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Whole calls written as text traces, read as the specification of what the call logic sees.</summary>
    [TestClass]
    public class LineTraceSpecTests
    {
        [TestMethod]
        public void Pulse_dialled_call_reports_off_hook_digits_and_hang_up()
        {
            LineEventRecorder rec = LineTrace.Parse("off at 0, dial pulses \"123\" at 10pps 60%, on at 5000").Decode();
            Assert.AreEqual("OffHook Digit:1/Pulse Digit:2/Pulse Digit:3/Pulse OnHook", rec.Kinds());
        }

        [TestMethod]
        public void Mixed_tone_and_pulse_call_with_a_transfer_flash()
        {
            LineEventRecorder rec = LineTrace.Parse(
                "off at 0, dtmf \"00\", dial pulses \"86\" at 8pps 67%, flash 300, dtmf \"2#\", on at 15000").Decode();
            Assert.AreEqual("OffHook Digit:0/Dtmf Digit:0/Dtmf Digit:8/Pulse Digit:6/Pulse Flash Digit:2/Dtmf Digit:#/Dtmf OnHook", rec.Kinds());
        }

        [TestMethod]
        public void Incoming_call_rings_until_answered()
        {
            LineEventRecorder rec = LineTrace.Parse("ring 1000/4000 x2 at 25Hz from 0, off at 6200, on at 60000").Decode();
            Assert.AreEqual("RingStart@0 RingStop@6200 OffHook@6200 OnHook@60000", rec.Describe());
        }

        [TestMethod]
        public void Fastest_dial_in_the_envelope_decodes()
        {
            LineEventRecorder rec = LineTrace.Parse("off at 0, dial pulses \"1190\" at 14pps 72% pause 200").Decode();
            Assert.AreEqual("1190", rec.Digits());
        }

        [TestMethod]
        public void Slowest_dial_in_the_envelope_decodes()
        {
            LineEventRecorder rec = LineTrace.Parse("off at 0, dial pulses \"1190\" at 7pps 72% pause 200").Decode();
            Assert.AreEqual("1190", rec.Digits());
        }
    }
}
