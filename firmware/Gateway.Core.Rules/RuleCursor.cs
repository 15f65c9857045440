namespace Gateway.Core.Rules
{
    /// <summary>Walks one call's keys through the rules in force and the emergency numbers: O(1) per key, no allocation.</summary>
    /// <remarks>
    /// Reset takes the rule book's current trie, so a rule update during a call does not disturb
    /// the call in progress. The decision falls at the first key after which every continuation
    /// gets the same verdict: a uniform trie node (or leaving the trie) decides; while an
    /// emergency number is still possible, the emergency-path table decides instead (only an
    /// Allow can fall there, since the emergency number itself would be allowed).
    /// With authorization codes, keys that are the start of the code prefix are held (Continue)
    /// until they complete it or depart from it; on departure they are judged as the number's
    /// first keys, and a verdict that would have fallen on an earlier one falls at this key. A
    /// complete prefix is followed by the code's digits, checked at the last one: a match starts
    /// the number afresh in the code's class, anything else blocks it.
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
        private RulesInForce _inForce;
        private int _callClass;        // the class of the call: the schedule's at off-hook, or an accepted code's

        // Authorization codes (docs/rules.md): the entry at the start of the number.
        private readonly CodeLockout _lockout;
        private RuleCodes _codes;
        private CodeEntryState _entry;
        private int _entryKeys;
        private readonly char[] _held = new char[RuleCodes.MaxPrefixLength];
        private readonly byte[] _code = new byte[RuleCodes.MaxLength];
        private int _codeLength;
        private string _codeLabel;
        private DecisionKind _refusal;
        private bool _justLocked;
        private long _nowMs;

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
            _lockout = book.Lockout;
            Reset();
        }

        /// <inheritdoc/>
        public void StartCall(long unixMs, bool clockSynced)
        {
            _callClass = _fixedClass ? _wantedClass : _book.Current.Trie.ClassAt(unixMs, clockSynced);
            _codeLabel = null;
            Reset();
        }

        /// <inheritdoc/>
        public void Reset()
        {
            RulesInForce rules = _book.Current;
            _inForce = rules;
            _trie = rules.Trie;
            _version = rules.Version;
            _codes = _trie.Codes;
            _entry = _codes != null ? CodeEntryState.Prefix : CodeEntryState.None;
            _entryKeys = 0;
            ForgetCode();
            _justLocked = false;
            StartNumber();
        }

        // The walk from the root in the call's class (a class the rules in force lack falls back to the first).
        private void StartNumber()
        {
            _class = _callClass < _trie.ClassCount ? _callClass : 0;
            _paths = _inForce.Paths[_class];
            _refusal = DecisionKind.None;
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
        public RuleVerdict Advance(char key) { return Advance(key, _nowMs); }

        /// <inheritdoc/>
        public RuleVerdict Advance(char key, long timeMs)
        {
            int k = RuleKeys.IndexOf(key);
            if (k < 0) return _verdict;
            _nowMs = timeMs;
            _justLocked = false;
            if (_entry == CodeEntryState.Prefix)
            {
                if (k == _codes.Prefix[_entryKeys])
                {
                    _held[_entryKeys++] = key;
                    if (_entryKeys < _codes.PrefixLength) return _verdict;
                    if (_lockout.IsLocked(timeMs))
                    {
                        _entry = CodeEntryState.Locked;
                        Refuse(DecisionKind.CodesLocked);
                    }
                    else _entry = CodeEntryState.Code;
                    return _verdict;
                }
                // Not a code entry after all: the held keys and this one are the number's first keys.
                _entry = CodeEntryState.None;
                int held = _entryKeys;
                _entryKeys = 0;
                for (int i = 0; i < held; i++) Step(RuleKeys.IndexOf(_held[i]), _held[i]);
                Step(k, key);
                if (_verdict != RuleVerdict.Continue && _decidedAt < _depth) _decidedAt = _depth;
                return _verdict;
            }
            if (_entry == CodeEntryState.Code)
            {
                _code[_codeLength++] = (byte)key;
                _entryKeys++;
                if (_codeLength < _codes.CodeLength) return _verdict;
                int match = _codes.Match(_code, _codeLength);
                ForgetCode();
                if (match >= 0)
                {
                    _entry = CodeEntryState.Accepted;
                    _codeLabel = _codes.Labels[match];
                    _callClass = _codes.Classes[match];
                    StartNumber();
                    return _verdict;
                }
                _entry = CodeEntryState.Wrong;
                Refuse(DecisionKind.WrongCode);
                _justLocked = _lockout.Wrong(timeMs, _codes.LockoutCount, _codes.LockoutWindowSeconds * 1000L, _codes.LockoutSeconds * 1000L);
                return _verdict;
            }
            return Step(k, key);
        }

        // The code's digits are not kept once checked.
        private void ForgetCode()
        {
            for (int i = 0; i < _code.Length; i++) _code[i] = 0;
            _codeLength = 0;
        }

        private void Refuse(DecisionKind why)
        {
            Decide(RuleVerdict.Block, 0, 0, false);
            _refusal = why;
        }

        // One key of the number through the trie and the emergency numbers.
        private RuleVerdict Step(int k, char key)
        {
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
            if (_entry == CodeEntryState.Prefix && _entryKeys > 0)
            {
                // Dialling ended inside the code prefix: those keys were the number.
                _entry = CodeEntryState.None;
                int held = _entryKeys;
                _entryKeys = 0;
                for (int i = 0; i < held; i++) Step(RuleKeys.IndexOf(_held[i]), _held[i]);
                if (_verdict != RuleVerdict.Continue) _decidedAt = 0;
            }
            else if (_entry == CodeEntryState.Code)
            {
                // Dialling ended inside the code: no code can match (not counted toward the lockout).
                ForgetCode();
                _entry = CodeEntryState.Wrong;
                Refuse(DecisionKind.WrongCode);
            }
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
            _callClass = _wantedClass;
            _codeLabel = null;
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
            if (_refusal != DecisionKind.None) decision.SetRefusal(_refusal);
        }

        /// <inheritdoc/>
        public CodeEntryState CodeEntry { get { return _entry; } }

        /// <inheritdoc/>
        public int CodeEntryKeys { get { return _entryKeys; } }

        /// <inheritdoc/>
        public string CodeLabel { get { return _codeLabel; } }

        /// <inheritdoc/>
        public bool CodesJustLocked { get { return _justLocked; } }

        /// <inheritdoc/>
        public CodeLockout Lockout { get { return _lockout; } }

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
