namespace Gateway.Core.Line
{
    /// <summary>How a key reached the box.</summary>
    public enum DialSource
    {
        /// <summary>Not a digit event.</summary>
        None = 0,
        /// <summary>Tone dialling, decoded by the MT8870.</summary>
        Dtmf = 1,
        /// <summary>Decadic (rotary) loop-break dialling.</summary>
        Pulse = 2,
    }
}
