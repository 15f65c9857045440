using System;
using Gateway.Core.Calls;
using Gateway.Core.Tests.Calls.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>Random days of calls (outgoing, answered, missed; numbers, recalls, cuts) against a
    /// reference written from the contract: one record per call, the right digits, outcome, rule and
    /// flags, a cut exactly when a number is blocked, and never a cut once an emergency number was dialled.</summary>
    [TestClass]
    public class CallSessionPropertyTests
    {
        // The rig's fake rules (SessionRig): exact prefixes decide at the key that completes them.
        private static readonly string[] Block = { "00", "168" };
        private static readonly string[] Allow = { "8" };
        private static readonly string[] Emergency = { "110", "120" };
        private static readonly string[] Starts = { "00", "0085", "168", "110", "120", "8", "5", "1", "16", "" };

        private const int KeyStepMs = 300;

        /// <summary>What the contract says one call's record must be, built alongside the events.</summary>
        private sealed class Expected
        {
            public CallDirection Direction = CallDirection.Outgoing;
            public string Digits = "";
            public bool AnyKey;
            public bool Emergency;
            public bool Cut;
            public bool Missed;
            public int BlockedAt;
            public int Flashes;
            public string Rule;
        }

        private static bool Contains(string[] set, string s)
        {
            for (int i = 0; i < set.Length; i++)
                if (set[i] == s) return true;
            return false;
        }

        // True when `number` begins with one of `set`, which is returned in `which`.
        private static bool StartsWithOneOf(string number, string[] set, out string which)
        {
            for (int i = 0; i < set.Length; i++)
                if (number.Length >= set[i].Length && number.Substring(0, set[i].Length) == set[i])
                {
                    which = set[i];
                    return true;
                }
            which = null;
            return false;
        }

        // The fake cursor's decision for a number: the shortest prefix that is an emergency, block or
        // allow entry (emergency first), as the key count at which it falls; 0 when undecided.
        private static int DecisionAt(string number, out bool block, out string rule)
        {
            for (int n = 1; n <= number.Length; n++)
            {
                string p = number.Substring(0, n);
                bool isEmergency = Contains(Emergency, p), isBlock = Contains(Block, p), isAllow = Contains(Allow, p);
                if (isEmergency || isBlock || isAllow)
                {
                    block = isBlock && !isEmergency;
                    rule = p;
                    return n;
                }
            }
            block = false;
            rule = null;
            return 0;
        }

        private static string RandomNumber(SeededRandom rnd)
        {
            string s = Starts[rnd.Next(Starts.Length)];
            int extra = rnd.Next(5);
            for (int i = 0; i < extra; i++) s += (char)('0' + rnd.Next(10));
            return s;
        }

        /// <summary>Dials one number after `digitsBefore` positions; returns true when the call was cut (and ended).</summary>
        private static bool DialNumber(SessionRig rig, Expected x, string number, ref long t)
        {
            bool block;
            string rule;
            int at = DecisionAt(number, out block, out rule);
            string emergencyPrefix;
            bool emergencyNumber = StartsWithOneOf(number, Emergency, out emergencyPrefix);
            int start = x.Digits.Length;
            for (int i = 0; i < number.Length; i++)
            {
                rig.Dtmf(number[i], t);
                x.Digits += number[i];
                x.AnyKey = true;
                if (emergencyNumber && i + 1 >= emergencyPrefix.Length) x.Emergency = true;
                if (i + 1 == at)
                {
                    x.Rule = rule;
                    if (block && !x.Emergency)
                    {
                        Assert.IsTrue(rig.Relay.Open, "blocked number " + number + " not cut at key " + (i + 1));
                        x.Cut = true;
                        x.BlockedAt = start + at;
                        rig.OnHook(t + 100).TickThrough(t + 100, t + 2000);
                        t += 2000;
                        return true;
                    }
                }
                Assert.IsFalse(rig.Relay.Open, "cut at key " + (i + 1) + " of " + number + " (digits so far " + x.Digits + ")");
                t += KeyStepMs;
            }
            return false;
        }

        private static Expected PlayCall(SessionRig rig, SeededRandom rnd, ref long t)
        {
            Expected x = new Expected();
            int kind = rnd.Next(10);
            if (kind == 0)
            {
                // Rings twice and stops: missed.
                x.Direction = CallDirection.Incoming;
                x.Missed = true;
                rig.RingStart(t).RingStop(t + 6000).TickThrough(t + 6000, t + 7000);
                t += 8000;
                return x;
            }
            if (kind <= 2)
            {
                x.Direction = CallDirection.Incoming;
                rig.RingStart(t).OffHook(t + 1500).RingStop(t + 1550);
                t += 2000;
                // Menu keys in the answered call: neither checked nor recorded.
                int noise = rnd.Next(3);
                for (int i = 0; i < noise; i++, t += KeyStepMs) rig.Dtmf((char)('0' + rnd.Next(10)), t);
                t += 1000;
            }
            else
            {
                rig.OffHook(t);
                t += 1000;
                if (DialNumber(rig, x, RandomNumber(rnd), ref t)) return x;
            }
            int recalls = x.Direction == CallDirection.Incoming ? 1 + rnd.Next(2) : rnd.Next(3);
            for (int r = 0; r < recalls; r++)
            {
                // Either the number got through (dialling timed out) or it is abandoned by a quick recall.
                if (rnd.Next(2) == 0)
                {
                    t += 5000;
                    rig.Tick(t);
                    bool block;
                    string rule;
                    int last = x.Digits.LastIndexOf('R') + 1;
                    string number = x.Digits.Substring(last);
                    if (number.Length > 0 && DecisionAt(number, out block, out rule) == 0) x.Rule = null;  // Finish: the default decided
                }
                t += 1000;
                rig.Flash(t);
                x.Flashes++;
                x.Digits += "R";
                t += 1000;
                if (DialNumber(rig, x, RandomNumber(rnd), ref t)) return x;
            }
            if (rnd.Next(2) == 0) t += 5000;  // sometimes let the last number time out first
            else t += 500;
            rig.Tick(t);
            string lastNumber = x.Digits.Substring(x.Digits.LastIndexOf('R') + 1);
            bool b;
            string rl;
            if (lastNumber.Length > 0 && DecisionAt(lastNumber, out b, out rl) == 0) x.Rule = null;  // Finish at time-out or hang-up
            rig.OnHook(t);
            t += 1000;
            return x;
        }

        private static void Check(Expected x, CallRecord r, string context)
        {
            Assert.AreEqual(x.Direction, r.Direction, context + " direction");
            Assert.AreEqual(x.Digits, r.Digits, context + " digits");
            CallOutcome outcome = x.Missed ? CallOutcome.Missed
                : x.Cut ? CallOutcome.Blocked
                : x.Direction == CallDirection.Incoming ? CallOutcome.Incoming
                : x.AnyKey ? CallOutcome.Completed : CallOutcome.Abandoned;
            Assert.AreEqual((int)outcome, (int)r.Outcome, context + " outcome");
            Assert.AreEqual(x.Cut ? x.BlockedAt : 0, r.BlockedAtDigit, context + " blockedAtDigit");
            Assert.AreEqual(x.Flashes, r.Flashes, context + " flashes");
            Assert.AreEqual(x.Emergency, r.Emergency, context + " emergency");
            Assert.AreEqual(x.Rule, r.Rule, context + " rule");
        }

        [TestMethod]
        public void Random_days_of_calls_match_the_contract_call_by_call()
        {
            int trials = PropertyTrials.Of(400);
            int cuts = 0, emergencyRecalls = 0, records = 0;
            for (int seed = 1; seed <= trials; seed++)
            {
                SeededRandom rnd = new SeededRandom(seed);
                SessionRig rig = new SessionRig();
                long t = 1000;
                int calls = 1 + rnd.Next(4);
                for (int c = 0; c < calls; c++)
                {
                    Expected x = PlayCall(rig, rnd, ref t);
                    string context = "seed " + seed + " call " + (c + 1);
                    Assert.AreEqual(c + 1, rig.Records.Count, context + ": one record per call");
                    Check(x, rig.Records.Last, context + " (" + rig.Records.Last.Digits + ")");
                    Assert.IsFalse(rig.Relay.Open, context + ": the relay closed again");
                    if (x.Cut) cuts++;
                    if (x.Emergency && x.Flashes > 0) emergencyRecalls++;
                    records++;
                    t += 10000;
                }
            }
            if (trials == 400)
            {
                // The generator must reach the cases that matter, or the property proves little.
                Assert.IsTrue(cuts >= 50, "only " + cuts + " cuts in " + records + " calls");
                Assert.IsTrue(emergencyRecalls >= 10, "only " + emergencyRecalls + " emergency calls with a recall");
            }
        }
    }
}
