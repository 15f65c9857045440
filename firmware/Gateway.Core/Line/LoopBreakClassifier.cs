namespace Gateway.Core.Line
{
    /// <summary>Classifies debounced loop changes into off-hook, dial pulses, hook flash and hang-up.</summary>
    /// <remarks>
    /// Break length decides: below PulseBreakMinMs a noise spike (ignored), up to PulseBreakMaxMs a
    /// pulse (none when PulseDialling is off), FlashMinMs..FlashMaxMs a flash (reported when the loop closes again), longer a hang-up (reported once the break passes FlashMaxMs,
    /// stamped with the time the loop opened). Breaks between the pulse maximum and the flash minimum
    /// are neither and are ignored, though they still end a pulse digit. A closure from idle becomes
    /// an off-hook only after OffHookMinMs, stamped with the time the loop closed.
    /// </remarks>
    public sealed class LoopBreakClassifier : IHookLevelListener
    {
        private const int Idle = 0;      // on-hook, loop open
        private const int Seizing = 1;   // loop closed from idle, not yet long enough
        private const int Closed = 2;    // off-hook, loop closed
        private const int Break = 3;     // off-hook, loop open for now

        private readonly ILineEventSink _sink;
        private readonly PulseDialDecoder _pulses;
        private readonly int _offHookMinMs;
        private readonly int _pulseBreakMinMs;
        private readonly int _pulseBreakMaxMs;
        private readonly int _flashMinMs;
        private readonly int _flashMaxMs;
        private int _state = Idle;
        private long _sinceMs;
        private long _closedSinceMs;   // start of the make a break interrupted, restored if the break was a spike

        public LoopBreakClassifier(LineTimings timings, PulseDialDecoder pulses, ILineEventSink sink)
        {
            _offHookMinMs = timings.OffHookMinMs;
            _pulseBreakMinMs = timings.PulseBreakMinMs;
            // Without pulse dialling no break is a pulse: shorter than a flash is ignored.
            _pulseBreakMaxMs = timings.PulseDialling ? timings.PulseBreakMaxMs : -1;
            _flashMinMs = timings.FlashMinMs;
            _flashMaxMs = timings.FlashMaxMs;
            _pulses = pulses;
            _sink = sink;
        }

        public void OnLoopChanged(bool loopClosed, long timeMs)
        {
            Advance(timeMs);
            switch (_state)
            {
                case Idle:
                    if (loopClosed) Enter(Seizing, timeMs);
                    break;
                case Seizing:
                    if (!loopClosed) Enter(Idle, timeMs);
                    break;
                case Closed:
                    if (!loopClosed)
                    {
                        _closedSinceMs = _sinceMs;
                        Enter(Break, timeMs);
                    }
                    break;
                case Break:
                    if (loopClosed) EndBreak(timeMs);
                    break;
            }
        }

        /// <summary>Time has reached <paramref name="timeMs"/>: report what the elapsed time decides.</summary>
        public void Advance(long timeMs)
        {
            long elapsed = timeMs - _sinceMs;
            switch (_state)
            {
                case Seizing:
                    if (elapsed >= _offHookMinMs)
                    {
                        _state = Closed;
                        _sink.OnLineEvent(LineEventKind.OffHook, '\0', DialSource.None, _sinceMs);
                    }
                    break;
                case Closed:
                    _pulses.AdvanceClosed(timeMs);
                    break;
                case Break:
                    if (elapsed > _pulseBreakMaxMs) _pulses.Finish(_sinceMs);
                    if (elapsed > _flashMaxMs)
                    {
                        _state = Idle;
                        _sink.OnLineEvent(LineEventKind.OnHook, '\0', DialSource.None, _sinceMs);
                    }
                    break;
            }
        }

        private void EndBreak(long timeMs)
        {
            long length = timeMs - _sinceMs;
            if (length < _pulseBreakMinMs)
            {
                // A spike, not a break: the make it interrupted simply goes on.
                Enter(Closed, _closedSinceMs);
                return;
            }
            // A longer break already ended the digit in progress: Advance ran first with this time.
            if (length <= _pulseBreakMaxMs) _pulses.OnPulse(timeMs);
            else if (length >= _flashMinMs) _sink.OnLineEvent(LineEventKind.Flash, '\0', DialSource.None, timeMs);
            Enter(Closed, timeMs);
        }

        private void Enter(int state, long timeMs)
        {
            _state = state;
            _sinceMs = timeMs;
        }
    }
}
