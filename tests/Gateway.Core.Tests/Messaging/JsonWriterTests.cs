using System;
using System.Text;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The platform-calendar oracle and the allocation counter exist only on .NET: those
    /// tests are in JsonWriterTests.Host.cs, not on the device.</summary>
    [TestClass]
    public partial class JsonWriterTests
    {
        private static string Text(JsonWriter w)
        {
            return Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
        }

        private static string Time(long unixMs)
        {
            JsonWriter w = new JsonWriter();
            w.UtcTime(unixMs);
            return Text(w);
        }

        private static bool Throws(Action action)
        {
            try { action(); }
            catch (InvalidOperationException) { return true; }
            catch (ArgumentException) { return true; }
            return false;
        }

        [TestMethod]
        public void Object_members_are_separated_by_commas_without_spaces()
        {
            JsonWriter w = new JsonWriter();
            w.BeginObject();
            w.Int("a", 1);
            w.Bool("b", true);
            w.Null("c");
            w.String("d", "x");
            w.EndObject();
            Assert.AreEqual("{\"a\":1,\"b\":true,\"c\":null,\"d\":\"x\"}", Text(w));
            Assert.IsTrue(w.IsComplete);
        }

        [TestMethod]
        public void Nested_arrays_and_objects_get_their_own_commas()
        {
            JsonWriter w = new JsonWriter();
            w.BeginArray();
            w.BeginObject(); w.Name("k"); w.BeginArray(); w.Int(1); w.Int(2); w.EndArray(); w.EndObject();
            w.BeginObject(); w.EndObject();
            w.Bool(false);
            w.EndArray();
            Assert.AreEqual("[{\"k\":[1,2]},{},false]", Text(w));
        }

        [TestMethod]
        public void Null_string_is_written_as_json_null()
        {
            JsonWriter w = new JsonWriter();
            w.BeginObject();
            w.String("rule", null);
            w.EndObject();
            Assert.AreEqual("{\"rule\":null}", Text(w));
        }

        [TestMethod]
        public void Quotes_backslashes_and_control_characters_are_escaped()
        {
            JsonWriter w = new JsonWriter();
            w.String("a\"b\\c\nd\re\tf\bg\fh\u0001i\u001f");
            Assert.AreEqual("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001f\"", Text(w));
        }

        [TestMethod]
        public void Non_ascii_text_is_encoded_as_utf8()
        {
            JsonWriter w = new JsonWriter();
            w.String("é中\U0001F4DE");
            byte[] expected = Encoding.UTF8.GetBytes("\"é中\U0001F4DE\"");
            Assert.AreEqual(expected.Length, w.Length);
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], w.Buffer[i], "byte " + i);
        }

        [TestMethod]
        public void Lone_surrogate_becomes_the_replacement_character()
        {
            JsonWriter w = new JsonWriter();
            w.String("a\ud800b");
            Assert.AreEqual("\"a\ufffdb\"", Text(w));
        }

        [TestMethod]
        public void Char_range_is_written_like_the_equal_string()
        {
            JsonWriter w = new JsonWriter();
            w.String("x1\"2\U0001F4DE3y".ToCharArray(), 1, 6);
            Assert.AreEqual("\"1\\\"2\U0001F4DE3\"", Text(w));
        }

        [TestMethod]
        public void Integers_cover_the_whole_long_range()
        {
            JsonWriter w = new JsonWriter();
            w.BeginArray();
            w.Int(0); w.Int(7); w.Int(-7); w.Int(1234567890123L); w.Int(long.MaxValue); w.Int(long.MinValue);
            w.EndArray();
            Assert.AreEqual("[0,7,-7,1234567890123,9223372036854775807,-9223372036854775808]", Text(w));
        }

        [TestMethod]
        public void Unix_epoch_is_written_with_milliseconds_and_Z()
        {
            Assert.AreEqual("\"1970-01-01T00:00:00.000Z\"", Time(0));
        }

        [TestMethod]
        public void Leap_day_and_the_day_after_are_dated_correctly()
        {
            Assert.AreEqual("\"2024-02-29T23:59:59.999Z\"", Time(1709251199999L));
            Assert.AreEqual("\"2024-03-01T00:00:00.000Z\"", Time(1709251200000L));
        }

        [TestMethod]
        public void Times_before_the_epoch_round_down_to_the_previous_day()
        {
            Assert.AreEqual("\"1969-12-31T23:59:59.999Z\"", Time(-1));
        }

        [TestMethod]
        public void Times_match_DateTime_for_random_instants_from_1601_to_3000()
        {
            // The runtime's own calendar as the oracle, on the device too: nanoCLR's DateTime covers
            // 1601-3000 (nf-interpreter corlib_native_System_DateTime.cpp); the host-only half checks
            // the whole range against .NET's formatting.
            const long From = -11644473600000L, To = 32535216000000L; // 1601-01-01, 3001-01-01
            DateTime epoch = new DateTime(1970, 1, 1, 0, 0, 0);
            const int seed = 20261130;
            SeededRandom random = new SeededRandom(seed);
            int trials = PropertyTrials.Of(20000);
            for (int i = 0; i < trials; i++)
            {
                long ms = From + (long)(random.NextDouble() * (To - From));
                DateTime t = epoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);
                string expected = "\"" + t.Year.ToString("D4") + "-" + t.Month.ToString("D2") + "-" + t.Day.ToString("D2")
                    + "T" + t.Hour.ToString("D2") + ":" + t.Minute.ToString("D2") + ":" + t.Second.ToString("D2")
                    + "." + t.Millisecond.ToString("D3") + "Z\"";
                Assert.AreEqual(expected, Time(ms), "seed " + seed + ", ms " + ms);
            }
        }

        [TestMethod]
        public void Extreme_years_are_four_digits()
        {
            Assert.AreEqual("\"0001-01-01T00:00:00.000Z\"", Time(-62135596800000L));
            Assert.AreEqual("\"9999-12-31T23:59:59.999Z\"", Time(253402300799999L));
            Assert.IsTrue(Throws(() => Time(253402300800000L)));
        }

        [TestMethod]
        public void Value_inside_an_object_without_a_name_is_refused()
        {
            JsonWriter w = new JsonWriter();
            w.BeginObject();
            Assert.IsTrue(Throws(() => w.Int(1)));
        }

        [TestMethod]
        public void Closing_the_wrong_container_is_refused()
        {
            JsonWriter w = new JsonWriter();
            w.BeginArray();
            Assert.IsTrue(Throws(() => w.EndObject()));
        }

        [TestMethod]
        public void Second_top_level_value_is_refused_until_reset()
        {
            JsonWriter w = new JsonWriter();
            w.Int(1);
            Assert.IsTrue(Throws(() => w.Int(2)));
            w.Reset();
            w.Int(3);
            Assert.AreEqual("3", Text(w));
        }

        [TestMethod]
        public void Nesting_deeper_than_the_limit_is_refused()
        {
            JsonWriter w = new JsonWriter();
            for (int i = 0; i < JsonWriter.MaxDepth; i++) w.BeginArray();
            Assert.IsTrue(Throws(() => w.BeginArray()));
        }

        [TestMethod]
        public void Buffer_grows_for_a_large_document_and_keeps_the_earlier_bytes()
        {
            JsonWriter w = new JsonWriter(16);
            string longText = new string('x', 1000);
            w.BeginArray();
            w.Int(42);
            w.String(longText);
            w.EndArray();
            Assert.AreEqual("[42,\"" + longText + "\"]", Text(w));
        }
    }
}
