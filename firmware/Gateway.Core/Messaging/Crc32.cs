namespace Gateway.Core.Messaging
{
    /// <summary>CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320), for journal entries.</summary>
    public static class Crc32
    {
        // IEEE 802.3 CRC-32 polynomial, bit-reversed.
        private const uint Polynomial = 0xEDB88320;

        private static uint[] s_table;

        /// <summary>CRC-32 of <c>count</c> bytes at <c>index</c> ("123456789" gives 0xCBF43926).</summary>
        public static uint Compute(byte[] data, int index, int count)
        {
            uint[] table = s_table;
            if (table == null)
            {
                table = new uint[256];
                for (uint n = 0; n < 256; n++)
                {
                    uint c = n;
                    for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
                    table[n] = c;
                }
                s_table = table;
            }
            uint crc = 0xFFFFFFFF;
            int end = index + count;
            for (int i = index; i < end; i++) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return crc ^ 0xFFFFFFFF;
        }
    }
}
