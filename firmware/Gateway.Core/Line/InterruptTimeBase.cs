namespace Gateway.Core.Line
{
    /// <summary>Turns the time the runtime recorded at a pin interrupt into the box's monotonic
    /// milliseconds, so an edge keeps its real time however late its handler runs.</summary>
    /// <remarks>nanoFramework stamps each native event in the interrupt (its HAL queue record) with
    /// the RTOS tick count, and passes it to the event processor; on the ESP32 that clock counts
    /// FreeRTOS ticks since boot (10 ms at the IDF's default 100 Hz), not the microsecond timer the
    /// box runs on. The two differ by a constant; a handler never runs before its interrupt, so the
    /// smallest (handler time - interrupt time) seen so far is that constant plus the shortest
    /// dispatch delay, and every edge is stamped with it. Pure: times in, time out.</remarks>
    public sealed class InterruptTimeBase
    {
        private bool _known;
        private long _offsetMs;

        /// <summary>Offset from the interrupt clock to the monotonic clock (ms), as estimated so far.</summary>
        public long OffsetMs { get { return _offsetMs; } }

        /// <summary>The monotonic time of an edge recorded at <paramref name="interruptMs"/> on the
        /// interrupt clock, whose handler runs at <paramref name="handlerNowMs"/> on the monotonic clock.</summary>
        public long ToMonotonic(long interruptMs, long handlerNowMs)
        {
            long offset = handlerNowMs - interruptMs;
            if (!_known || offset < _offsetMs)
            {
                _offsetMs = offset;
                _known = true;
            }
            long t = interruptMs + _offsetMs;
            return t > handlerNowMs ? handlerNowMs : t;
        }
    }
}
