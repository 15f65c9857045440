namespace Gateway.Core.Rules
{
    /// <summary>Where a rule update from the network is applied: the rules in force on the box.</summary>
    public interface IRuleUpdateTarget
    {
        /// <summary>Version string of the rule set in force ("" for the built-in default).</summary>
        string Version { get; }

        /// <summary>Replaces the rules in force with <c>body</c> (rule text in UTF-8, or a compiled
        /// image when <c>isImage</c>). On failure returns false with the exact reason and the old
        /// rules stay in force. <c>warnings</c> is null or a description of accepted-but-suspicious
        /// rules (e.g. a rule that would block an emergency number, which still gets through).</summary>
        bool TryApply(byte[] body, bool isImage, string version, out string reason, out string warnings);
    }
}
