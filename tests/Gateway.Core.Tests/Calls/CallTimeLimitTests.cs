using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>Call time limits (docs/rules.md, "Call time limits"): cut at the limit, a hang-up at the
    /// same moment wins, never an emergency call, the record says so.</summary>
    [TestClass]
    public class CallTimeLimitTests
    {
        private const string Rules = "class staff\nlimit 60m\nblock 00\nallow 00[1-9]x limit 10m\nallow 0086 limit 90s\n";

        private static SessionRigWithBook Rig()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(Rules), false, "v", out reason, out warnings), reason);
            return new SessionRigWithBook(book);
        }

        // Dials 0044 (allowed by 00[1-9]x, 10 minutes): dialling ends at the time-out, 4 s after the last key at 1600.
        private static SessionRigWithBook Dial0044(SessionRigWithBook rig)
        {
            return rig.OffHook(0).Dtmf('0', 1000).Dtmf('0', 1200).Dtmf('4', 1400).Dtmf('4', 1600).Tick(5600);
        }

        [TestMethod]
        public void An_international_call_is_cut_when_its_rule_limit_runs_out()
        {
            SessionRigWithBook rig = Dial0044(Rig());
            rig.Tick(5600 + 600000 - 1);
            Assert.IsFalse(rig.Relay.Open);
            rig.Tick(5600 + 600000);
            Assert.IsTrue(rig.Relay.Open, "cut at the limit");
            rig.OnHook(5600 + 600050);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Limited, r.Outcome);
            Assert.AreEqual(600000L, r.LimitMs);
            Assert.AreEqual("allow 00[1-9]x", r.DecidedBy());
            Assert.AreEqual(0, r.BlockedAtDigit);
        }

        [TestMethod]
        public void A_hang_up_at_the_very_millisecond_of_the_limit_is_the_callers()
        {
            SessionRigWithBook rig = Dial0044(Rig());
            rig.OnHook(5600 + 600000);
            Assert.IsFalse(rig.Relay.Open);
            Assert.AreEqual(0, rig.Relay.Changes);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.AreEqual(600000L, rig.Records.Last.LimitMs);
        }

        [TestMethod]
        public void The_class_limit_applies_when_the_rule_has_none_and_a_plain_rule_limit_wins()
        {
            SessionRigWithBook rig = Rig();
            rig.OffHook(0).Dtmf('5', 1000).Tick(5000).OnHook(100000);
            Assert.AreEqual(3600000L, rig.Records.Last.LimitMs);
            rig.OffHook(200000).Dtmf('0', 201000).Dtmf('0', 201200).Dtmf('8', 201400).Dtmf('6', 201600).Tick(205600).Tick(205600 + 90000);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(205600 + 90100);
            Assert.AreEqual(CallOutcome.Limited, rig.Records.Last.Outcome);
            Assert.AreEqual(90000L, rig.Records.Last.LimitMs);
        }

        [TestMethod]
        public void An_emergency_call_is_never_limited_even_after_a_recall()
        {
            SessionRigWithBook rig = Dial0044(Rig());
            rig.Flash(10000).Dtmf('1', 11000).Dtmf('1', 11200).Dtmf('0', 11400).Tick(15400);
            rig.Tick(5600 + 600000).Tick(5600 + 3600000 + 1);
            Assert.AreEqual(0, rig.Relay.Changes);
            rig.OnHook(5600 + 3700000);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.IsTrue(rig.Records.Last.Emergency);
            Assert.AreEqual(0L, rig.Records.Last.LimitMs);
        }

        [TestMethod]
        public void A_later_number_may_bring_the_cut_closer_but_never_push_it_back()
        {
            SessionRigWithBook rig = Dial0044(Rig());
            // After a recall, 0086 (90 s) ends dialling at 24600: its deadline 114600 comes before 605600.
            rig.Flash(20000).Dtmf('0', 20000 + 1000).Dtmf('0', 20000 + 1200).Dtmf('8', 20000 + 1400).Dtmf('6', 20000 + 1600).Tick(25600);
            rig.Tick(25600 + 90000);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(25600 + 90100);
            Assert.AreEqual(90000L, rig.Records.Last.LimitMs);
            Assert.AreEqual(CallOutcome.Limited, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Limit_errors_name_the_line()
        {
            RuleSet set;
            string error;
            Assert.IsFalse(RuleTextParser.TryParse(Utf8("allow 00 limit 10x\n"), out set, out error));
            Assert.AreEqual("line 1: bad duration '10x' (a whole number and s, m or h, 1s to 24h, e.g. 10m)", error);
            Assert.IsFalse(RuleTextParser.TryParse(Utf8("block 00 limit 10m\n"), out set, out error));
            Assert.AreEqual("line 1: unexpected 'limit 10m' after 'block 00' (one rule per line)", error);
            Assert.IsFalse(RuleTextParser.TryParse(Utf8("limit 25h\n"), out set, out error));
            Assert.AreEqual("line 1: bad duration '25h' (a whole number and s, m or h, 1s to 24h, e.g. 10m)", error);
            Assert.IsFalse(RuleTextParser.TryParse(Utf8("limit 1h\nlimit 2h\n"), out set, out error));
            Assert.AreEqual("line 2: a second 'limit' line in this class (first on line 1)", error);
            Assert.IsFalse(RuleTextParser.TryParse(Utf8("allow 00 limit 10m\nallow 00\n"), out set, out error));
            Assert.AreEqual("line 2: 'allow 00' and 'allow 00 limit 10m' on line 1 both decide 00 and neither is more specific", error);
        }
    }
}
