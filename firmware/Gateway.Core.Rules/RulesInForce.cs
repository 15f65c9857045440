namespace Gateway.Core.Rules
{
    /// <summary>What a cursor reads during one call: the trie, the emergency-path tables built for it (one per class), the version.</summary>
    internal sealed class RulesInForce
    {
        public readonly RuleTrie Trie;
        public readonly EmergencyPaths[] Paths;
        public readonly string Version;

        public RulesInForce(RuleTrie trie, EmergencyNumbers emergency, string version)
        {
            Trie = trie;
            Paths = new EmergencyPaths[trie.ClassCount];
            for (int c = 0; c < Paths.Length; c++) Paths[c] = new EmergencyPaths(trie, emergency, c);
            Version = version;
        }
    }
}
