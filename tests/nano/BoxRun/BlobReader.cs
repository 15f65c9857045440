using Gateway.Core.Rules;

namespace Gateway.Nano.BoxRun
{
    /// <summary>Reads one blob of the generated data (scenario edges or a rule image) a chunk at a
    /// time, as the device reads a file in flash: only the current chunk is on the heap.</summary>
    internal sealed class BlobReader : IRuleImageSource
    {
        private readonly int _firstChunk;
        private readonly int _length;
        private int _position;
        private byte[] _chunk;
        private int _chunkIndex = -1;

        public BlobReader(int blob)
        {
            _firstChunk = Plan.BlobFirstChunk[blob];
            _length = Plan.BlobLength[blob];
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
                _chunk = null;  // let the previous chunk go before the next is made
                _chunk = Plan.Chunk(_firstChunk + index);
                _chunkIndex = index;
            }
            return _chunk[_position++ % Plan.ChunkBytes];
        }

        public int NextInt32()
        {
            int b0 = NextByte(), b1 = NextByte(), b2 = NextByte(), b3 = NextByte();
            return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }
    }
}
