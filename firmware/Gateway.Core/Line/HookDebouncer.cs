namespace Gateway.Core.Line
{
    /// <summary>Removes contact bounce from the raw loop-sense edges without losing short makes.</summary>
    /// <remarks>
    /// Lockout debounce: a change is taken at its first edge, the edges in the next DebounceMs are
    /// bounce, and the level at the end of that window decides whether a further change happened
    /// (attributed to the last raw edge, so the result does not depend on when Tick runs). A plain
    /// "stable for N ms" filter would swallow the 20 ms makes of 14 pps / 72 % dialling once callback
    /// jitter shortens them to a few ms; here a make of any reported length still counts.
    /// </remarks>
    public sealed class HookDebouncer
    {
        private readonly IHookLevelListener _listener;
        private readonly int _debounceMs;
        private bool _stable;
        private bool _raw;
        private long _rawChangedAtMs;
        private bool _locked;
        private long _lockUntilMs;

        public HookDebouncer(int debounceMs, IHookLevelListener listener)
        {
            _debounceMs = debounceMs;
            _listener = listener;
        }

        /// <summary>The debounced level (true = loop closed); starts open (on-hook).</summary>
        public bool LoopClosed { get { return _stable; } }

        /// <summary>A raw edge as reported by the adapter, with the level read at that edge.</summary>
        public void OnEdge(bool loopClosed, long timeMs)
        {
            Advance(timeMs);
            if (loopClosed != _raw)
            {
                _raw = loopClosed;
                _rawChangedAtMs = timeMs;
            }
            if (_locked || _raw == _stable) return;
            Take(timeMs);
        }

        /// <summary>Time has reached <paramref name="timeMs"/>: close any bounce window that has ended.</summary>
        public void Advance(long timeMs)
        {
            while (_locked && timeMs >= _lockUntilMs)
            {
                _locked = false;
                // The last raw change inside the window is where the line really settled.
                if (_raw != _stable) Take(_rawChangedAtMs);
            }
        }

        private void Take(long atMs)
        {
            _stable = _raw;
            _locked = _debounceMs > 0;
            _lockUntilMs = atMs + _debounceMs;
            _listener.OnLoopChanged(_stable, atMs);
        }
    }
}
