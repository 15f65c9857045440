namespace Gateway.Core.Calls
{
    /// <summary>How a call ended, as the backend sees it.</summary>
    public enum CallOutcome
    {
        /// <summary>Dialled, allowed, and hung up normally.</summary>
        Completed = 0,
        /// <summary>A rule blocked the number; the line was cut.</summary>
        Blocked = 1,
        /// <summary>Off-hook and on-hook again without a digit.</summary>
        Abandoned = 2,
        /// <summary>The line rang and was answered.</summary>
        Incoming = 3,
        /// <summary>The line rang and nobody answered.</summary>
        Missed = 4,
        /// <summary>Allowed, and cut when its talk time limit ran out.</summary>
        Limited = 5,
    }
}
