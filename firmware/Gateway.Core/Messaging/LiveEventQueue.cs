using Gateway.Core.Calls;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>A fixed ring of live events waiting for the link's next tick, so the line's event
    /// path neither allocates nor waits on the network.</summary>
    /// <remarks>
    /// Events are copied in (the box reuses one <see cref="LiveEvent"/>). When the ring is full the
    /// oldest event is overwritten: live events are best effort for dashboards, and the newest say
    /// most about the line now; the call record carries the facts. The ring keeps the fields in
    /// arrays of primitives rather than one object per slot: on nanoFramework every field of an
    /// object takes a heap block of its own, and 32 preallocated events took 9.5 KiB as objects on
    /// the 64-bit nanoCLR (about half that on an ESP32), about 1 KiB as arrays
    /// (docs/performance.md, "Heap on nanoCLR").
    /// </remarks>
    public sealed class LiveEventQueue
    {
        private const int EmergencyFlag = 1;
        private const int ClockSyncedFlag = 2;

        private readonly int _capacity;
        private readonly byte[] _kind, _dial, _verdict, _flags;
        private readonly char[] _key;
        private readonly int[] _digitIndex, _rulePrefixLength;
        private readonly long[] _timeMs, _unixMs;
        private readonly string[] _line;
        private int _head;
        private int _count;

        /// <summary>A queue of <paramref name="capacity"/> preallocated events (at least 1).</summary>
        public LiveEventQueue(int capacity)
        {
            if (capacity < 1) capacity = 1;
            _capacity = capacity;
            _kind = new byte[capacity];
            _dial = new byte[capacity];
            _verdict = new byte[capacity];
            _flags = new byte[capacity];
            _key = new char[capacity];
            _digitIndex = new int[capacity];
            _rulePrefixLength = new int[capacity];
            _timeMs = new long[capacity];
            _unixMs = new long[capacity];
            _line = new string[capacity];
        }

        /// <summary>Events waiting.</summary>
        public int Count { get { return _count; } }

        /// <summary>Events overwritten because the queue was full, since creation.</summary>
        public long Overwritten { get; private set; }

        /// <summary>Copies <paramref name="e"/> in; overwrites the oldest when full.</summary>
        public void Enqueue(LiveEvent e)
        {
            int tail;
            if (_count == _capacity)
            {
                tail = _head;
                _head = (_head + 1) % _capacity;
                Overwritten++;
            }
            else
            {
                tail = (_head + _count) % _capacity;
                _count++;
            }
            _kind[tail] = (byte)e.Kind;
            _line[tail] = e.Line;
            _key[tail] = e.Key;
            _dial[tail] = (byte)e.Dial;
            _verdict[tail] = (byte)e.Verdict;
            _digitIndex[tail] = e.DigitIndex;
            _rulePrefixLength[tail] = e.RulePrefixLength;
            _flags[tail] = (byte)((e.Emergency ? EmergencyFlag : 0) | (e.ClockSynced ? ClockSyncedFlag : 0));
            _timeMs[tail] = e.TimeMs;
            _unixMs[tail] = e.UnixMs;
        }

        /// <summary>Copies the oldest event into <paramref name="into"/> and removes it; false when empty.</summary>
        public bool TryDequeue(LiveEvent into)
        {
            if (_count == 0) return false;
            int i = _head;
            into.Kind = (LiveEventKind)_kind[i];
            into.Line = _line[i];
            into.Key = _key[i];
            into.Dial = (DialMethod)_dial[i];
            into.Verdict = (RuleVerdict)_verdict[i];
            into.DigitIndex = _digitIndex[i];
            into.RulePrefixLength = _rulePrefixLength[i];
            into.Emergency = (_flags[i] & EmergencyFlag) != 0;
            into.ClockSynced = (_flags[i] & ClockSyncedFlag) != 0;
            into.TimeMs = _timeMs[i];
            into.UnixMs = _unixMs[i];
            _line[i] = null;
            _head = (_head + 1) % _capacity;
            _count--;
            return true;
        }

        /// <summary>Forgets every waiting event.</summary>
        public void Clear()
        {
            for (int i = 0; i < _capacity; i++) _line[i] = null;
            _head = 0;
            _count = 0;
        }
    }
}
