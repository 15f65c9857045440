using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>A stored image in memory, read at any position as the device reads its rules file;
    /// it can fail every read from a moment on (a drive that died under the set in force).</summary>
    internal sealed class ImageBytesFile : IRuleImageFile
    {
        private readonly byte[] _data;

        public ImageBytesFile(byte[] data) { _data = data; }

        /// <summary>While set, every read throws.</summary>
        public bool Fail;

        /// <summary>Reads served or refused.</summary>
        public int Reads;

        /// <summary>When above 0, every read whose number is a multiple of it throws (a drive that comes and goes).</summary>
        public int FailEvery;

        /// <summary>When 0 or above, every read that reaches this position or beyond throws (a damaged region).</summary>
        public int FailFrom = -1;

        public int ReadAt(int position, byte[] buffer, int offset, int count)
        {
            Reads++;
            if (Fail || (FailEvery > 0 && Reads % FailEvery == 0) || (FailFrom >= 0 && position + count > FailFrom)) throw new System.InvalidOperationException("the drive does not answer");
            int n = _data.Length - position;
            if (n > count) n = count;
            if (n <= 0) return 0;
            System.Array.Copy(_data, position, buffer, offset, n);
            return n;
        }
    }
}
