using System;

namespace Gateway.Core.Rules
{
    /// <summary>A growable bit array (the builder's output before it is frozen).</summary>
    internal sealed class BitList
    {
        private uint[] _words = new uint[16];
        private int _count;

        public int Count { get { return _count; } }

        public void Add(bool bit)
        {
            if ((_count >> 5) == _words.Length)
            {
                uint[] grown = new uint[_words.Length * 2];
                Array.Copy(_words, grown, _words.Length);
                _words = grown;
            }
            if (bit) _words[_count >> 5] |= 1u << (_count & 31);
            _count++;
        }

        public uint[] ToArray()
        {
            uint[] result = new uint[(_count + 31) >> 5];
            Array.Copy(_words, result, result.Length);
            return result;
        }
    }
}
