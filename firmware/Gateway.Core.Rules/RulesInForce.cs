namespace Gateway.Core.Rules
{
    /// <summary>What a cursor reads during one call: the trie, the emergency-path table built for it, the version.</summary>
    internal sealed class RulesInForce
    {
        public readonly RuleTrie Trie;
        public readonly EmergencyPaths Paths;
        public readonly string Version;

        public RulesInForce(RuleTrie trie, EmergencyPaths paths, string version)
        {
            Trie = trie;
            Paths = paths;
            Version = version;
        }
    }
}
