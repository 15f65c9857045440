using Gateway.Core.Rules;

namespace Gateway.Nano.BoxRun
{
    /// <summary>Reads one blob of the generated data (scenario edges or a rule image) a chunk at a
    /// time into a buffer of its own, as the device reads a file in flash: nothing else is allocated
    /// but a small string header per chunk (the text stays in the assembly).</summary>
    internal sealed class BlobReader : IRuleImageSource
    {
        private readonly int _firstChunk;
        private readonly int _length;
        private readonly byte[] _buffer = new byte[Plan.ChunkBytes];
        private int _position;
        private int _chunkIndex = -1;

        public BlobReader(int blob)
        {
            _firstChunk = Plan.BlobFirstChunk[blob];
            _length = Plan.BlobLength[blob];
        }

        /// <summary>Bytes in the blob.</summary>
        public int Length { get { return _length; } }

        /// <summary>Moves to <paramref name="position"/> (the chunk there is decoded when read).</summary>
        public void Seek(int position)
        {
            _position = position;
        }

        /// <summary>True when every byte has been read.</summary>
        public bool AtEnd { get { return _position >= _length; } }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _position < _length)
            {
                buffer[offset + n++] = NextByte();
            }
            return n;
        }

        public byte NextByte()
        {
            int index = _position / Plan.ChunkBytes;
            if (index != _chunkIndex)
            {
                Decode(Plan.Chunk(_firstChunk + index));
                _chunkIndex = index;
            }
            return _buffer[_position++ % Plan.ChunkBytes];
        }

        public int NextInt32()
        {
            int b0 = NextByte(), b1 = NextByte(), b2 = NextByte(), b3 = NextByte();
            return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }

        // Base64 as the generator wrote it (Convert.ToBase64String: padded, no line breaks).
        private void Decode(string text)
        {
            int n = 0, bits = 0, value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int v = Value(text[i]);
                if (v < 0) break;  // padding
                value = (value << 6) | v;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    _buffer[n++] = (byte)(value >> bits);
                }
            }
        }

        private static int Value(char c)
        {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        }
    }
}
