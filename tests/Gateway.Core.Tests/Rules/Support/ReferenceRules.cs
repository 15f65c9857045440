using System;
using System.Collections;
using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>The rule semantics written the slow, obvious way, to check the trie and cursor against.</summary>
    internal sealed class ReferenceRules
    {
        // Prefixes in ordinal order, so a lookup is a binary search (the world-carrier sample has ~10,000 rules).
        private readonly ArrayList _prefixes = new ArrayList();
        private readonly ArrayList _blocks = new ArrayList();
        private readonly ArrayList _emergency = new ArrayList();

        public bool DefaultBlocks;

        public int RuleCount { get { return _prefixes.Count; } }

        /// <summary>The prefix of rule <paramref name="index"/> (rules in ordinal order).</summary>
        public string RuleAt(int index) { return (string)_prefixes[index]; }

        public bool HasRule(string prefix) { return Find(prefix) >= 0; }

        /// <summary>Whether the rule for <paramref name="prefix"/> blocks; throws when there is no such rule.</summary>
        public bool Blocks(string prefix)
        {
            int i = Find(prefix);
            if (i < 0) throw new ArgumentException("no rule for '" + prefix + "'");
            return (bool)_blocks[i];
        }

        /// <summary>Adds the rule, or replaces the action of the rule with the same prefix.</summary>
        public void SetRule(string prefix, bool blocks)
        {
            int i = Find(prefix);
            if (i >= 0)
            {
                _blocks[i] = blocks;
                return;
            }
            _prefixes.Insert(~i, prefix);
            _blocks.Insert(~i, blocks);
        }

        public int EmergencyCount { get { return _emergency.Count; } }

        public string EmergencyAt(int index) { return (string)_emergency[index]; }

        /// <summary>Adds an emergency number (once).</summary>
        public void AddEmergency(string number)
        {
            if (!_emergency.Contains(number)) _emergency.Add(number);
        }

        /// <summary>The emergency numbers, comma-separated, for failure messages.</summary>
        public string EmergencyList()
        {
            string list = "";
            for (int i = 0; i < _emergency.Count; i++) list += (i > 0 ? "," : "") + _emergency[i];
            return list;
        }

        /// <summary>What dialling exactly <paramref name="keys"/> and stopping gives.</summary>
        public RuleVerdict VerdictOf(string keys, out int ruleLength, out bool emergency)
        {
            string shortest = null;
            foreach (string e in _emergency)
                if (Begins(keys, e) && (shortest == null || e.Length < shortest.Length)) shortest = e;
            if (shortest != null)
            {
                ruleLength = shortest.Length;
                emergency = true;
                return RuleVerdict.Allow;
            }
            emergency = false;
            for (int len = keys.Length; len >= 1; len--)
            {
                int i = Find(keys.Substring(0, len));
                if (i >= 0)
                {
                    ruleLength = len;
                    return (bool)_blocks[i] ? RuleVerdict.Block : RuleVerdict.Allow;
                }
            }
            ruleLength = 0;
            return DefaultBlocks ? RuleVerdict.Block : RuleVerdict.Allow;
        }

        /// <summary>True when every continuation of <paramref name="keys"/>, stopping included, gets the same verdict.
        /// Only the rules and emergency numbers below the keys can change the verdict, so those are the continuations to try.</summary>
        public bool IsUniform(string keys)
        {
            RuleVerdict here = VerdictOnly(keys);
            foreach (string r in _prefixes)
                if (r.Length > keys.Length && Begins(r, keys) && VerdictOnly(r) != here) return false;
            foreach (string e in _emergency)
                if (e.Length > keys.Length && Begins(e, keys) && VerdictOnly(e) != here) return false;
            return true;
        }

        /// <summary>Expected cursor state after each key of <paramref name="number"/>, then after Finish.</summary>
        public ReferenceState[] Expected(string number)
        {
            ReferenceState[] states = new ReferenceState[number.Length + 1];
            ReferenceState current = new ReferenceState(RuleVerdict.Continue, 0, 0, false);
            int ruleLength;
            bool emergency;
            for (int p = 1; p <= number.Length; p++)
            {
                if (current.Verdict == RuleVerdict.Continue)
                {
                    string x = number.Substring(0, p);
                    if (IsUniform(x))
                    {
                        RuleVerdict v = VerdictOf(x, out ruleLength, out emergency);
                        current = new ReferenceState(v, p, ruleLength, emergency);
                    }
                }
                states[p - 1] = current;
            }
            if (current.Verdict == RuleVerdict.Continue)
            {
                RuleVerdict v = VerdictOf(number, out ruleLength, out emergency);
                current = new ReferenceState(v, 0, ruleLength, emergency);
            }
            states[number.Length] = current;
            return states;
        }

        private RuleVerdict VerdictOnly(string keys)
        {
            int ruleLength;
            bool emergency;
            return VerdictOf(keys, out ruleLength, out emergency);
        }

        private int Find(string prefix)
        {
            int lo = 0, hi = _prefixes.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int c = CompareOrdinal((string)_prefixes[mid], prefix);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1; else hi = mid - 1;
            }
            return ~lo;
        }

        // Ordinal by hand: the device's string has no StringComparison overloads, and culture rules must not touch '*' and '#'.
        private static int CompareOrdinal(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
                if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
            return a.Length - b.Length;
        }

        private static bool Begins(string s, string prefix)
        {
            if (prefix.Length > s.Length) return false;
            for (int i = 0; i < prefix.Length; i++) if (s[i] != prefix[i]) return false;
            return true;
        }
    }
}
