namespace Gateway.Core.Rules
{
    /// <summary>What kind of rule decided a number (with the rule's keys, how a call record names it).</summary>
    public enum DecisionKind
    {
        /// <summary>Nothing was decided.</summary>
        None = 0,
        /// <summary>An allow rule: `allow PATTERN`.</summary>
        Allow = 1,
        /// <summary>A block rule: `block PATTERN`.</summary>
        Block = 2,
        /// <summary>No rule matched; the class's default allows.</summary>
        DefaultAllow = 3,
        /// <summary>No rule matched; the class's default blocks.</summary>
        DefaultBlock = 4,
        /// <summary>A built-in emergency number.</summary>
        Emergency = 5,
    }
}
