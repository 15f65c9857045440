using System.Collections.Generic;
using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>The rule semantics written the slow, obvious way, to check the trie and cursor against.</summary>
    internal sealed class ReferenceRules
    {
        public readonly Dictionary<string, bool> Rules = new Dictionary<string, bool>(); // prefix -> blocks
        public bool DefaultBlocks;
        public readonly List<string> Emergency = new List<string>();

        /// <summary>What dialling exactly <paramref name="keys"/> and stopping gives.</summary>
        public (RuleVerdict verdict, int ruleLength, bool emergency) VerdictOf(string keys)
        {
            string shortest = null;
            foreach (string e in Emergency)
                if (keys.StartsWith(e, System.StringComparison.Ordinal) && (shortest == null || e.Length < shortest.Length)) shortest = e;
            if (shortest != null) return (RuleVerdict.Allow, shortest.Length, true);
            for (int len = keys.Length; len >= 1; len--)
                if (Rules.TryGetValue(keys.Substring(0, len), out bool blocks))
                    return (blocks ? RuleVerdict.Block : RuleVerdict.Allow, len, false);
            return (DefaultBlocks ? RuleVerdict.Block : RuleVerdict.Allow, 0, false);
        }

        /// <summary>True when every continuation of <paramref name="keys"/>, stopping included, gets the same verdict.
        /// Only the rules and emergency numbers below the keys can change the verdict, so those are the continuations to try.</summary>
        public bool IsUniform(string keys)
        {
            RuleVerdict here = VerdictOf(keys).verdict;
            foreach (string r in Rules.Keys)
                if (r.Length > keys.Length && r.StartsWith(keys, System.StringComparison.Ordinal) && VerdictOf(r).verdict != here) return false;
            foreach (string e in Emergency)
                if (e.Length > keys.Length && e.StartsWith(keys, System.StringComparison.Ordinal) && VerdictOf(e).verdict != here) return false;
            return true;
        }

        /// <summary>Expected cursor state after each key of <paramref name="number"/>, then after Finish.</summary>
        public (RuleVerdict verdict, int at, int ruleLength, bool emergency)[] Expected(string number)
        {
            var states = new (RuleVerdict, int, int, bool)[number.Length + 1];
            (RuleVerdict, int, int, bool) current = (RuleVerdict.Continue, 0, 0, false);
            for (int p = 1; p <= number.Length; p++)
            {
                if (current.Item1 == RuleVerdict.Continue)
                {
                    string x = number.Substring(0, p);
                    if (IsUniform(x))
                    {
                        var v = VerdictOf(x);
                        current = (v.verdict, p, v.ruleLength, v.emergency);
                    }
                }
                states[p - 1] = current;
            }
            if (current.Item1 == RuleVerdict.Continue)
            {
                var v = VerdictOf(number);
                current = (v.verdict, 0, v.ruleLength, v.emergency);
            }
            states[number.Length] = current;
            return states;
        }
    }
}
