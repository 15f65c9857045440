namespace Gateway.Core.Line
{
    /// <summary>Line input edges handed from the GPIO event thread to the main loop without a lock:
    /// a fixed-size ring with one writer and one reader.</summary>
    /// <remarks>The writer (the pin event handler) never waits for the box's lock, which the main
    /// loop holds while it publishes, writes the journal or applies rules: an edge is stamped and
    /// queued at once, and the loop feeds the box in order. Each slot is written before the head
    /// moves past it, and the interpreter switches threads only between IL instructions, so the
    /// reader never sees half an edge. No allocation per edge.</remarks>
    public sealed class LineEdgeQueue
    {
        /// <summary>Input kinds.</summary>
        public const byte Hook = 1, Strobe = 2, Ring = 3;

        /// <summary>Edges held at most: more than a second of the fastest pulse dialling (28 edges a second).</summary>
        public const int DefaultCapacity = 64;

        private readonly byte[] _input;
        private readonly bool[] _level;
        private readonly int[] _code;
        private readonly long[] _time;
        // Not volatile: nanoFramework's mscorlib lacks the IsVolatile modifier, and its interpreter
        // runs every managed thread on one native task, so a plain field write is seen by the next
        // instruction of any thread. (On .NET this class is used from one thread only.)
        private int _head;
        private int _tail;
        private int _lost;

        public LineEdgeQueue() : this(DefaultCapacity) { }

        public LineEdgeQueue(int capacity)
        {
            _input = new byte[capacity + 1];
            _level = new bool[capacity + 1];
            _code = new int[capacity + 1];
            _time = new long[capacity + 1];
        }

        /// <summary>Edges the queue had no room for since it was made (the decoder missed them; a fault).</summary>
        public int Lost { get { return _lost; } }

        /// <summary>Queues an edge (writer side); false, and <see cref="Lost"/> goes up, when full.</summary>
        public bool Push(byte input, bool level, int code, long timeMs)
        {
            int head = _head;
            int next = head + 1 == _input.Length ? 0 : head + 1;
            if (next == _tail)
            {
                _lost = _lost + 1;
                return false;
            }
            _input[head] = input;
            _level[head] = level;
            _code[head] = code;
            _time[head] = timeMs;
            _head = next;
            return true;
        }

        /// <summary>Takes the oldest edge (reader side); false when none is waiting.</summary>
        public bool TryTake(out byte input, out bool level, out int code, out long timeMs)
        {
            int tail = _tail;
            if (tail == _head)
            {
                input = 0; level = false; code = 0; timeMs = 0;
                return false;
            }
            input = _input[tail];
            level = _level[tail];
            code = _code[tail];
            timeMs = _time[tail];
            _tail = tail + 1 == _input.Length ? 0 : tail + 1;
            return true;
        }
    }
}
