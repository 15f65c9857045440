namespace Gateway.Core.Rules
{
    /// <summary>An image already in memory (e.g. an MQTT payload), read as a source.</summary>
    public sealed class ByteArrayImageSource : IRuleImageSource
    {
        private readonly byte[] _data;
        private int _position;

        /// <summary>Reads <paramref name="data"/> from the start (null reads as empty).</summary>
        public ByteArrayImageSource(byte[] data) { _data = data == null ? new byte[0] : data; }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _data.Length - _position;
            if (n > count) n = count;
            System.Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
