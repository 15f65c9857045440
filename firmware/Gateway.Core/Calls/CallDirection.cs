namespace Gateway.Core.Calls
{
    /// <summary>Who started the call.</summary>
    public enum CallDirection
    {
        /// <summary>The extension went off-hook and dialled.</summary>
        Outgoing = 0,
        /// <summary>The line rang and the extension answered.</summary>
        Incoming = 1,
    }
}
