namespace Gateway.Core.Calls
{
    /// <summary>How the digits of a call were dialled.</summary>
    public enum DialMethod
    {
        /// <summary>No digit was dialled.</summary>
        None = 0,
        /// <summary>Every digit was DTMF.</summary>
        Dtmf = 1,
        /// <summary>Every digit was decadic pulses.</summary>
        Pulse = 2,
        /// <summary>Some of each.</summary>
        Mixed = 3,
    }
}
