namespace Gateway.Core.Rules
{
    /// <summary>Buffered little-endian reader over an image source that keeps the running CRC-32 of
    /// everything after the CRC field.</summary>
    internal sealed class ImageReader
    {
        private readonly IRuleImageSource _source;
        private readonly byte[] _buffer = new byte[256];
        private int _position, _length;
        private int _bufferOffset;       // image offset of _buffer[0]
        private uint _crc = 0xFFFFFFFFu;
        private bool _ended;
        private readonly int _crcFrom;

        public ImageReader(IRuleImageSource source, int crcFrom)
        {
            _source = source;
            _crcFrom = crcFrom;
        }

        /// <summary>Bytes consumed so far.</summary>
        public int Consumed { get { return _bufferOffset + _position; } }

        /// <summary>True once a read found the end of the source.</summary>
        public bool Ended { get { return _ended; } }

        /// <summary>CRC-32 of the bytes from crcFrom to the last byte read into the buffer.</summary>
        public uint Crc { get { return _crc ^ 0xFFFFFFFFu; } }

        private bool Fill()
        {
            if (_ended) return false;
            _bufferOffset += _length;
            _position = 0;
            _length = _source.Read(_buffer, 0, _buffer.Length);
            if (_length <= 0)
            {
                _length = 0;
                _ended = true;
                return false;
            }
            int from = _bufferOffset >= _crcFrom ? 0 : _crcFrom - _bufferOffset;
            if (from < _length) _crc = Crc32.Update(_crc, _buffer, from, _length - from);
            return true;
        }

        public bool TryReadByte(out byte value)
        {
            if (_position == _length && !Fill())
            {
                value = 0;
                return false;
            }
            value = _buffer[_position++];
            return true;
        }

        /// <summary>Reads up to <paramref name="count"/> bytes; returns how many there were.</summary>
        public int Read(byte[] destination, int offset, int count)
        {
            int n = 0;
            byte b;
            while (n < count && TryReadByte(out b)) destination[offset + n++] = b;
            return n;
        }

        public uint ReadU32()
        {
            byte b0, b1, b2, b3;
            if (!TryReadByte(out b0) || !TryReadByte(out b1) || !TryReadByte(out b2) || !TryReadByte(out b3)) return 0;
            return (uint)(b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
        }

        public int ReadU16()
        {
            byte b0, b1;
            if (!TryReadByte(out b0) || !TryReadByte(out b1)) return 0;
            return b0 | (b1 << 8);
        }

        /// <summary>Reads everything left (so the CRC covers it too) and returns how many bytes that was.</summary>
        public int ReadToEnd()
        {
            int n = 0;
            while (_position < _length || Fill())
            {
                n += _length - _position;
                _position = _length;
            }
            return n;
        }
    }
}
