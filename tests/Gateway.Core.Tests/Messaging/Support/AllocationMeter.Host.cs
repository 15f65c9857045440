using System;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Host-only: splits the bytes one thread allocates between nested stages, each stage
    /// charged only what it allocates itself (like exclusive time in a profiler).</summary>
    /// <remarks>
    /// Callers mark stage boundaries (<see cref="Enter"/>/<see cref="Exit"/>) from decorators
    /// around Core's interfaces; <see cref="ChargeTo"/> moves what was allocated since the last
    /// boundary to another stage (a payload built for a publish). Nothing here allocates after
    /// construction, so the meter does not disturb what it measures.
    /// </remarks>
    internal sealed class AllocationMeter
    {
        private readonly long[] _bytes;
        private readonly int[] _stack = new int[16];
        private int _depth;
        private int _current;
        private long _mark;

        /// <summary>A meter of <paramref name="stages"/> stages; <paramref name="outer"/> is charged
        /// whatever no stage was entered for.</summary>
        public AllocationMeter(int stages, int outer)
        {
            _bytes = new long[stages];
            _current = outer;
            _mark = GC.GetAllocatedBytesForCurrentThread();
        }

        /// <summary>Bytes charged to <paramref name="stage"/> so far.</summary>
        public long this[int stage] { get { return _bytes[stage]; } }

        /// <summary>Bytes charged to all stages so far.</summary>
        public long Total
        {
            get
            {
                long n = 0;
                for (int i = 0; i < _bytes.Length; i++) n += _bytes[i];
                return n;
            }
        }

        /// <summary>Charges the running stage, then runs <paramref name="stage"/> until <see cref="Exit"/>.</summary>
        public void Enter(int stage)
        {
            ChargeTo(_current);
            _stack[_depth++] = _current;
            _current = stage;
        }

        /// <summary>Charges the running stage and returns to the one it interrupted.</summary>
        public void Exit()
        {
            ChargeTo(_current);
            _current = _stack[--_depth];
        }

        /// <summary>Charges what was allocated since the last boundary to <paramref name="stage"/>.</summary>
        public void ChargeTo(int stage)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            _bytes[stage] += now - _mark;
            _mark = now;
        }

        /// <summary>Forgets everything charged so far (after the warm-up).</summary>
        public void Clear()
        {
            ChargeTo(_current);
            for (int i = 0; i < _bytes.Length; i++) _bytes[i] = 0;
        }
    }
}
