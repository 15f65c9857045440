namespace Gateway.Core.Line
{
    /// <summary>Turns MT8870 StD strobes and Q1-Q4 codes into DTMF keys.</summary>
    /// <remarks>
    /// The code is latched on the StD rising edge. The key is reported once StD has stayed high for
    /// DtmfMinStrobeMs, stamped rise + minimum whether that is noticed by Tick, by the falling edge or
    /// by any later input, so the event time never depends on how often Tick runs. Shorter strobes
    /// are glitches and are dropped.
    /// </remarks>
    public sealed class DtmfDecoder
    {
        private readonly ILineEventSink _sink;
        private readonly int _minStrobeMs;
        private bool _high;
        private bool _reported;
        private long _riseAtMs;
        private char _key;

        public DtmfDecoder(int minStrobeMs, ILineEventSink sink)
        {
            _minStrobeMs = minStrobeMs;
            _sink = sink;
        }

        /// <summary>When false, strobes are tracked but no keys are reported (e.g. while on-hook).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>StD changed; <paramref name="code"/> is Q4..Q1 (bit 0 = Q1), read at this edge.</summary>
        public void OnStrobe(bool strobeHigh, int code, long timeMs)
        {
            Advance(timeMs);
            if (strobeHigh == _high) return;
            _high = strobeHigh;
            if (strobeHigh)
            {
                _riseAtMs = timeMs;
                _key = Mt8870Code.KeyFor(code);
                _reported = false;
                Advance(timeMs);
            }
        }

        /// <summary>Time has reached <paramref name="timeMs"/>: report a strobe that has lasted long enough.</summary>
        /// <remarks>Also called with the falling edge's time before the level drops, so a strobe of exactly
        /// the minimum counts.</remarks>
        public void Advance(long timeMs)
        {
            if (!_high || _reported || timeMs - _riseAtMs < _minStrobeMs) return;
            _reported = true;
            if (Enabled) _sink.OnLineEvent(LineEventKind.Digit, _key, DialSource.Dtmf, _riseAtMs + _minStrobeMs);
        }
    }
}
