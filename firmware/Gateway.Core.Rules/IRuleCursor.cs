namespace Gateway.Core.Rules
{
    /// <summary>Walks the dialled keys of one call through a rule set, one key at a time.</summary>
    /// <remarks>
    /// Advance is on the per-digit path: O(1), no allocation. Once a verdict other than Continue
    /// has been returned it sticks. The deciding rule is reported by length (a prefix of the keys
    /// dialled) so that no string is built until the call record is written.
    /// </remarks>
    public interface IRuleCursor
    {
        /// <summary>Start a new call that went off-hook at <paramref name="unixMs"/> (UTC, per the box
        /// clock): takes the rules in force and the class their schedule gives for that moment, which
        /// then governs the whole call (recalls included).</summary>
        void StartCall(long unixMs, bool clockSynced);

        /// <summary>Start a new number in the same call (a recall): the rules in force now, the call's class.</summary>
        void Reset();

        /// <summary>Feed one key (0-9 * #; other keys return the current verdict unchanged).</summary>
        RuleVerdict Advance(char key);

        /// <summary>Dialling ended: the longest matching rule (or the default) decides.</summary>
        RuleVerdict Finish();

        /// <summary>Current verdict (Continue until decided).</summary>
        RuleVerdict Verdict { get; }

        /// <summary>1-based index of the key at which the verdict fell; 0 while undecided or when decided by Finish.</summary>
        int DecidedAtDigit { get; }

        /// <summary>Length of the deciding rule's prefix within the dialled keys; 0 when the default decided.</summary>
        int RulePrefixLength { get; }

        /// <summary>True when the deciding rule is a built-in emergency number.</summary>
        bool IsEmergency { get; }

        /// <summary>Version of the rules this call is judged by (taken at Reset; "" when none).</summary>
        string RulesVersion { get; }

        /// <summary>Name of the class this call is judged in ("" when the rules have no classes).</summary>
        string ClassName { get; }

        /// <summary>Copies what names the deciding rule into <paramref name="decision"/> (no allocation;
        /// the text is built only when a record is made).</summary>
        void CopyDecisionTo(RuleDecision decision);

        /// <summary>True once the keys dialled begin with an emergency number, even when a verdict
        /// fell earlier for another reason (e.g. default allow decides 110 at its first key).</summary>
        bool DialledEmergency { get; }
    }
}
