namespace Gateway.Core.Line
{
    /// <summary>What the line-signalling decoders report to the call logic.</summary>
    public enum LineEventKind
    {
        /// <summary>Loop closed long enough to be a real off-hook (after debounce).</summary>
        OffHook = 1,
        /// <summary>Loop open longer than the flash maximum: the caller hung up.</summary>
        OnHook = 2,
        /// <summary>A loop break in the hook-flash (recall) window.</summary>
        Flash = 3,
        /// <summary>A dialled key (DTMF or pulse); see the event's key and source.</summary>
        Digit = 4,
        /// <summary>Ringing cadence detected: an incoming call is being offered.</summary>
        RingStart = 5,
        /// <summary>Ringing stopped (answered or abandoned by the far end).</summary>
        RingStop = 6,
    }
}
