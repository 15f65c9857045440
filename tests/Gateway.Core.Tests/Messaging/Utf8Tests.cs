using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Text that reaches the box at run time (an MQTT payload, the journal, chars put together
    /// in code) goes out as the same bytes on nanoCLR as on .NET, or is replaced the same way on both.
    /// On the device list: nanoCLR keeps strings as UTF-8, its String indexer returns the high
    /// surrogate twice for a pair, and its strings end at the first NUL (docs/nanoframework.md,
    /// "Found on nanoCLR").</summary>
    [TestClass]
    public class Utf8Tests
    {
        // a, e-acute (2 bytes), U+4E2D (3 bytes), U+1F4DE (4 bytes, a surrogate pair in UTF-16), z.
        private static readonly byte[] Mixed = { 0x61, 0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x93, 0x9E, 0x7A };

        private static void AssertBytes(byte[] expected, byte[] actual, int actualLength, string what)
        {
            string e = "", a = "";
            for (int i = 0; i < expected.Length; i++) e += expected[i].ToString("X2") + " ";
            for (int i = 0; i < actualLength; i++) a += actual[i].ToString("X2") + " ";
            Assert.AreEqual(e, a, what);
        }

        private static byte[] Quoted(byte[] b)
        {
            byte[] q = new byte[b.Length + 2];
            q[0] = (byte)'"';
            for (int i = 0; i < b.Length; i++) q[i + 1] = b[i];
            q[q.Length - 1] = (byte)'"';
            return q;
        }

        private static void AssertOnTheWire(byte[] expected, string s)
        {
            Assert.AreEqual(expected.Length, Utf8.ByteCount(s), "ByteCount");
            byte[] b = Utf8.GetBytes(s);
            AssertBytes(expected, b, b.Length, "Utf8.GetBytes");
            JsonWriter w = new JsonWriter();
            w.String(s);
            AssertBytes(Quoted(expected), w.Buffer, w.Length, "JsonWriter.String");
        }

        [TestMethod]
        public void Text_decoded_from_a_payload_goes_out_as_the_same_bytes()
        {
            string s = Utf8.GetString(Mixed, 0, Mixed.Length);
            Assert.AreEqual(6, s.Length, "U+1F4DE is two UTF-16 units on both runtimes");
            AssertOnTheWire(Mixed, s);
        }

        [TestMethod]
        public void Text_unescaped_from_json_goes_out_as_the_same_bytes()
        {
            byte[] json = Utf8.GetBytes("[\"a\\u00e9\\u4e2d\\ud83d\\udcdez\"]");
            JsonReader r = new JsonReader(json, 0, json.Length, 4);
            Assert.IsTrue(r.Read() == JsonToken.StartArray, "start array");
            Assert.IsTrue(r.Read() == JsonToken.String, "string");
            AssertOnTheWire(Mixed, r.GetString());
        }

        [TestMethod]
        public void A_surrogate_pair_put_together_from_chars_goes_out_as_one_four_byte_sequence()
        {
            string s = new string(new[] { 'a', (char)0xD83D, (char)0xDCDE, 'z' });
            Assert.AreEqual(4, s.Length);
            AssertOnTheWire(new byte[] { 0x61, 0xF0, 0x9F, 0x93, 0x9E, 0x7A }, s);
        }

        [TestMethod]
        public void Both_halves_of_a_pair_come_back_from_ToCharArray()
        {
            // What Utf8.CodePointAt relies on: s[2] is 0xD83D again on nanoCLR, this is not.
            string s = Utf8.GetString(Mixed, 0, Mixed.Length);
            char[] pair = s.ToCharArray(3, 2);
            Assert.AreEqual(0xD83D, (int)pair[0]);
            Assert.AreEqual(0xDCDE, (int)pair[1]);
            Assert.AreEqual(0x1F4DE, Utf8.CodePointAt(s, 3));
            Assert.AreEqual((int)'z', Utf8.CodePointAt(s, 5));
        }

        [TestMethod]
        public void Unpaired_surrogates_go_out_as_the_replacement_character()
        {
            // nanoCLR replaces them with U+FFFD when it makes the string; .NET keeps them and Utf8
            // replaces them when encoding: the same bytes either way.
            string s = new string(new[] { 'a', (char)0xD800, 'b', (char)0xDC00, (char)0xD83D });
            AssertOnTheWire(new byte[] { 0x61, 0xEF, 0xBF, 0xBD, 0x62, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD }, s);
        }

        [TestMethod]
        public void Random_text_from_payloads_goes_out_as_the_bytes_that_came_in()
        {
            // Well-formed UTF-8 of random code points from every length class (none of U+0000,
            // which becomes U+FFFD, and no surrogates, which UTF-8 cannot carry), decoded as a
            // payload is, then encoded again and written as JSON and read back.
            const int seed = 20261130;
            SeededRandom random = new SeededRandom(seed);
            int trials = PropertyTrials.Of(2000);
            for (int trial = 0; trial < trials; trial++)
            {
                byte[] text = new byte[random.Next(12) * 4];
                int n = 0;
                while (n + 4 <= text.Length)
                {
                    int cp;
                    switch (random.Next(4))
                    {
                        case 0: cp = 1 + random.Next(0x7F); break;
                        case 1: cp = 0x80 + random.Next(0x800 - 0x80); break;
                        case 2: cp = 0x800 + random.Next(0xD800 - 0x800); break;
                        default: cp = 0x10000 + random.Next(0x110000 - 0x10000); break;
                    }
                    n = Utf8.WriteCodePoint(cp, text, n);
                }
                byte[] payload = new byte[n];
                for (int i = 0; i < n; i++) payload[i] = text[i];
                string where = "seed " + seed + " trial " + trial;
                string s = Utf8.GetString(payload, 0, n);
                Assert.IsNotNull(s, where);
                byte[] again = Utf8.GetBytes(s);
                AssertBytes(payload, again, again.Length, where + ": Utf8.GetBytes");
                JsonWriter w = new JsonWriter();
                w.String(s);
                JsonReader r = new JsonReader(w.Buffer, 0, w.Length, 4);
                Assert.IsTrue(r.Read() == JsonToken.String, where + ": JSON string");
                byte[] read = r.GetStringBytes();
                AssertBytes(payload, read, read.Length, where + ": through JSON");
            }
        }

        [TestMethod]
        public void A_nul_character_from_a_payload_becomes_the_replacement_character()
        {
            // A nanoCLR string ends at its first NUL: "v2\0x" would be "v2" there and pass checks the
            // whole text fails on .NET. Decoded text carries U+FFFD in its place on both.
            string raw = Utf8.GetString(new byte[] { 0x76, 0x32, 0x00, 0x78 }, 0, 4);
            Assert.AreEqual(4, raw.Length, "raw bytes");
            Assert.AreEqual((int)0xFFFD, (int)raw[2], "raw bytes");
            byte[] json = Utf8.GetBytes("[\"v2\\u0000x\"]");
            JsonReader r = new JsonReader(json, 0, json.Length, 4);
            r.Read();
            Assert.IsTrue(r.Read() == JsonToken.String, "string");
            string escaped = r.GetString();
            Assert.AreEqual(4, escaped.Length, "escaped");
            AssertOnTheWire(new byte[] { 0x76, 0x32, 0xEF, 0xBF, 0xBD, 0x78 }, escaped);
        }
    }
}
