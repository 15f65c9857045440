namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>A long-keyed map (and set) for the property tests, written without generics so the
    /// device build has it: open addressing, keys iterated in first-insertion order like
    /// Dictionary&lt;long, T&gt; without removals, so random picks by index stay the same as they were.</summary>
    internal sealed class SeqMap
    {
        private long[] _keys = new long[16];     // in first-insertion order
        private object[] _values = new object[16];
        private int[] _slots = new int[32];      // index + 1 into _keys, 0 = empty
        private int _count;

        public int Count { get { return _count; } }

        /// <summary>The i-th key in first-insertion order.</summary>
        public long KeyAt(int i) { return _keys[i]; }

        public object ValueAt(int i) { return _values[i]; }

        public bool ContainsKey(long key) { return Find(key) >= 0; }

        /// <summary>The value stored for <paramref name="key"/>, or null.</summary>
        public object Get(long key)
        {
            int i = Find(key);
            return i < 0 ? null : _values[i];
        }

        /// <summary>Adds or overwrites (an overwritten key keeps its place in the order).</summary>
        public void Set(long key, object value)
        {
            int i = Find(key);
            if (i >= 0)
            {
                _values[i] = value;
                return;
            }
            if (_count == _keys.Length)
            {
                long[] k = new long[_count * 2];
                object[] v = new object[_count * 2];
                System.Array.Copy(_keys, k, _count);
                System.Array.Copy(_values, v, _count);
                _keys = k;
                _values = v;
                _slots = new int[_count * 4];
                for (int j = 0; j < _count; j++) _slots[FreeSlot(_keys[j])] = j + 1;
            }
            _keys[_count] = key;
            _values[_count] = value;
            _slots[FreeSlot(key)] = _count + 1;
            _count++;
        }

        /// <summary>Set use: adds the key (with a non-null marker).</summary>
        public void Add(long key) { Set(key, this); }

        public bool Contains(long key) { return ContainsKey(key); }

        private int Find(long key)
        {
            int mask = _slots.Length - 1;
            for (int s = Hash(key) & mask; ; s = (s + 1) & mask)
            {
                int i = _slots[s] - 1;
                if (i < 0) return -1;
                if (_keys[i] == key) return i;
            }
        }

        private int FreeSlot(long key)
        {
            int mask = _slots.Length - 1;
            int s = Hash(key) & mask;
            while (_slots[s] != 0) s = (s + 1) & mask;
            return s;
        }

        private static int Hash(long key)
        {
            ulong h = (ulong)key * 0x9E3779B97F4A7C15UL;
            return (int)(h >> 33);
        }
    }
}
