namespace Gateway.Core.Rules
{
    /// <summary>Walks one call's keys through the rules in force and the emergency numbers: O(1) per key, no allocation.</summary>
    /// <remarks>
    /// Reset takes the rule book's current trie, so a rule update during a call does not disturb
    /// the call in progress. The decision falls at the first key after which every continuation
    /// gets the same verdict: a uniform trie node (or leaving the trie) decides; while an
    /// emergency number is still possible, the emergency-path table decides instead (only an
    /// Allow can fall there, since the emergency number itself would be allowed).
    /// </remarks>
    public sealed class RuleCursor : IRuleCursor
    {
        private readonly RuleBook _book;
        private readonly EmergencyNumbers _emergency;
        private RuleTrie _trie;
        private EmergencyPaths _paths;
        private string _version;
        private int _wantedClass;
        private bool _fixedClass;
        private int _class;
        private readonly char[] _keys = new char[RuleKeys.MaxPrefixLength];

        private int _depth;
        private int _rank;            // internal rank of the current node, -1 at a leaf or off the trie
        private bool _effBlocks;      // action of the longest rule matched so far (or the default)
        private int _effLength;
        private uint _emergencyCandidates;
        private bool _dialledEmergency;

        private RuleVerdict _verdict;
        private int _decidedAt;
        private int _ruleLength;
        private bool _isEmergency;

        /// <summary>A cursor on <paramref name="book"/>; call Reset before each call.</summary>
        public RuleCursor(RuleBook book)
        {
            _book = book;
            _emergency = book.Emergency;
            Reset();
        }

        /// <inheritdoc/>
        public void StartCall(long unixMs, bool clockSynced)
        {
            if (!_fixedClass) _wantedClass = _book.Current.Trie.ClassAt(unixMs, clockSynced);
            Reset();
        }

        /// <inheritdoc/>
        public void Reset()
        {
            RulesInForce rules = _book.Current;
            _trie = rules.Trie;
            _version = rules.Version;
            // A class the new rules do not have falls back to the first.
            _class = _wantedClass < _trie.ClassCount ? _wantedClass : 0;
            _paths = rules.Paths[_class];
            _depth = 0;
            _rank = 0;
            _effBlocks = _trie.DefaultBlocks[_class];
            _effLength = 0;
            _emergencyCandidates = _emergency.AllMask;
            _dialledEmergency = false;
            _verdict = RuleVerdict.Continue;
            _decidedAt = 0;
            _ruleLength = 0;
            _isEmergency = false;
        }

        /// <inheritdoc/>
        public RuleVerdict Advance(char key)
        {
            int k = RuleKeys.IndexOf(key);
            if (k < 0) return _verdict;
            int depth = ++_depth;
            if (depth <= _keys.Length) _keys[depth - 1] = key;

            bool emergencyComplete = false;
            uint candidates = _emergencyCandidates;
            if (candidates != 0)
            {
                uint still = 0;
                for (int i = 0; candidates != 0; i++, candidates >>= 1)
                {
                    if ((candidates & 1) == 0) continue;
                    string number = _emergency[i];
                    if (number[depth - 1] != key) continue;
                    if (number.Length == depth) emergencyComplete = true;
                    else still |= 1u << i;
                }
                _emergencyCandidates = emergencyComplete ? 0 : still;
                // Completion empties the candidates, so it happens at most once per call.
                if (emergencyComplete) _dialledEmergency = true;
            }
            if (_verdict != RuleVerdict.Continue) return _verdict;

            // Off the trie (rank -1) nothing below can differ from what is in force: uniform.
            bool uniform = true;
            if (_rank >= 0)
            {
                RuleTrie trie = _trie;
                int child = trie.Child(_rank, k);
                if (child < 0)
                {
                    _rank = -1;
                }
                else
                {
                    int r = trie.Rank(child);
                    bool internalNode = trie.IsInternal(child);
                    int flags = internalNode ? trie.Flags(r, _class) : trie.LeafFlags(child - r, _class);
                    if ((flags & RuleTrie.FlagRule) != 0)
                    {
                        _effBlocks = (flags & RuleTrie.FlagBlock) != 0;
                        _effLength = depth;
                    }
                    // A leaf is uniform: nothing below it.
                    if (internalNode) uniform = (flags & RuleTrie.FlagUniform) != 0;
                    _rank = internalNode ? r : -1;
                }
            }

            uint pending = _emergencyCandidates;
            if (emergencyComplete) Decide(RuleVerdict.Allow, depth, depth, true);
            else if (pending != 0)
            {
                // All pending numbers share the keys dialled so far, so the lowest one's row will do.
                int lowest = Bits.PopCount((pending & (~pending + 1)) - 1);
                if (_paths.AllAllowed(lowest, depth)) Decide(RuleVerdict.Allow, depth, _effLength, false);
            }
            else if (uniform) Decide(_effBlocks ? RuleVerdict.Block : RuleVerdict.Allow, depth, _effLength, false);
            return _verdict;
        }

        private void Decide(RuleVerdict verdict, int atDigit, int ruleLength, bool emergency)
        {
            _verdict = verdict;
            _decidedAt = atDigit;
            _ruleLength = ruleLength;
            _isEmergency = emergency;
        }

        /// <inheritdoc/>
        public RuleVerdict Finish()
        {
            // Undecided means no emergency number was completed (that decides at once).
            if (_verdict == RuleVerdict.Continue)
                Decide(_effBlocks ? RuleVerdict.Block : RuleVerdict.Allow, 0, _effLength, false);
            return _verdict;
        }

        /// <summary>Judge the calls from the next <see cref="Reset"/> on in class <paramref name="c"/>
        /// (0, the first, when the rules in force have no such class) whatever the schedule says; -1
        /// follows the schedule again (tools and tests).</summary>
        public void SelectClass(int c)
        {
            _fixedClass = c >= 0;
            _wantedClass = c < 0 ? 0 : c;
        }

        /// <summary>Class of the call in progress.</summary>
        public int Class { get { return _class; } }

        /// <inheritdoc/>
        public string ClassName { get { return _trie.ClassNames[_class]; } }

        /// <inheritdoc/>
        public string RulesVersion { get { return _version; } }

        /// <inheritdoc/>
        public void CopyDecisionTo(RuleDecision decision)
        {
            decision.Set(_trie, _class, _verdict, _ruleLength, _isEmergency, _keys);
        }

        /// <inheritdoc/>
        public RuleVerdict Verdict { get { return _verdict; } }

        /// <inheritdoc/>
        public int DecidedAtDigit { get { return _decidedAt; } }

        /// <inheritdoc/>
        public int RulePrefixLength { get { return _ruleLength; } }

        /// <inheritdoc/>
        public bool IsEmergency { get { return _isEmergency; } }

        /// <inheritdoc/>
        public bool DialledEmergency { get { return _dialledEmergency; } }
    }
}
