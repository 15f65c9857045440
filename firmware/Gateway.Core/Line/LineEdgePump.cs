using Gateway.Core.Status;

namespace Gateway.Core.Line
{
    /// <summary>The main loop's side of the line inputs: feeds the queued edges to the box (and the
    /// self-test) in order, then lets the box's time run up to the previous loop's time.</summary>
    /// <remarks>One loop behind, on purpose. A pause that stops every managed thread (a GC, a native
    /// call such as a flash write) also stops the GPIO event thread, and when both run again the main
    /// loop may run first: if it ticked the box to "now", a time-out (an inter-digit pause, a flash
    /// limit) would fire before edges from inside the pause, stamped at their interrupt but not yet
    /// queued, arrive to cancel it. Ticking only to the previous loop's time leaves the event thread
    /// a whole loop sleep to queue them. Decisions come one loop (10-20 ms) later; timings are unchanged.</remarks>
    public sealed class LineEdgePump
    {
        private readonly LineEdgeQueue _queue;
        private readonly GatewayBox _box;
        private readonly WiringSelfTest _selfTest;
        private long _previousMs = long.MinValue;

        /// <summary>Feeds <paramref name="box"/>, and <paramref name="selfTest"/> when not null, from <paramref name="queue"/>.</summary>
        public LineEdgePump(LineEdgeQueue queue, GatewayBox box, WiringSelfTest selfTest)
        {
            _queue = queue;
            _box = box;
            _selfTest = selfTest;
        }

        /// <summary>One main-loop step at <paramref name="nowMs"/>: queued edges in, then time up to the previous step.</summary>
        public void Run(long nowMs)
        {
            byte input;
            bool level;
            int code;
            long t;
            while (_queue.TryTake(out input, out level, out code, out t))
            {
                switch (input)
                {
                    case LineEdgeQueue.Hook:
                        if (_selfTest != null) _selfTest.OnHookLevel(level, t);
                        _box.OnHookLevel(level, t);
                        break;
                    case LineEdgeQueue.Strobe:
                        if (_selfTest != null) _selfTest.OnDtmfStrobe(level, code, t);
                        _box.OnDtmfStrobe(level, code, t);
                        break;
                    case LineEdgeQueue.Ring:
                        if (_selfTest != null) _selfTest.OnRingLevel(level, t);
                        _box.OnRingLevel(level, t);
                        break;
                }
            }
            if (_previousMs != long.MinValue)
            {
                _box.Tick(_previousMs);
                if (_selfTest != null) _selfTest.Tick(_previousMs);
            }
            _previousMs = nowMs;
        }
    }
}
