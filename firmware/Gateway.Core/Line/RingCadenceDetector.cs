namespace Gateway.Core.Line
{
    /// <summary>Detects ringing from the ring-sense input, raw (toggling at 20-25 Hz) or rectified.</summary>
    /// <remarks>
    /// Edges closer than RingBurstGapMs form one burst, so a raw opto output toggling at the ring
    /// frequency reads the same as a rectified level. A burst lasting RingMinBurstMs starts ringing
    /// (RingStart stamped with the burst's first edge); no burst for longer than RingStopAfterMs ends
    /// it (RingStop stamped with the end of the last burst). <see cref="Answer"/> ends it at once.
    /// </remarks>
    public sealed class RingCadenceDetector
    {
        private readonly ILineEventSink _sink;
        private readonly int _burstGapMs;
        private readonly int _minBurstMs;
        private readonly int _stopAfterMs;
        private bool _level;
        private long _lastEdgeMs;
        private bool _inBurst;
        private long _burstStartMs;
        private bool _ringing;
        private long _lastRingMs;

        public RingCadenceDetector(LineTimings timings, ILineEventSink sink)
        {
            _burstGapMs = timings.RingBurstGapMs;
            _minBurstMs = timings.RingMinBurstMs;
            _stopAfterMs = timings.RingStopAfterMs;
            _sink = sink;
        }

        /// <summary>When false (e.g. while off-hook) the level is tracked but no new burst starts.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Ring-sense level changed (true = ringing voltage present).</summary>
        public void OnLevel(bool ringing, long timeMs)
        {
            Advance(timeMs);
            if (ringing == _level) return;
            _level = ringing;
            _lastEdgeMs = timeMs;
            if (!_inBurst && ringing && Enabled)
            {
                _inBurst = true;
                _burstStartMs = timeMs;
            }
            Advance(timeMs);
        }

        /// <summary>Time has reached <paramref name="timeMs"/>: end bursts and ringing that have gone quiet.</summary>
        public void Advance(long timeMs)
        {
            if (_inBurst)
            {
                bool ended = !_level && timeMs - _lastEdgeMs > _burstGapMs;
                long reachedMs = _level ? timeMs : _lastEdgeMs;
                if (!_ringing && reachedMs - _burstStartMs >= _minBurstMs)
                {
                    _ringing = true;
                    _sink.OnLineEvent(LineEventKind.RingStart, '\0', DialSource.None, _burstStartMs);
                }
                if (_ringing) _lastRingMs = reachedMs;
                if (ended) _inBurst = false;
            }
            if (_ringing && !_inBurst && timeMs - _lastRingMs > _stopAfterMs)
            {
                _ringing = false;
                _sink.OnLineEvent(LineEventKind.RingStop, '\0', DialSource.None, _lastRingMs);
            }
        }

        /// <summary>The line was answered at <paramref name="timeMs"/>: ringing stops now.</summary>
        public void Answer(long timeMs)
        {
            _inBurst = false;
            if (!_ringing) return;
            _ringing = false;
            _sink.OnLineEvent(LineEventKind.RingStop, '\0', DialSource.None, timeMs);
        }
    }
}
