namespace Gateway.Core.Status
{
    /// <summary>The line cut as the wiring self-test's relay step uses it (the box: the same relay, hold and time as a block).</summary>
    public interface ISelfTestRelay
    {
        /// <summary>Opens the loop now for the box's cut time; false when it cannot (an emergency call, a cut in progress).</summary>
        bool StartTestCut(long timeMs);

        /// <summary>True while the relay holds the loop open.</summary>
        bool IsLineCut { get; }
    }
}
