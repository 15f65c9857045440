namespace Gateway.Core.Rules
{
    /// <summary>CRC-32 as used by Ethernet, zlib and PNG (IEEE 802.3, reflected polynomial 0xEDB88320), four bits at a time.</summary>
    /// <remarks>
    /// A 16-entry table (64 bytes) instead of the usual 256 entries (1 KiB): the table lives for the
    /// whole run on a heap of about 110 KiB, and two lookups per byte cost little next to the flash
    /// reads around every CRC the box computes (rule images, journal frames, transfer records).
    /// </remarks>
    public static class Crc32
    {
        // IEEE 802.3 CRC-32 polynomial, bit-reversed form.
        private const uint Polynomial = 0xEDB88320u;

        private static readonly uint[] Table = BuildTable();

        // Table[n]: the register after shifting the 4 bits n out of it.
        private static uint[] BuildTable()
        {
            uint[] table = new uint[16];
            for (uint n = 0; n < 16; n++)
            {
                uint c = n;
                for (int k = 0; k < 4; k++)
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
            uint[] table = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                crc = table[crc & 0x0F] ^ (crc >> 4);
                crc = table[crc & 0x0F] ^ (crc >> 4);
            }
            return crc;
        }
    }
}
