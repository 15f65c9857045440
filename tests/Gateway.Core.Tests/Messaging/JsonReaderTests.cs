using System;
using System.Text;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>The reference JSON parser and the allocation counter exist only on .NET:
    /// they are in JsonReaderTests.Host.cs, not on the device, which runs the fuzzing for crashes only.</summary>
    [TestClass]
    public partial class JsonReaderTests
    {
        private static JsonReader Reader(string json, int maxDepth = 16)
        {
            byte[] b = Encoding.UTF8.GetBytes(json);
            return new JsonReader(b, 0, b.Length, maxDepth);
        }

        /// <summary>Reads the whole document; returns null when accepted, else the error.</summary>
        private static string ReadAll(byte[] b, int maxDepth = 16)
        {
            JsonReader r = new JsonReader(b, 0, b.Length, maxDepth);
            for (int guard = 0; guard < b.Length + 4; guard++)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.Error) return r.Error ?? "error without reason";
                if (t == JsonToken.String || t == JsonToken.PropertyName) r.GetString();
                if (t == JsonToken.EndOfDocument) return null;
            }
            Assert.IsTrue(false, "reader did not finish " + b.Length + " bytes");
            return null;
        }

        private static string ReadAll(string json, int maxDepth = 16)
        {
            return ReadAll(Encoding.UTF8.GetBytes(json), maxDepth);
        }

        // Spelled out: an enum's ToString gives its number on the device.
        private static string Name(JsonToken t)
        {
            switch (t)
            {
                case JsonToken.None: return "None";
                case JsonToken.StartObject: return "StartObject";
                case JsonToken.EndObject: return "EndObject";
                case JsonToken.StartArray: return "StartArray";
                case JsonToken.EndArray: return "EndArray";
                case JsonToken.PropertyName: return "PropertyName";
                case JsonToken.String: return "String";
                case JsonToken.Number: return "Number";
                case JsonToken.True: return "True";
                case JsonToken.False: return "False";
                case JsonToken.Null: return "Null";
                case JsonToken.EndOfDocument: return "EndOfDocument";
                case JsonToken.Error: return "Error";
                default: return "JsonToken " + (int)t;
            }
        }

        [TestMethod]
        public void Reads_the_tokens_of_an_object_in_order()
        {
            JsonReader r = Reader("{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\n\"}");
            string seen = "";
            JsonToken t;
            while ((t = r.Read()) != JsonToken.EndOfDocument)
            {
                Assert.AreNotEqual(JsonToken.Error, t, r.Error);
                seen += Name(t) + (t == JsonToken.PropertyName || t == JsonToken.String ? "(" + r.GetString() + ")" : "") + " ";
            }
            Assert.AreEqual("StartObject PropertyName(a) Number PropertyName(b) StartArray True False Null EndArray PropertyName(c) String(x\n) EndObject ", seen);
        }

        [TestMethod]
        public void Integers_read_exactly_including_the_extremes()
        {
            foreach (long v in new[] { 0L, -1L, 42L, long.MaxValue, long.MinValue })
            {
                JsonReader r = Reader(v.ToString());
                Assert.AreEqual(JsonToken.Number, r.Read());
                Assert.IsTrue(r.TryGetInt64(out long got), v.ToString());
                Assert.AreEqual(v, got);
            }
            JsonReader over = Reader("9223372036854775808");
            over.Read();
            Assert.IsFalse(over.TryGetInt64(out _), "one past long.MaxValue");
            JsonReader frac = Reader("1.5");
            frac.Read();
            Assert.IsFalse(frac.TryGetInt64(out _), "a fraction is not an integer");
        }

        [TestMethod]
        public void Escapes_and_surrogate_pairs_decode_to_the_same_text()
        {
            JsonReader r = Reader("\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\r\\t\u4e2d\"");
            Assert.AreEqual(JsonToken.String, r.Read());
            Assert.AreEqual("\u00e9\ud83d\ude00\"\\/\b\f\r\t\u4e2d", r.GetString());
            byte[] bytes = r.GetStringBytes();
            Assert.AreEqual("\u00e9\ud83d\ude00\"\\/\b\f\r\t\u4e2d", Encoding.UTF8.GetString(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Strictness_violations_are_refused_with_a_reason_and_offset()
        {
            string[][] cases =
            {
                new[] { "", "empty document at byte 0" },
                new[] { "{\"a\":1,}", "trailing comma at byte 7" },
                new[] { "[1,]", "trailing comma at byte 3" },
                new[] { "01", "leading zero in a number at byte 1" },
                new[] { "{'a':1}", "expected a field name in quotes at byte 1" },
                new[] { "[1] x", "unexpected data after the end of the document at byte 4" },
                new[] { "// c\n1", "unexpected '/' at byte 0" },
                new[] { "NaN", "unexpected 'N' at byte 0" },
                new[] { "\"\\ud800\"", "invalid escape in a string at byte 1" },
                new[] { "\"\\x\"", "invalid escape in a string at byte 1" },
                new[] { "\"a\tb\"", "control character in a string at byte 2" },
                new[] { "{\"a\" 1}", "expected ':' after the field name at byte 5" },
                new[] { "[1 2]", "expected ',' or ']' at byte 3" },
                new[] { "{\"a\":1", "document ends inside an object at byte 6" },
                new[] { "\"abc", "string not closed at byte 4" },
                new[] { "-", "a digit must follow '-' at byte 1" },
                new[] { "1.", "a digit must follow '.' at byte 2" },
                new[] { "1e", "a digit must follow the exponent at byte 2" },
            };
            foreach (string[] c in cases)
                Assert.AreEqual(c[1], ReadAll(c[0]), "input: " + c[0]);
        }

        [TestMethod]
        public void Invalid_utf8_in_a_string_is_refused()
        {
            byte[][] bad =
            {
                new byte[] { 0x22, 0xC0, 0xAF, 0x22 },             // overlong '/'
                new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 },       // UTF-8 encoded surrogate
                new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 }, // above U+10FFFF
                new byte[] { 0x22, 0xE4, 0xB8, 0x22 },             // cut sequence
                new byte[] { 0x22, 0x80, 0x22 },                   // lone continuation
            };
            foreach (byte[] b in bad)
                Assert.AreEqual("invalid UTF-8 at byte 1", ReadAll(b), BitConverter.ToString(b));
        }

        [TestMethod]
        public void Nesting_beyond_the_limit_is_refused()
        {
            Assert.IsNull(ReadAll("[[[1]]]", 3));
            Assert.AreEqual("nesting deeper than 3 at byte 3", ReadAll("[[[[1]]]]", 3));
        }

        [TestMethod]
        public void SkipValue_passes_over_nested_containers()
        {
            JsonReader r = Reader("{\"skip\":{\"x\":[1,{\"y\":2}]},\"keep\":3}");
            r.Read();
            r.Read();
            Assert.IsTrue(r.ValueEquals("skip"));
            Assert.IsTrue(r.SkipValue());
            Assert.AreEqual(JsonToken.PropertyName, r.Read());
            Assert.IsTrue(r.ValueEquals("keep"));
        }

        private static readonly string[] Seeds =
        {
            "{\"version\":\"v1\",\"format\":\"text\",\"rules\":\"block 00\\nallow 001\"}",
            "{\"version\":\"v2\",\"format\":\"image\",\"image\":\"AAECAw==\"}",
            "[1,-2.5e+3,true,false,null,{\"a\":[{}],\"\\u00e9\":\"\\ud83d\\ude00\"}]",
            "{\"online\":false}",
            "\"\u4e2d\u6587\"",
        };

        private const string Alphabet = "{}[]:,\"\\/ 0123456789-+.eEtrufalsn\u00e9\t\nabxu";

        [TestMethod]
        public void Mutated_and_random_inputs_never_crash_and_agree_with_a_strict_reference_parser()
        {
            const int seed = 20261125;
            SeededRandom rnd = new SeededRandom(seed);
            int trials = PropertyTrials.Of(30000);
            int accepted = 0;
            string failure = null; // the device's Assert has no Fail
            for (int i = 0; i < trials && failure == null; i++)
            {
                byte[] b;
                if (i % 3 == 0)
                {
                    b = new byte[rnd.Next(24)];
                    rnd.NextBytes(b);
                }
                else
                {
                    StringBuilder s = new StringBuilder(Seeds[rnd.Next(Seeds.Length)]);
                    int edits = 1 + rnd.Next(3);
                    for (int k = 0; k < edits && s.Length > 0; k++)
                    {
                        int at = rnd.Next(s.Length);
                        switch (rnd.Next(3))
                        {
                            case 0: s.Remove(at, 1); break;
                            case 1: s.Insert(at, Alphabet[rnd.Next(Alphabet.Length)].ToString(), 1); break; // the device has no Insert(int, char)
                            default: s[at] = Alphabet[rnd.Next(Alphabet.Length)]; break;
                        }
                    }
                    b = Encoding.UTF8.GetBytes(s.ToString());
                    if (i % 7 == 0 && b.Length > 0) b[rnd.Next(b.Length)] = (byte)rnd.Next(256);
                }
                string error;
                try
                {
                    error = ReadAll(b, 4);
                }
                catch (Exception e)
                {
                    failure = "seed " + seed + " case " + i + " threw on " + BitConverter.ToString(b) + ": " + e;
                    break;
                }
                AgreeWithReference(b, error, seed, i);
                if (error == null) accepted++; // the same count as the reference's: they agree on every input
            }
            Assert.IsNull(failure, failure);
            Console.WriteLine("seed " + seed + ": " + accepted + " of " + trials + " inputs were valid JSON");
            Assert.IsTrue(accepted > trials / 30 && accepted < trials / 30 * 29, "the corpus must mix valid and invalid inputs: " + accepted);
        }

        /// <summary>Host only (JsonReaderTests.Host.cs): a strict reference parser accepts exactly
        /// the inputs ours accepts (<paramref name="error"/> null).</summary>
        static partial void AgreeWithReference(byte[] b, string error, int seed, int i);
    }
}
