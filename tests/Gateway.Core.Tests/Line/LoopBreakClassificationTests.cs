using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Every hook-sense classification boundary, with default timings (docs/line-signalling.md).</summary>
    [TestClass]
    public class LoopBreakClassificationTests
    {
        private static LineEventRecorder OffHookThenBreak(long breakMs)
        {
            return LineTrace.Start().OffHookAt(0).BreakLoop(2000, breakMs).Decode();
        }

        [TestMethod]
        public void Loop_closed_99_ms_from_idle_is_not_an_off_hook()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(1000).OnHookAt(1099).Decode();
            Assert.AreEqual("", rec.Describe());
        }

        [TestMethod]
        public void Loop_closed_100_ms_from_idle_is_an_off_hook_stamped_at_the_closure()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(1000).OnHookAt(1100).Decode();
            Assert.AreEqual("OffHook@1000 OnHook@1100", rec.Describe());
        }

        private static readonly LineTimings SpikeFilter = new LineTimings { PulseBreakMinMs = 8 };

        [TestMethod]
        public void Without_spike_filter_a_1_ms_break_is_a_pulse()
        {
            // Default: jitter plus bounce can make a real 14 pps break measure only a few ms.
            Assert.AreEqual("OffHook Digit:1/Pulse", OffHookThenBreak(1).Kinds());
        }

        [TestMethod]
        public void With_spike_filter_of_8_ms_an_open_spike_of_7_ms_is_noise()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 7).Decode(SpikeFilter);
            Assert.AreEqual("OffHook@0", rec.Describe());
        }

        [TestMethod]
        public void With_spike_filter_of_8_ms_a_break_of_8_ms_is_a_pulse()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 8).Decode(SpikeFilter);
            Assert.AreEqual("OffHook Digit:1/Pulse", rec.Kinds());
        }

        [TestMethod]
        public void Real_break_shortened_to_5_ms_by_bounce_and_jitter_still_counts()
        {
            // 14 pps / 72 %: make reported 18 ms, its open edge bounces for 19 ms (window ends while
            // bounced closed), the break is reported 24 ms: the debounced break measures 5 ms.
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .Hook(false, 1000).Hook(true, 1051)
                .Hook(false, 1069).Hook(true, 1070).Hook(false, 1088)
                .Hook(true, 1093).Decode();
            Assert.AreEqual("2", rec.Digits());
        }

        [TestMethod]
        public void Break_of_135_ms_is_a_pulse()
        {
            Assert.AreEqual("OffHook Digit:1/Pulse", OffHookThenBreak(135).Kinds());
        }

        [TestMethod]
        public void Break_of_136_ms_is_neither_pulse_nor_flash()
        {
            Assert.AreEqual("OffHook", OffHookThenBreak(136).Kinds());
        }

        [TestMethod]
        public void Break_of_139_ms_is_neither_pulse_nor_flash()
        {
            Assert.AreEqual("OffHook", OffHookThenBreak(139).Kinds());
        }

        [TestMethod]
        public void Break_of_140_ms_is_a_flash()
        {
            Assert.AreEqual("OffHook@0 Flash@2140", OffHookThenBreak(140).Describe());
        }

        [TestMethod]
        public void Break_of_600_ms_is_a_flash()
        {
            Assert.AreEqual("OffHook@0 Flash@2600", OffHookThenBreak(600).Describe());
        }

        // A DTMF-only line whose exchange recalls with a 100 ms timed break (the R key).
        private static LineTimings TimedBreakRecall()
        {
            LineTimings t = new LineTimings();
            t.PulseDialling = false;
            t.FlashMinMs = 60;
            return t;
        }

        [TestMethod]
        public void With_default_timings_a_100_ms_timed_break_recall_reads_as_the_digit_1()
        {
            Assert.AreEqual("OffHook Digit:1/Pulse", OffHookThenBreak(100).Kinds());
        }

        [TestMethod]
        public void Without_pulse_dialling_a_100_ms_timed_break_is_a_flash()
        {
            Assert.IsNull(TimedBreakRecall().Validate());
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 100).Decode(TimedBreakRecall());
            Assert.AreEqual("OffHook@0 Flash@2100", rec.Describe());
        }

        [TestMethod]
        public void Without_pulse_dialling_breaks_shorter_than_a_flash_are_ignored_and_long_ones_still_hang_up()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 59).BreakLoop(3000, 30).Decode(TimedBreakRecall());
            Assert.AreEqual("OffHook", rec.Kinds());
            rec = LineTrace.Start().OffHookAt(0).BreakLoop(2000, 601).Decode(TimedBreakRecall());
            Assert.AreEqual("OffHook@0 OnHook@2000 OffHook@2601", rec.Describe());
        }

        [TestMethod]
        public void Break_of_601_ms_is_a_hang_up_stamped_when_the_loop_opened()
        {
            Assert.AreEqual("OffHook@0 OnHook@2000 OffHook@2601", OffHookThenBreak(601).Describe());
        }

        [TestMethod]
        public void Hang_up_is_reported_by_tick_only_once_the_break_exceeds_flash_max()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            d.OnHookLevel(true, 0);
            d.OnHookLevel(false, 2000);
            d.Tick(2600);
            Assert.AreEqual("OffHook@0", rec.Describe());
            d.Tick(2601);
            Assert.AreEqual("OffHook@0 OnHook@2000", rec.Describe());
        }

        [TestMethod]
        public void Hang_up_is_reported_by_the_next_edge_when_no_tick_came()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            d.OnHookLevel(true, 0);
            d.Tick(100);
            d.OnHookLevel(false, 2000);
            d.OnHookLevel(true, 9000);
            Assert.AreEqual("OffHook@0 OnHook@2000", rec.Describe());
        }

        [TestMethod]
        public void Make_of_149_ms_keeps_the_pulse_digit_open()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 2, 60, 149).Decode();
            Assert.AreEqual("2", rec.Digits());
        }

        [TestMethod]
        public void Make_of_150_ms_ends_the_pulse_digit()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 2, 60, 150).Decode();
            Assert.AreEqual("11", rec.Digits());
        }

        [TestMethod]
        public void Pulse_digit_ends_where_a_flash_starts()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 3, 60, 40).BreakLoop(1300, 300).Decode();
            Assert.AreEqual("OffHook@0 Digit:3/Pulse@1300 Flash@1600", rec.Describe());
        }

        [TestMethod]
        public void Pulse_digit_ends_where_a_hang_up_starts()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 3, 60, 40).OnHookAt(1300).Decode();
            Assert.AreEqual("OffHook@0 Digit:3/Pulse@1300 OnHook@1300", rec.Describe());
        }

        [TestMethod]
        public void Pulse_digit_ends_where_an_unclassifiable_break_starts()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 3, 60, 40).BreakLoop(1300, 137).Decode();
            Assert.AreEqual("OffHook@0 Digit:3/Pulse@1300", rec.Describe());
        }

        [TestMethod]
        public void With_spike_filter_an_open_spike_inside_the_inter_digit_pause_does_not_delay_the_digit()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 1, 60, 0).BreakLoop(1140, 5).Decode(SpikeFilter);
            Assert.AreEqual("OffHook@0 Digit:1/Pulse@1210", rec.Describe());
        }

        [TestMethod]
        public void Eleven_breaks_are_no_digit_and_are_dropped()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 11, 60, 40).Decode();
            Assert.AreEqual("OffHook", rec.Kinds());
        }

        [TestMethod]
        public void Swedish_map_dials_0_with_one_break_and_9_with_ten()
        {
            LineTimings t = new LineTimings { PulseDigits = PulseDigitMap.Sweden };
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .PulseTrain(1000, 1, 60, 40).PulseTrain(2000, 10, 60, 40).Decode(t);
            Assert.AreEqual("09", rec.Digits());
        }

        [TestMethod]
        public void New_Zealand_map_dials_9_with_one_break_and_0_with_ten()
        {
            LineTimings t = new LineTimings { PulseDigits = PulseDigitMap.NewZealand };
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .PulseTrain(1000, 1, 60, 40).PulseTrain(2000, 10, 60, 40).Decode(t);
            Assert.AreEqual("90", rec.Digits());
        }

        [TestMethod]
        public void Fourteen_pps_at_72_percent_with_makes_reported_as_0_ms_still_counts_every_pulse()
        {
            // Worst jitter corner: each 20 ms make reported with both edges at the same time.
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).PulseTrain(1000, 5, 51, 0).Decode();
            Assert.AreEqual("5", rec.Digits());
        }

        [TestMethod]
        public void Closed_bounce_ending_19_ms_into_a_break_is_absorbed()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .Hook(false, 1000).Hook(true, 1010).Hook(false, 1019).Hook(true, 1060).Decode();
            Assert.AreEqual("1", rec.Digits());
        }

        [TestMethod]
        public void Closed_blip_ending_20_ms_into_a_break_is_a_make_between_two_pulses()
        {
            // The limit: a blip lasting past the debounce window is indistinguishable from a real make
            // that jitter shortened (14 pps at 72 % leaves 20 ms of make; jitter can report it as 0 ms).
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .Hook(false, 1000).Hook(true, 1010).Hook(false, 1020).Hook(true, 1060).Decode();
            Assert.AreEqual("2", rec.Digits());
        }

        [TestMethod]
        public void Open_bounce_right_after_a_break_ends_is_absorbed()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0)
                .Hook(false, 1000).Hook(true, 1060).Hook(false, 1062).Hook(true, 1067).Decode();
            Assert.AreEqual("OffHook@0 Digit:1/Pulse@1210", rec.Describe());
        }

        [TestMethod]
        public void Input_stamped_earlier_than_one_already_seen_is_taken_at_the_latest_time()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            d.OnHookLevel(true, 1000);
            d.Tick(1200);
            d.OnHookLevel(false, 900);
            d.Tick(1801);
            Assert.AreEqual("OffHook@1000 OnHook@1200", rec.Describe());
        }
    }
}
