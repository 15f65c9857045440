namespace Gateway.Core.Tests.Support
{
    /// <summary>The random source of the property tests: the same seed draws the same cases on .NET,
    /// on nanoCLR and on a board.</summary>
    /// <remarks>System.Random cannot do that: .NET and nanoFramework use different generators, and the
    /// ESP32 port ignores the seed altogether (nf-interpreter targets/ESP32/_nanoCLR/targetRandom.cpp:
    /// an empty Initialize, Next is esp_random()), so a failure seen on a board could never be
    /// replayed. SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
    /// OOPSLA 2014): a few 64-bit operations per draw, no tables.</remarks>
    public sealed class SeededRandom
    {
        private ulong _state;

        public SeededRandom(int seed)
        {
            _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        }

        private ulong NextBits()
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A non-negative int below int.MaxValue, as System.Random.Next().</summary>
        public int Next()
        {
            return (int)(NextBits() % 0x7FFFFFFFUL);
        }

        /// <summary>An int in [0, maxValue) (0 when maxValue is 0), as System.Random.Next(int).</summary>
        public int Next(int maxValue)
        {
            if (maxValue <= 0) return 0;
            return (int)(NextBits() % (ulong)maxValue);
        }

        /// <summary>A double in [0, 1), from the top 53 bits.</summary>
        public double NextDouble()
        {
            return (NextBits() >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(NextBits() >> 56);
        }
    }
}
