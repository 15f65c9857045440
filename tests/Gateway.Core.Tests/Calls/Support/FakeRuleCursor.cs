using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Calls.Support
{
    /// <summary>A test double for the rule engine: exact prefixes decide at the key that completes them.</summary>
    /// <remarks>Block and allow prefixes decide as soon as they are dialled; emergency numbers allow and
    /// flag. Finish applies <see cref="FinishVerdict"/>. With <see cref="BlockEmergency"/> it answers
    /// Block for emergency numbers too, to prove the session never cuts them.</remarks>
    public sealed class FakeRuleCursor : IRuleCursor
    {
        private readonly string[] _block;
        private readonly string[] _allow;
        private readonly string[] _emergency;
        private readonly char[] _keys = new char[64];
        private int _count;

        public FakeRuleCursor(string[] block, string[] allow, string[] emergency)
        {
            _block = block ?? new string[0];
            _allow = allow ?? new string[0];
            _emergency = emergency ?? new string[0];
        }

        public RuleVerdict FinishVerdict = RuleVerdict.Allow;
        public bool BlockEmergency;
        public int Resets;
        public int Advances;

        public RuleVerdict Verdict { get; private set; }
        public int DecidedAtDigit { get; private set; }
        public int RulePrefixLength { get; private set; }
        public bool IsEmergency { get; private set; }
        public bool DialledEmergency { get; private set; }
        public string RulesVersion { get { return ""; } }
        public string ClassName { get { return ""; } }

        // A fake names no rules: records made with it have a null decidedBy.
        public void CopyDecisionTo(RuleDecision decision) { }

        public void StartCall(long unixMs, bool clockSynced) { Reset(); }

        public void Reset()
        {
            Resets++;
            _count = 0;
            Verdict = RuleVerdict.Continue;
            DecidedAtDigit = 0;
            RulePrefixLength = 0;
            IsEmergency = false;
            DialledEmergency = false;
        }

        public RuleVerdict Advance(char key)
        {
            Advances++;
            if (_count < _keys.Length) _keys[_count] = key;
            _count++;
            if (Matches(_emergency)) DialledEmergency = true;
            if (Verdict != RuleVerdict.Continue) return Verdict;
            if (Matches(_emergency)) Decide(BlockEmergency ? RuleVerdict.Block : RuleVerdict.Allow, true);
            else if (Matches(_block)) Decide(RuleVerdict.Block, false);
            else if (Matches(_allow)) Decide(RuleVerdict.Allow, false);
            return Verdict;
        }

        public RuleVerdict Finish()
        {
            if (Verdict == RuleVerdict.Continue) Verdict = FinishVerdict;
            return Verdict;
        }

        private void Decide(RuleVerdict verdict, bool emergency)
        {
            Verdict = verdict;
            DecidedAtDigit = _count;
            RulePrefixLength = _count;
            IsEmergency = emergency;
        }

        private bool Matches(string[] prefixes)
        {
            for (int p = 0; p < prefixes.Length; p++)
            {
                string prefix = prefixes[p];
                if (prefix.Length != _count) continue;
                bool same = true;
                for (int i = 0; i < _count && same; i++) same = prefix[i] == _keys[i];
                if (same) return true;
            }
            return false;
        }
    }
}
