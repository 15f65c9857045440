namespace Gateway.Core.Calls
{
    /// <summary>Where a line's call session is.</summary>
    public enum CallState
    {
        /// <summary>On-hook, nothing happening.</summary>
        Idle = 0,
        /// <summary>An incoming call is ringing (or just stopped, within the answer grace).</summary>
        Ringing = 1,
        /// <summary>Off-hook for an outgoing call, no key yet.</summary>
        OffHook = 2,
        /// <summary>Keys are being dialled; ends at the inter-digit time-out or on-hook.</summary>
        Dialling = 3,
        /// <summary>Connected (dialling ended and allowed, or an answered incoming call).</summary>
        InCall = 4,
        /// <summary>Blocked: the relay holds the loop open until the exchange releases.</summary>
        Cut = 5,
    }
}
