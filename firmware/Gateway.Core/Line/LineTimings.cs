namespace Gateway.Core.Line
{
    /// <summary>All line-signalling timings in one place, with defaults from the standards.</summary>
    public class LineTimings
    {
    }
}
