namespace Gateway.Core.Rules
{
    /// <summary>For one class, for each proper prefix of each emergency number: is every continuation allowed, once
    /// rules that start with an emergency number (which can never decide) are left out?</summary>
    /// <remarks>
    /// The trie's uniform marks know nothing of the box's emergency numbers, which come from the
    /// device settings, not from the rule set. Off these paths the marks are exact; on them (at
    /// most 32 numbers x 24 keys) this table replaces them while an emergency number is still
    /// possible. Computed once per rule update, walking only the paths and their direct children.
    /// </remarks>
    internal sealed class EmergencyPaths
    {
        /// <summary>Row stride: one entry per depth 0..MaxPrefixLength.</summary>
        public const int Stride = RuleKeys.MaxPrefixLength + 1;

        private readonly bool[] _allAllowed;
        private readonly RuleTrie _trie;
        private readonly EmergencyNumbers _emergency;
        private readonly char[] _keys = new char[Stride];
        private readonly int _class;

        public EmergencyPaths(RuleTrie trie, EmergencyNumbers emergency, int c)
        {
            _trie = trie;
            _emergency = emergency;
            _class = c;
            _allAllowed = new bool[emergency.Count * Stride];
            for (int i = 0; i < emergency.Count; i++)
            {
                string number = emergency[i];
                int rank = 0;               // internal rank, -1 at a leaf or off the trie
                bool effBlocks = trie.DefaultBlocks[c];
                for (int d = 1; d < number.Length; d++)
                {
                    _keys[d - 1] = number[d - 1];
                    if (rank >= 0)
                    {
                        int child = trie.Child(rank, RuleKeys.IndexOf(number[d - 1]));
                        if (child < 0) rank = -1;
                        else
                        {
                            int r = trie.Rank(child);
                            bool internalNode = trie.IsInternal(child);
                            int flags = internalNode ? trie.Flags(r, c) : trie.LeafFlags(child - r, c);
                            if ((flags & RuleTrie.FlagRule) != 0) effBlocks = (flags & RuleTrie.FlagBlock) != 0;
                            rank = internalNode ? r : -1;
                        }
                    }
                    _allAllowed[i * Stride + d] = !effBlocks && (rank < 0 || AllLiveAllowed(rank, d));
                }
            }
        }

        /// <summary>Whether every continuation of the first <paramref name="depth"/> keys of emergency
        /// number <paramref name="index"/> is allowed.</summary>
        public bool AllAllowed(int index, int depth) { return _allAllowed[index * Stride + depth]; }

        // Below the internal node (rank) reached by _keys[0..depth), whose own verdict is allow: is
        // every node not inside an emergency number allowed too?
        private bool AllLiveAllowed(int rank, int depth)
        {
            RuleTrie trie = _trie;
            int word = trie.NodeWord(rank);
            for (int k = 0; k < RuleKeys.Count; k++)
            {
                if ((word & (1 << k)) == 0) continue;
                _keys[depth] = RuleKeys.KeyAt(k);
                int relation = Relation(depth + 1);
                if (relation == IsEmergency) continue;
                int child = trie.Child(rank, k);
                int r = trie.Rank(child);
                if (!trie.IsInternal(child))
                {
                    if ((trie.LeafFlags(child - r, _class) & RuleTrie.FlagBlock) != 0) return false;
                    continue;
                }
                int childFlags = trie.Flags(r, _class);
                if ((childFlags & RuleTrie.FlagBlock) != 0) return false;
                if (relation == OnPath)
                {
                    if (!AllLiveAllowed(r, depth + 1)) return false;
                }
                else if ((childFlags & RuleTrie.FlagUniform) == 0) return false; // its own verdict is allow, so not uniform means a block below
            }
            return true;
        }

        private const int Unrelated = 0, OnPath = 1, IsEmergency = 2;

        // How _keys[0..length) relates to the emergency numbers.
        private int Relation(int length)
        {
            int result = Unrelated;
            for (int i = 0; i < _emergency.Count; i++)
            {
                string number = _emergency[i];
                if (number.Length < length) continue;
                bool prefix = true;
                for (int d = 0; d < length && prefix; d++) prefix = number[d] == _keys[d];
                if (!prefix) continue;
                if (number.Length == length) return IsEmergency;
                result = OnPath;
            }
            return result;
        }
    }
}
