namespace Gateway.Core.Line
{
    /// <summary>MT8870/CM8870/HT9170 output code (Q4..Q1) to key.</summary>
    public static class Mt8870Code
    {
        // MT8870 datasheet table, indexed by Q4Q3Q2Q1: 0000=D, 0001-1001=1-9, 1010=0, 1011=*, 1100=#, 1101-1111=A-C.
        // A field, not a const: nanoCLR allocates a new string each time a literal is loaded, and this runs per key.
        private static readonly string Keys = "D1234567890*#ABC";

        /// <summary>The key for a 4-bit code (bit 0 = Q1); higher bits are ignored.</summary>
        public static char KeyFor(int code)
        {
            return Keys[code & 0x0F];
        }

        /// <summary>The 4-bit code the decoder outputs for <paramref name="key"/> (for simulators and
        /// test benches driving Q1-Q4), or -1 when it is not a DTMF key.</summary>
        public static int CodeFor(char key)
        {
            return Keys.IndexOf(key);
        }
    }
}
