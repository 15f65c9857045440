namespace Gateway.Core.Rules
{
    /// <summary>Counts wrong authorization codes on the box's monotonic clock and locks codes after too
    /// many (docs/rules.md, "Lockout"): one per box, shared by all its lines, kept across rule updates.</summary>
    /// <remarks>
    /// COUNT wrong codes lock when the first of the last COUNT is less than WINDOW before the last
    /// one; codes then stay locked for DURATION from that last wrong code (unlocked at exactly
    /// that moment), and the count starts again from zero. Entries cut while locked are not
    /// counted. Fixed arrays: nothing is allocated when a code is checked.
    /// </remarks>
    public sealed class CodeLockout
    {
        private readonly long[] _wrong = new long[RuleCodes.MaxLockoutCount];
        private int _count;
        private int _next;
        private bool _locked;
        private long _untilMs;
        private int _lockedAfter;

        /// <summary>True while codes are locked at monotonic <paramref name="nowMs"/>.</summary>
        public bool IsLocked(long nowMs) { return _locked && nowMs < _untilMs; }

        /// <summary>Monotonic time at which the last lockout ends (meaningful once one happened).</summary>
        public long LockedUntilMs { get { return _untilMs; } }

        /// <summary>How many wrong codes caused the last lockout.</summary>
        public int LockedAfter { get { return _lockedAfter; } }

        /// <summary>Wrong codes counted toward the next lockout.</summary>
        public int Counted { get { return _count; } }

        /// <summary>Counts a wrong code at <paramref name="nowMs"/>; true when it locks codes, until
        /// <paramref name="nowMs"/> + <paramref name="durationMs"/>.</summary>
        public bool Wrong(long nowMs, int count, long windowMs, long durationMs)
        {
            int size = _wrong.Length;
            _wrong[_next] = nowMs;
            _next = (_next + 1) % size;
            if (_count < size) _count++;
            if (count < 1 || count > size || _count < count) return false;
            long first = _wrong[(_next - count + size) % size];
            if (nowMs - first >= windowMs) return false;
            _locked = true;
            _untilMs = nowMs + durationMs;
            _lockedAfter = count;
            _count = 0;
            return true;
        }

        /// <summary>Forgets every wrong code and any lockout (what a restart does).</summary>
        public void Clear()
        {
            _count = 0;
            _next = 0;
            _locked = false;
            _untilMs = 0;
            _lockedAfter = 0;
        }
    }
}
