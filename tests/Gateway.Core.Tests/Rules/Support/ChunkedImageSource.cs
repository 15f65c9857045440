using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>An image source that hands out at most a few bytes per read, like a slow file or socket.</summary>
    internal sealed class ChunkedImageSource : IRuleImageSource
    {
        private readonly byte[] _data;
        private readonly int _chunk;
        private int _position;

        public ChunkedImageSource(byte[] data, int chunk)
        {
            _data = data;
            _chunk = chunk;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _data.Length - _position;
            if (n > count) n = count;
            if (n > _chunk) n = _chunk;
            System.Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
