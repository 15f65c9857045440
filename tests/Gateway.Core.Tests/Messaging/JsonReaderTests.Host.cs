using System;
using System.Text;
using Gateway.Core.Messaging.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Host-only half of <see cref="JsonReaderTests"/>: System.Text.Json and
    /// GC.GetAllocatedBytesForCurrentThread do not exist on the device.</summary>
    public partial class JsonReaderTests
    {
        [TestMethod]
        public void Reading_allocates_nothing()
        {
            byte[] b = Encoding.UTF8.GetBytes("{\"version\":\"2026-11-25.1\",\"format\":\"text\",\"rules\":\"block 00\\n\",\"n\":[1,2.5e3,true,null]}");
            JsonReader warm = new JsonReader(b, 0, b.Length, 16);
            while (warm.Read() != JsonToken.EndOfDocument) { }
            JsonReader r = new JsonReader(b, 0, b.Length, 16);
            long before = GC.GetAllocatedBytesForCurrentThread();
            int tokens = 0;
            while (r.Read() != JsonToken.EndOfDocument) tokens++;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated while reading " + tokens + " tokens");
        }

        static partial void AgreeWithReference(byte[] b, string error, int seed, int i)
        {
            bool reference = ReferenceAccepts(b, 4);
            Assert.AreEqual(reference, error == null,
                "seed " + seed + " case " + i + " input " + BitConverter.ToString(b) + " (" + Encoding.UTF8.GetString(b) + "): ours " + (error ?? "accepts"));
        }

        private static bool ReferenceAccepts(byte[] b, int maxDepth)
        {
            try
            {
                using (System.Text.Json.JsonDocument d = System.Text.Json.JsonDocument.Parse(b, new System.Text.Json.JsonDocumentOptions { MaxDepth = maxDepth }))
                {
                    CheckStrings(d.RootElement);
                }
                return true;
            }
            catch (System.Text.Json.JsonException) { return false; }
            catch (InvalidOperationException) { return false; } // lone surrogate escapes fail on GetString
        }

        private static void CheckStrings(System.Text.Json.JsonElement e)
        {
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.String: e.GetString(); break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (System.Text.Json.JsonElement x in e.EnumerateArray()) CheckStrings(x);
                    break;
                case System.Text.Json.JsonValueKind.Object:
                    foreach (System.Text.Json.JsonProperty p in e.EnumerateObject())
                    {
                        _ = p.Name;
                        CheckStrings(p.Value);
                    }
                    break;
            }
        }
    }
}
