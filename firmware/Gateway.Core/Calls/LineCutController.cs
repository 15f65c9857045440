namespace Gateway.Core.Calls
{
    /// <summary>Opens the line relay on a block for a fixed time so the exchange releases the call, then closes it.</summary>
    /// <remarks>Pure logic: it is told the time and drives <see cref="ILineRelay"/>. While an
    /// emergency call is in progress it refuses to cut, whatever it is asked.</remarks>
    public sealed class LineCutController
    {
        private readonly ILineRelay _relay;
        private readonly int _openMs;
        private bool _cutting;
        private long _startedMs;
        private bool _emergency;

        /// <summary>Drives <paramref name="relay"/>, holding the loop open for <paramref name="openMs"/> per cut.</summary>
        public LineCutController(ILineRelay relay, int openMs)
        {
            _relay = relay;
            _openMs = openMs;
        }

        /// <summary>True while the relay holds the loop open.</summary>
        public bool IsCutting { get { return _cutting; } }

        /// <summary>While true, <see cref="RequestCut"/> refuses: the call in progress is an emergency call.</summary>
        public bool EmergencyCallActive
        {
            get { return _emergency; }
            set { _emergency = value; }
        }

        /// <summary>Opens the loop now; false (and nothing happens) during an emergency call or a cut already in progress.</summary>
        public bool RequestCut(long nowMs)
        {
            if (_emergency || _cutting) return false;
            _cutting = true;
            _startedMs = nowMs;
            _relay.SetLoopOpen(true);
            return true;
        }

        /// <summary>Closes the loop once the open time has passed; true when it did so at this tick.
        /// Before that, every tick confirms the open loop to the relay's hold circuit: ticks are what
        /// stop when the CPU freezes, so the hardware releases the line within its hold time.</summary>
        public bool Tick(long nowMs)
        {
            if (!_cutting) return false;
            if (nowMs - _startedMs < _openMs)
            {
                _relay.ConfirmOpen();
                return false;
            }
            _cutting = false;
            _relay.SetLoopOpen(false);
            return true;
        }
    }
}
