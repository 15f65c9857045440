using System;
using Gateway.Core.Messaging.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using Gateway.Core.Tests.Support;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>Host-only half of <see cref="JsonWriterTests"/>: DateTimeOffset formatting and
    /// GC.GetAllocatedBytesForCurrentThread do not exist on the device.</summary>
    public partial class JsonWriterTests
    {
        [TestMethod]
        public void Times_match_the_platform_calendar_for_random_instants()
        {
            const int seed = 20261125;
            SeededRandom random = new SeededRandom(seed);
            for (int i = 0; i < 20000; i++)
            {
                long ms = (long)(random.NextDouble() * 253402300799999.0 * 1.2) - 50000000000000L;
                if (ms < -62135596800000L || ms > 253402300799999L) continue;
                string expected = "\"" + DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\"";
                Assert.AreEqual(expected, Time(ms), "seed " + seed + ", ms " + ms);
            }
        }

        [TestMethod]
        public void Warm_writer_does_not_allocate()
        {
            JsonWriter w = new JsonWriter();
            for (int round = 0; round < 2; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                {
                    w.Reset();
                    w.BeginObject();
                    w.Int("seq", i);
                    w.String("box", "box \"1\" é");
                    w.UtcTime("start", 1767225600000L + i);
                    w.Bool("ok", true);
                    w.Null("rule");
                    w.EndObject();
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (round == 1) Assert.AreEqual(0L, allocated);
            }
        }
    }
}
