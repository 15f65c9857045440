using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>One expected cursor state: verdict, the key it was decided at (0 = at Finish or not yet),
    /// the deciding rule's length, and whether an emergency number decided it.</summary>
    internal struct ReferenceState
    {
        public RuleVerdict Verdict;
        public int At;
        public int RuleLength;
        public bool Emergency;

        public ReferenceState(RuleVerdict verdict, int at, int ruleLength, bool emergency)
        {
            Verdict = verdict;
            At = at;
            RuleLength = ruleLength;
            Emergency = emergency;
        }

        public override string ToString() { return "(" + Verdict + ", " + At + ", " + RuleLength + ", " + Emergency + ")"; }
    }
}
