namespace Gateway.Core.Rules
{
    /// <summary>What decided a number, kept without allocation until a call record names it: `block 00`, `allow 0x[2-5]`, `default block`, `emergency 112`.</summary>
    /// <remarks>
    /// The call session keeps one and refills it at every decision; the text is built at the end of
    /// the call, and the previous text is reused when it has not changed (a redial of the same rule).
    /// </remarks>
    public sealed class RuleDecision
    {
        private readonly char[] _keys = new char[RuleKeys.MaxPrefixLength];
        private readonly char[] _text = new char[16 + RuleKeys.MaxPrefixLength * 16];
        private RuleTrie _trie;
        private int _class;
        private RuleVerdict _verdict;
        private int _ruleLength;
        private bool _emergency;
        private string _last;

        /// <summary>Nothing decided.</summary>
        public void Clear()
        {
            _trie = null;
            _verdict = RuleVerdict.Continue;
        }

        /// <summary>True when a verdict fell.</summary>
        public bool Decided { get { return _verdict != RuleVerdict.Continue; } }

        internal void Set(RuleTrie trie, int c, RuleVerdict verdict, int ruleLength, bool emergency, char[] keys)
        {
            _trie = trie;
            _class = c;
            _verdict = verdict;
            _ruleLength = ruleLength > _keys.Length ? _keys.Length : ruleLength;
            _emergency = emergency;
            for (int i = 0; i < _ruleLength; i++) _keys[i] = keys[i];
        }

        /// <summary>What kind of rule decided (None when nothing was).</summary>
        public DecisionKind Kind
        {
            get
            {
                if (_trie == null || _verdict == RuleVerdict.Continue) return DecisionKind.None;
                if (_emergency) return DecisionKind.Emergency;
                if (_ruleLength == 0) return _verdict == RuleVerdict.Block ? DecisionKind.DefaultBlock : DecisionKind.DefaultAllow;
                return _verdict == RuleVerdict.Block ? DecisionKind.Block : DecisionKind.Allow;
            }
        }

        /// <summary>Talk time limit in seconds of the call this decision allowed (the rule's own, else the
        /// class's); 0 when none, when it blocked, or for an emergency number. Scans the rule table:
        /// at the end of dialling, not per key.</summary>
        public int LimitSeconds()
        {
            DecisionKind kind = Kind;
            if (kind != DecisionKind.Allow && kind != DecisionKind.DefaultAllow) return 0;
            return _trie.LimitOf(_class, _keys, 0, _ruleLength);
        }

        /// <summary>The deciding rule's wildcard pattern in its written form (`0x[2-5]`), or null when the
        /// rule is plain (its keys are the number's first keys). Allocates only when the pattern differs from the last one.</summary>
        public string Pattern()
        {
            DecisionKind kind = Kind;
            if (kind != DecisionKind.Allow && kind != DecisionKind.Block) return null;
            int p = _trie.DecidingPattern(_class, _keys, 0, _ruleLength);
            if (p < 0) return null;
            char[] t = _text;
            int n = _trie.AppendPattern(t, 0, p);
            string last = _last;
            if (last != null && last.Length == n)
            {
                int i = 0;
                while (i < n && last[i] == t[i]) i++;
                if (i == n) return last;
            }
            _last = new string(t, 0, n);
            return _last;
        }

        /// <summary>The rule as written (`block 00`, `default allow`, `emergency 112`), given the keys
        /// of a plain rule or the pattern; null for None (allocates: for tools and tests).</summary>
        public static string Describe(DecisionKind kind, string keys, string pattern)
        {
            switch (kind)
            {
                case DecisionKind.Allow: return "allow " + (pattern != null ? pattern : keys);
                case DecisionKind.Block: return "block " + (pattern != null ? pattern : keys);
                case DecisionKind.DefaultAllow: return "default allow";
                case DecisionKind.DefaultBlock: return "default block";
                case DecisionKind.Emergency: return "emergency " + keys;
                default: return null;
            }
        }

        /// <summary>The words before the keys or pattern: "allow ", "block ", "emergency ", or the whole text of a default; null for None.</summary>
        public static string Lead(DecisionKind kind)
        {
            switch (kind)
            {
                case DecisionKind.Allow: return "allow ";
                case DecisionKind.Block: return "block ";
                case DecisionKind.DefaultAllow: return "default allow";
                case DecisionKind.DefaultBlock: return "default block";
                case DecisionKind.Emergency: return "emergency ";
                default: return null;
            }
        }
    }
}
