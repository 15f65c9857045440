namespace Gateway.Core.Rules
{
    /// <summary>The rule engine's answer after each dialled key.</summary>
    public enum RuleVerdict
    {
        /// <summary>Not decided yet: some continuations would be allowed, others blocked.</summary>
        Continue = 0,
        /// <summary>Every continuation is allowed.</summary>
        Allow = 1,
        /// <summary>Every continuation is blocked: cut the line.</summary>
        Block = 2,
    }
}
