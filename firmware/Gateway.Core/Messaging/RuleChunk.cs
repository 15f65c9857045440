namespace Gateway.Core.Messaging
{
    /// <summary>The binary payload of rules/chunk (docs/mqtt.md): a 12-byte header, then the chunk's bytes.</summary>
    /// <remarks>
    /// Header, little-endian: magic "GWC1", the CRC-32 of the whole image (it names the transfer, so a
    /// chunk of another transfer is never written into this one), the chunk's index from 0. Binary
    /// rather than JSON with base64: the box writes the bytes to flash straight from the payload,
    /// and the message is a third smaller.
    /// </remarks>
    public static class RuleChunk
    {
        /// <summary>Bytes before the chunk's data.</summary>
        public const int HeaderBytes = 12;

        /// <summary>True when <paramref name="payload"/> starts with a chunk header (the magic "GWC1").</summary>
        public static bool HasHeader(byte[] payload)
        {
            return payload != null && payload.Length >= HeaderBytes
                && payload[0] == (byte)'G' && payload[1] == (byte)'W' && payload[2] == (byte)'C' && payload[3] == (byte)'1';
        }

        /// <summary>The transfer's CRC-32 named by the chunk.</summary>
        public static uint SetCrc(byte[] payload) { return U32(payload, 4); }

        /// <summary>The chunk's index.</summary>
        public static uint Index(byte[] payload) { return U32(payload, 8); }

        /// <summary>Writes a chunk header into <paramref name="buffer"/> (senders, tests).</summary>
        public static void WriteHeader(byte[] buffer, uint setCrc, int index)
        {
            buffer[0] = (byte)'G';
            buffer[1] = (byte)'W';
            buffer[2] = (byte)'C';
            buffer[3] = (byte)'1';
            Put(buffer, 4, setCrc);
            Put(buffer, 8, (uint)index);
        }

        /// <summary>The rules/chunk payload of chunk <paramref name="index"/> of <paramref name="image"/> as
        /// <paramref name="m"/> cuts it (senders, tests).</summary>
        public static byte[] Payload(RuleManifest m, byte[] image, int index)
        {
            int length = m.ChunkLength(index);
            byte[] payload = new byte[HeaderBytes + length];
            WriteHeader(payload, m.Crc32, index);
            System.Array.Copy(image, index * m.ChunkBytes, payload, HeaderBytes, length);
            return payload;
        }

        internal static uint U32(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        internal static void Put(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }
    }
}
