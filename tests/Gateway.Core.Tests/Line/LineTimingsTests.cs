using System;
using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Installer-overridable timings are checked before a decoder uses them.</summary>
    [TestClass]
    public class LineTimingsTests
    {
        [TestMethod]
        public void Defaults_are_valid()
        {
            Assert.IsNull(new LineTimings().Validate());
        }

        [TestMethod]
        public void Flash_minimum_must_exceed_the_longest_pulse_break()
        {
            string reason = new LineTimings { FlashMinMs = 135 }.Validate();
            Assert.IsNotNull(reason);
            Assert.IsTrue(reason.Contains("FlashMinMs") && reason.Contains("PulseBreakMaxMs"), reason);
        }

        [TestMethod]
        public void Without_pulse_dialling_the_flash_minimum_need_only_exceed_the_debounce()
        {
            Assert.IsNull(new LineTimings { PulseDialling = false, FlashMinMs = 60 }.Validate());
            string reason = new LineTimings { PulseDialling = false, FlashMinMs = 20 }.Validate();
            Assert.IsTrue(reason != null && reason.Contains("FlashMinMs") && reason.Contains("DebounceMs"), reason);
        }

        [TestMethod]
        public void Flash_maximum_must_not_be_below_the_flash_minimum()
        {
            string reason = new LineTimings { FlashMaxMs = 139 }.Validate();
            Assert.IsTrue(reason != null && reason.Contains("FlashMaxMs"), reason);
        }

        [TestMethod]
        public void Debounce_must_be_at_most_half_the_shortest_jittered_pulse_period()
        {
            Assert.IsNull(new LineTimings { DebounceMs = 20 }.Validate());
            string reason = new LineTimings { DebounceMs = 21 }.Validate();
            Assert.IsTrue(reason != null && reason.Contains("DebounceMs"), reason);
        }

        [TestMethod]
        public void Negative_debounce_is_refused()
        {
            string reason = new LineTimings { DebounceMs = -1 }.Validate();
            Assert.IsTrue(reason != null && reason.Contains("DebounceMs"), reason);
        }

        [TestMethod]
        public void Pulse_map_must_list_ten_distinct_digits()
        {
            Assert.IsTrue(new LineTimings { PulseDigits = "123456789" }.Validate().Contains("PulseDigits"));
            Assert.IsTrue(new LineTimings { PulseDigits = "1234567891" }.Validate().Contains("twice"));
            Assert.IsTrue(new LineTimings { PulseDigits = "123456789*" }.Validate().Contains("0-9"));
            Assert.IsTrue(new LineTimings { PulseDigits = null }.Validate().Contains("PulseDigits"));
        }

        [TestMethod]
        public void National_maps_are_valid()
        {
            Assert.IsNull(new LineTimings { PulseDigits = PulseDigitMap.Sweden }.Validate());
            Assert.IsNull(new LineTimings { PulseDigits = PulseDigitMap.NewZealand }.Validate());
        }

        [TestMethod]
        public void Ring_stop_must_exceed_the_burst_gap()
        {
            string reason = new LineTimings { RingStopAfterMs = 100 }.Validate();
            Assert.IsTrue(reason != null && reason.Contains("RingStopAfterMs"), reason);
        }

        [TestMethod]
        public void Decoder_refuses_invalid_timings_with_the_reason()
        {
            try
            {
                new LineSignalDecoder(new LineTimings { FlashMinMs = 100 }, new LineEventRecorder());
                Assert.IsTrue(false, "expected ArgumentException");
            }
            catch (ArgumentException e)
            {
                Assert.IsTrue(e.Message.Contains("FlashMinMs"), e.Message);
            }
        }

        [TestMethod]
        public void Decoder_keeps_its_own_copy_of_the_timings()
        {
            LineTimings t = new LineTimings();
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(t, rec);
            t.FlashMaxMs = 200;
            d.OnHookLevel(true, 0);
            d.OnHookLevel(false, 1000);
            d.OnHookLevel(true, 1300);
            Assert.AreEqual("OffHook@0 Flash@1300", rec.Describe());
        }
    }
}
