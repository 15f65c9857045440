namespace Gateway.Core.Line
{
    /// <summary>Counts decadic (loop-disconnect) pulses into digits.</summary>
    /// <remarks>
    /// Fed by <see cref="LoopBreakClassifier"/> with breaks already classified as pulses. A digit ends
    /// when the loop has stayed closed for the inter-digit pause (the Digit is stamped at that
    /// moment: last make + pause), or early when a longer break starts (stamped at that break's start).
    /// </remarks>
    public sealed class PulseDialDecoder
    {
        private const int MaxBreaks = 10;
        private readonly ILineEventSink _sink;
        private readonly string _digits;
        private readonly int _pauseMs;
        private int _breaks;
        private long _lastMakeAtMs;

        public PulseDialDecoder(string pulseDigits, int interDigitPauseMs, ILineEventSink sink)
        {
            _digits = pulseDigits;
            _pauseMs = interDigitPauseMs;
            _sink = sink;
        }

        /// <summary>A pulse break ended: the loop closed again at <paramref name="makeAtMs"/>.</summary>
        public void OnPulse(long makeAtMs)
        {
            // Past 10 breaks there is no digit; keep counting so the train is dropped as a whole.
            if (_breaks <= MaxBreaks) _breaks++;
            _lastMakeAtMs = makeAtMs;
        }

        /// <summary>The loop is closed at <paramref name="timeMs"/>: end the digit if the pause has passed.</summary>
        public void AdvanceClosed(long timeMs)
        {
            if (_breaks > 0 && timeMs - _lastMakeAtMs >= _pauseMs) Finish(_lastMakeAtMs + _pauseMs);
        }

        /// <summary>A non-pulse break (flash, hang-up, or unclassifiable) started: the digit ends there.</summary>
        public void Finish(long atMs)
        {
            if (_breaks == 0) return;
            int breaks = _breaks;
            _breaks = 0;
            // More than 10 breaks is no digit in any national plan: ignored rather than guessed.
            if (breaks > MaxBreaks) return;
            _sink.OnLineEvent(LineEventKind.Digit, _digits[breaks - 1], DialSource.Pulse, atMs);
        }
    }
}
