namespace Gateway.Core.Calls
{
    /// <summary>Maps monotonic milliseconds to Unix milliseconds; set by the adapter (at boot, after SNTP).</summary>
    /// <remarks>Core never reads a clock: the adapter says what Unix time monotonic 0 was and whether
    /// that came from a synchronised source.</remarks>
    public sealed class TimeBase
    {
        private long _unixMsAtZero;
        private bool _synced;

        /// <summary>True once the base came from a synchronised clock (SNTP, or a simulator's anchor).</summary>
        public bool IsSynced { get { return _synced; } }

        /// <summary>Sets the Unix time of monotonic 0 and whether it is synchronised.</summary>
        public void Set(long unixMsAtZero, bool synced)
        {
            _unixMsAtZero = unixMsAtZero;
            _synced = synced;
        }

        /// <summary>The Unix time of monotonic <paramref name="monotonicMs"/>.</summary>
        public long ToUnixMs(long monotonicMs)
        {
            return _unixMsAtZero + monotonicMs;
        }
    }
}
