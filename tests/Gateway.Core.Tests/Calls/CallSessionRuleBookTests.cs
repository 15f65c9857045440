using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>The session with the real rule book plugged in through IRuleCursorSource's shape.</summary>
    [TestClass]
    public class CallSessionRuleBookTests
    {
        private static SessionRigWithBook Rig(string rules)
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Encoding.UTF8.GetBytes(rules), false, "t1", out reason, out warnings), reason);
            return new SessionRigWithBook(book);
        }

        [TestMethod]
        public void International_prefix_is_cut_at_the_key_where_the_rules_decide()
        {
            SessionRigWithBook rig = Rig("default allow\nblock 00\nallow 00852\n");
            rig.OffHook(0).Dtmf('0', 1000).Dtmf('0', 1200);
            Assert.IsFalse(rig.Relay.Open);  // 00852 is still possible
            rig.Dtmf('4', 1400);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(1400);
            Assert.AreEqual("00", rig.Records.Last.Rule);
            Assert.AreEqual(3, rig.Records.Last.BlockedAtDigit);
        }

        [TestMethod]
        public void Emergency_number_decided_early_by_the_default_is_still_flagged()
        {
            SessionRigWithBook rig = Rig("default allow\nblock 16\n");
            rig.OffHook(0).Dtmf('1', 1000).Dtmf('1', 1200).Dtmf('0', 1400).Tick(6000).OnHook(60000);
            Assert.IsTrue(rig.Records.Last.Emergency);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Emergency_number_under_default_block_gets_through()
        {
            SessionRigWithBook rig = Rig("default block\n");
            rig.OffHook(0).Dtmf('1', 1000).Dtmf('2', 1200).Dtmf('0', 1400).Tick(6000).OnHook(60000);
            Assert.AreEqual(0, rig.Relay.Changes);
            Assert.IsTrue(rig.Records.Last.Emergency);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Transfer_after_a_recall_to_a_blocked_prefix_is_cut_by_the_real_rules()
        {
            SessionRigWithBook rig = Rig("default allow\nblock 00\nallow 00852\n");
            rig.OffHook(0).Dtmf('8', 1000).Dtmf('1', 1200).Tick(6000).Flash(20000).Dtmf('0', 21000).Dtmf('0', 21200);
            Assert.IsFalse(rig.Relay.Open, "00852 is still possible");
            rig.Dtmf('4', 21400);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(21400);
            Assert.AreEqual("81R004", rig.Records.Last.Digits);
            Assert.AreEqual("00", rig.Records.Last.Rule);
            Assert.AreEqual(6, rig.Records.Last.BlockedAtDigit);
        }

        [TestMethod]
        public void Emergency_number_after_a_recall_gets_through_under_default_block()
        {
            SessionRigWithBook rig = Rig("default block\nallow 8\n");
            rig.OffHook(0).Dtmf('8', 1000).Tick(6000).Flash(20000).Dtmf('1', 21000).Dtmf('1', 21200).Dtmf('0', 21400).Tick(30000).OnHook(60000);
            Assert.AreEqual(0, rig.Relay.Changes);
            Assert.IsTrue(rig.Records.Last.Emergency);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Ordinary_number_is_not_flagged_emergency()
        {
            SessionRigWithBook rig = Rig("default allow\n");
            rig.OffHook(0).Dtmf('1', 1000).Dtmf('3', 1200).Tick(6000).OnHook(60000);
            Assert.IsFalse(rig.Records.Last.Emergency);
        }
    }

    /// <summary>Records say why: the rules version, the class and the deciding rule as written.</summary>
    [TestClass]
    public class CallSessionWhyTests
    {
        private static SessionRigWithBook Rig(string rules)
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Encoding.UTF8.GetBytes(rules), false, "2026-11-30.1", out reason, out warnings), reason);
            return new SessionRigWithBook(book);
        }

        [TestMethod]
        public void A_blocked_call_names_the_wildcard_rule_its_class_and_the_rules_version()
        {
            SessionRigWithBook rig = Rig("class staff\nblock 00x[2-5]\nallow 0033\nclass night\ndefault block\n");
            rig.OffHook(0).Dtmf('0', 1000).Dtmf('0', 1200).Dtmf('4', 1400).Dtmf('4', 1600);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(1700);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual("2026-11-30.1", r.RulesVersion);
            Assert.AreEqual("staff", r.Class);
            Assert.AreEqual("0044", r.Rule);
            Assert.AreEqual("block 00x[2-5]", r.DecidedBy());
        }

        [TestMethod]
        public void A_plain_rule_that_beats_a_wildcard_is_named_itself()
        {
            SessionRigWithBook rig = Rig("block 00x[2-5]\nallow 0033\n");
            rig.OffHook(0).Dtmf('0', 1000).Dtmf('0', 1200).Dtmf('3', 1400).Dtmf('3', 1600).Tick(7000).OnHook(60000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("allow 0033", r.DecidedBy());
            Assert.IsNull(r.Class);
        }

        [TestMethod]
        public void Defaults_and_emergency_numbers_are_named_and_a_call_without_a_decision_names_none()
        {
            SessionRigWithBook rig = Rig("default block\nallow 8\n");
            rig.OffHook(0).Dtmf('5', 1000).OnHook(2000);
            Assert.AreEqual("default block", rig.Records.Last.DecidedBy());
            rig.OffHook(3000).Dtmf('1', 4000).Dtmf('1', 4200).Dtmf('0', 4400).Tick(9000).OnHook(60000);
            Assert.AreEqual("emergency 110", rig.Records.Last.DecidedBy());
            rig.OffHook(70000).OnHook(71000);
            Assert.IsNull(rig.Records.Last.DecidedBy());
            Assert.AreEqual(DecisionKind.None, rig.Records.Last.Decision);
        }
    }

    /// <summary>A session on a real RuleBook cursor, with the same recorders as <see cref="SessionRig"/>.</summary>
    public sealed class SessionRigWithBook
    {
        public readonly RecordList Records = new RecordList();
        public readonly RelayLog Relay = new RelayLog();
        public readonly CallSession Session;

        private readonly TimeBase _clock = new TimeBase();

        public SessionRigWithBook(RuleBook book)
        {
            _clock.Set(SessionRig.Anchor, true);
            Session = new CallSession("box1", "line1", new CallSettings(), book.CreateCursor(),
                new LineCutController(Relay, 1500), _clock, Records, null);
        }

        /// <summary>Sets the box clock: Unix ms at monotonic 0, and whether it is synchronised.</summary>
        public void SetClock(long unixMsAtZero, bool synced) { _clock.Set(unixMsAtZero, synced); }

        public SessionRigWithBook OffHook(long t) { Session.OnLineEvent(Gateway.Core.Line.LineEventKind.OffHook, '\0', Gateway.Core.Line.DialSource.None, t); return this; }
        public SessionRigWithBook OnHook(long t) { Session.OnLineEvent(Gateway.Core.Line.LineEventKind.OnHook, '\0', Gateway.Core.Line.DialSource.None, t); return this; }
        public SessionRigWithBook Dtmf(char key, long t) { Session.OnLineEvent(Gateway.Core.Line.LineEventKind.Digit, key, Gateway.Core.Line.DialSource.Dtmf, t); return this; }
        public SessionRigWithBook Flash(long t) { Session.OnLineEvent(Gateway.Core.Line.LineEventKind.Flash, '\0', Gateway.Core.Line.DialSource.None, t); return this; }
        public SessionRigWithBook Tick(long t) { Session.Tick(t); return this; }
    }
}
