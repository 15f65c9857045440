using Gateway.Core.Calls;

namespace Gateway.Core.Messaging
{
    /// <summary>A fixed ring of live events waiting for the link's next tick, so the line's event
    /// path neither allocates nor waits on the network.</summary>
    /// <remarks>
    /// Events are copied in (the box reuses one <see cref="LiveEvent"/>). When the ring is full the
    /// oldest event is overwritten: live events are best effort for dashboards, and the newest say
    /// most about the line now; the call record carries the facts.
    /// </remarks>
    public sealed class LiveEventQueue
    {
        private readonly LiveEvent[] _slots;
        private int _head;
        private int _count;

        /// <summary>A queue of <paramref name="capacity"/> preallocated events (at least 1).</summary>
        public LiveEventQueue(int capacity)
        {
            if (capacity < 1) capacity = 1;
            _slots = new LiveEvent[capacity];
            for (int i = 0; i < capacity; i++) _slots[i] = new LiveEvent();
        }

        /// <summary>Events waiting.</summary>
        public int Count { get { return _count; } }

        /// <summary>Events overwritten because the queue was full, since creation.</summary>
        public long Overwritten { get; private set; }

        /// <summary>Copies <paramref name="e"/> in; overwrites the oldest when full.</summary>
        public void Enqueue(LiveEvent e)
        {
            int tail;
            if (_count == _slots.Length)
            {
                tail = _head;
                _head = (_head + 1) % _slots.Length;
                Overwritten++;
            }
            else
            {
                tail = (_head + _count) % _slots.Length;
                _count++;
            }
            e.CopyTo(_slots[tail]);
        }

        /// <summary>Copies the oldest event into <paramref name="into"/> and removes it; false when empty.</summary>
        public bool TryDequeue(LiveEvent into)
        {
            if (_count == 0) return false;
            _slots[_head].CopyTo(into);
            _head = (_head + 1) % _slots.Length;
            _count--;
            return true;
        }

        /// <summary>Forgets every waiting event.</summary>
        public void Clear()
        {
            _head = 0;
            _count = 0;
        }
    }
}
