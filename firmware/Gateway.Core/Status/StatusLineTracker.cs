using Gateway.Core.Calls;
using Gateway.Core.Rules;

namespace Gateway.Core.Status
{
    /// <summary>Keeps the LED inputs' line fields (in use, cut, last block) in step with the box's live events, then passes each event on.</summary>
    /// <remarks>Sits between the box and the next live-event sink (the MQTT link); allocates nothing.</remarks>
    public sealed class StatusLineTracker : ILiveEventSink
    {
        private readonly StatusInputs _status;
        private readonly ILiveEventSink _next;
        private bool _offHook;
        private bool _ringing;

        /// <summary>Updates <paramref name="status"/>, then forwards to <paramref name="next"/> (may be null).</summary>
        public StatusLineTracker(StatusInputs status, ILiveEventSink next)
        {
            _status = status;
            _next = next;
        }

        public void OnLiveEvent(LiveEvent e)
        {
            switch (e.Kind)
            {
                case LiveEventKind.OffHook: _offHook = true; break;
                case LiveEventKind.OnHook: _offHook = false; break;
                case LiveEventKind.RingStart: _ringing = true; break;
                case LiveEventKind.RingStop: _ringing = false; break;
                case LiveEventKind.LineCut:
                    _status.LineCut = true;
                    _status.LastBlockMs = e.TimeMs;
                    break;
                case LiveEventKind.LineRestored: _status.LineCut = false; break;
                case LiveEventKind.Decision:
                    if (e.Verdict == RuleVerdict.Block) _status.LastBlockMs = e.TimeMs;
                    break;
            }
            _status.LineInUse = _offHook || _ringing;
            if (_next != null) _next.OnLiveEvent(e);
        }
    }
}
