namespace Gateway.Core.Rules
{
    /// <summary>Where the number being dialled stands with an authorization code entry (docs/rules.md, "Authorization codes").</summary>
    public enum CodeEntryState
    {
        /// <summary>No code entry: the rules have no codes, or the keys departed from the code prefix.</summary>
        None = 0,
        /// <summary>Every key so far is the start of the code prefix (none dialled yet included).</summary>
        Prefix = 1,
        /// <summary>The prefix is complete; the code's digits are being entered.</summary>
        Code = 2,
        /// <summary>A code matched: the keys after it are the number, judged in the code's class.</summary>
        Accepted = 3,
        /// <summary>The code matched none (or dialling ended inside it): the number is blocked.</summary>
        Wrong = 4,
        /// <summary>Codes were locked when the prefix was complete: the number is blocked.</summary>
        Locked = 5,
    }
}
