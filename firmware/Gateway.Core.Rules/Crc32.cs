namespace Gateway.Core.Rules
{
    /// <summary>CRC-32 as used by Ethernet, zlib and PNG (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven.</summary>
    public static class Crc32
    {
        // IEEE 802.3 CRC-32 polynomial, bit-reversed form.
        private const uint Polynomial = 0xEDB88320u;

        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>CRC-32 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Update(0xFFFFFFFFu, data, offset, count) ^ 0xFFFFFFFFu;
        }

        /// <summary>Feeds more bytes into a running CRC register (start 0xFFFFFFFF, final value XOR 0xFFFFFFFF).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}
