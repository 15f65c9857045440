namespace Gateway.Core.Rules
{
    /// <summary>A trie's node bits and node words read where its image lies (flash) instead of from
    /// arrays in RAM, through a small cache of 32-byte groups.</summary>
    /// <remarks>
    /// The two arrays are 52 of cn-geocoding's 58 KiB, which an ESP32 without PSRAM cannot hold beside
    /// the box and its libraries (docs/performance.md). A group is exactly what one step reads: the 8
    /// bit words one rank sample covers, the 16 node words one child base covers; so a key costs at
    /// most three reads and none when its groups are cached. Eight groups of each array are kept, the
    /// least recently used replaced: the load-time checks walk the trie depth first, which reads each
    /// level in order, one group per level. Not thread-safe (the cache is shared, as the trie is):
    /// the box uses its rules under one lock. A read that fails or comes short counts a fault and
    /// reads as zeros, which the trie treats as a leaf; callers keep every index in range.
    /// </remarks>
    internal sealed class StoredTrieWords
    {
        internal const int GroupBytes = 32;
        private const int Slots = 8;

        private readonly IRuleImageFile _file;
        private readonly int _bitsAt, _bitsBytes, _nodesAt, _nodesBytes;
        private readonly byte[] _cache = new byte[2 * Slots * GroupBytes];
        private readonly int[] _group = new int[2 * Slots];   // group number + 1; 0: empty
        private readonly int[] _used = new int[2 * Slots];
        private readonly int[] _last = new int[] { 0, Slots };  // slot of the last hit, per array
        private int _clock;

        /// <summary>Where the words are read from.</summary>
        internal IRuleImageFile File { get { return _file; } }

        /// <summary>Reads from the file (cache misses), for benchmarks and the load-time check's cost.</summary>
        internal int Reads;

        /// <summary>Reads that failed or came short (read as zeros).</summary>
        internal int Faults;

        internal StoredTrieWords(IRuleImageFile file, int bitsAt, int bitsBytes, int nodesAt, int nodesBytes)
        {
            _file = file;
            _bitsAt = bitsAt;
            _bitsBytes = bitsBytes;
            _nodesAt = nodesAt;
            _nodesBytes = nodesBytes;
        }

        /// <summary>Word <paramref name="w"/> of the node bits.</summary>
        internal uint BitsWord(int w)
        {
            int p = Slot(0, w >> 3) * GroupBytes + ((w & 7) << 2);
            byte[] c = _cache;
            return (uint)(c[p] | (c[p + 1] << 8) | (c[p + 2] << 16) | (c[p + 3] << 24));
        }

        /// <summary>Node word <paramref name="rank"/>.</summary>
        internal int NodeWord(int rank)
        {
            int p = Slot(1, rank >> 4) * GroupBytes + ((rank & 15) << 1);
            return _cache[p] | (_cache[p + 1] << 8);
        }

        // The cache slot holding group <group> of array <kind> (0 bits, 1 nodes), read in on a miss.
        private int Slot(int kind, int group)
        {
            int tag = group + 1;
            int last = _last[kind];
            if (_group[last] == tag) return last;
            int first = kind * Slots, victim = first;
            for (int s = first; s < first + Slots; s++)
            {
                if (_group[s] == tag)
                {
                    _used[s] = ++_clock;
                    _last[kind] = s;
                    return s;
                }
                if (_used[s] < _used[victim]) victim = s;
            }
            Fill(kind, group, victim);
            _used[victim] = ++_clock;
            _last[kind] = victim;
            return victim;
        }

        private void Fill(int kind, int group, int slot)
        {
            int at = slot * GroupBytes;
            int start = group * GroupBytes;
            int sectionBytes = kind == 0 ? _bitsBytes : _nodesBytes;
            int want = sectionBytes - start;
            if (want > GroupBytes) want = GroupBytes;
            int got = 0;
            if (want > 0)
            {
                Reads++;
                try
                {
                    while (got < want)
                    {
                        int n = _file.ReadAt((kind == 0 ? _bitsAt : _nodesAt) + start + got, _cache, at + got, want - got);
                        if (n <= 0) break;
                        got += n;
                    }
                }
                catch (System.Exception)
                {
                    // Storage failed under the set in force: counted, read as zeros (never thrown into a call).
                }
            }
            for (int i = got; i < GroupBytes; i++) _cache[at + i] = 0;
            if (got < want || want < 0) { Faults++; _group[slot] = 0; }
            else _group[slot] = group + 1;
        }
    }
}
