using Gateway.Core.Line;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>MT8870 strobe decoding through the composed decoder (DtmfMinStrobeMs = 10).</summary>
    [TestClass]
    public class DtmfDecoderTests
    {
        [TestMethod]
        public void Code_table_follows_the_MT8870_datasheet()
        {
            Assert.AreEqual("D1234567890*#ABC", Keys(0, 16));
        }

        private static string Keys(int from, int count)
        {
            string s = "";
            for (int c = from; c < from + count; c++) s += Mt8870Code.KeyFor(c);
            return s;
        }

        [TestMethod]
        public void Code_for_a_key_is_the_inverse_of_the_table_and_minus_one_for_other_characters()
        {
            for (int code = 0; code < 16; code++)
                Assert.AreEqual(code, Mt8870Code.CodeFor(Mt8870Code.KeyFor(code)), "code " + code);
            Assert.AreEqual(-1, Mt8870Code.CodeFor('R'));
            Assert.AreEqual(-1, Mt8870Code.CodeFor('a'));
        }

        [TestMethod]
        public void Only_the_four_Q_bits_select_the_key()
        {
            Assert.AreEqual('5', Mt8870Code.KeyFor(0x35));
        }

        [TestMethod]
        public void Every_key_dialled_off_hook_is_reported_as_dtmf()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).DtmfKeys("1234567890*#ABCD", 1000).Decode();
            Assert.AreEqual("1234567890*#ABCD", rec.Digits());
        }

        [TestMethod]
        public void Strobe_of_9_ms_is_a_glitch()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).Dtmf('5', 1000, 9).Decode();
            Assert.AreEqual("OffHook@0", rec.Describe());
        }

        [TestMethod]
        public void Strobe_of_10_ms_is_a_key_stamped_at_rise_plus_minimum()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).Dtmf('5', 1000, 10).Decode();
            Assert.AreEqual("OffHook@0 Digit:5/Dtmf@1010", rec.Describe());
        }

        [TestMethod]
        public void Long_strobe_is_one_key_stamped_at_rise_plus_minimum()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).Dtmf('#', 1000, 400).Decode();
            Assert.AreEqual("OffHook@0 Digit:#/Dtmf@1010", rec.Describe());
        }

        [TestMethod]
        public void Key_time_does_not_depend_on_how_often_tick_runs()
        {
            LineEventRecorder sparse = new LineEventRecorder();
            LineSignalDecoder a = new LineSignalDecoder(new LineTimings(), sparse);
            a.OnHookLevel(true, 0);
            a.Tick(500);
            a.OnDtmfStrobe(true, 7, 1000);
            a.OnDtmfStrobe(false, 7, 1060);

            LineEventRecorder dense = new LineEventRecorder();
            LineSignalDecoder b = new LineSignalDecoder(new LineTimings(), dense);
            b.OnHookLevel(true, 0);
            for (long t = 1; t < 1000; t++) b.Tick(t);
            b.OnDtmfStrobe(true, 7, 1000);
            for (long t = 1000; t < 1060; t++) b.Tick(t);
            b.OnDtmfStrobe(false, 7, 1060);

            Assert.AreEqual("OffHook@0 Digit:7/Dtmf@1010", sparse.Describe());
            Assert.AreEqual(sparse.Describe(), dense.Describe());
        }

        [TestMethod]
        public void Code_is_latched_on_the_rising_edge()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            d.OnHookLevel(true, 0);
            d.OnDtmfStrobe(true, 3, 1000);
            d.OnDtmfStrobe(false, 9, 1060);
            Assert.AreEqual("3", rec.Digits());
        }

        [TestMethod]
        public void Repeated_high_report_is_not_a_second_key()
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder d = new LineSignalDecoder(new LineTimings(), rec);
            d.OnHookLevel(true, 0);
            d.OnDtmfStrobe(true, 3, 1000);
            d.OnDtmfStrobe(true, 3, 1030);
            d.OnDtmfStrobe(false, 3, 1060);
            Assert.AreEqual("3", rec.Digits());
        }

        [TestMethod]
        public void Keys_on_hook_are_not_dialled_digits()
        {
            // e.g. DTMF caller ID from the exchange before ringing.
            LineEventRecorder rec = LineTrace.Start().DtmfKeys("123", 1000).Decode();
            Assert.AreEqual("", rec.Describe());
        }

        [TestMethod]
        public void Dtmf_and_pulse_digits_interleave_in_time_order()
        {
            LineEventRecorder rec = LineTrace.Start().OffHookAt(0).Dtmf('1', 1000).DialPulses("2", 10, 60, 2000).Dtmf('3', 3000).Decode();
            Assert.AreEqual("OffHook Digit:1/Dtmf Digit:2/Pulse Digit:3/Dtmf", rec.Kinds());
        }
    }
}
