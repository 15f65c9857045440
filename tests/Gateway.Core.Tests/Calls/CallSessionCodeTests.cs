using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>Authorization codes on a line (docs/rules.md, "Authorization codes"): timestamped line
    /// events in, the cut, the live events and the record out; the code's keys never show.</summary>
    [TestClass]
    public class CallSessionCodeTests
    {
        private static SessionRigWithBook Rig(RuleBook book) { return new SessionRigWithBook(book); }

        private static RuleBook CodeBook(string extra)
        {
            return Book(RuleCodeTextTests.Policy("codes *7 4\n" + extra
                + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711")));
        }

        private static SessionRigWithBook DialKeys(SessionRigWithBook rig, string keys, long t)
        {
            for (int i = 0; i < keys.Length; i++) rig.Dtmf(keys[i], t + 200L * i);
            return rig;
        }

        [TestMethod]
        public void A_right_code_lets_a_staff_blocked_number_through_and_the_record_has_the_label_but_not_the_code()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0);
            DialKeys(rig, "*747110044", 1000);
            Assert.IsFalse(rig.Relay.Open, "0044 is allowed in class manager");
            rig.Tick(1000 + 9 * 200 + 4000).OnHook(60000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual("0044", r.Digits);
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("manager", r.Class);
            Assert.AreEqual("boss", r.Auth);
            Assert.AreEqual("default allow", r.DecidedBy());
            Assert.AreEqual("offhook@0 key0@2200 allow1@2200 key0@2400 key4@2600 key4@2800 onhook@60000", rig.Live.Text);
        }

        [TestMethod]
        public void A_wrong_code_cuts_at_once_and_says_so()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0);
            DialKeys(rig, "*74712", 1000);
            Assert.IsTrue(rig.Relay.Open, "cut at the last digit of the wrong code");
            rig.OnHook(2100);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual("", r.Digits);
            Assert.AreEqual(DialMethod.None, r.Dial, "no key recorded");
            Assert.AreEqual(0, r.BlockedAtDigit);
            Assert.AreEqual(CallOutcome.Blocked, r.Outcome);
            Assert.AreEqual("wrong code", r.DecidedBy());
            Assert.IsNull(r.Auth);
            Assert.AreEqual("staff", r.Class);
            Assert.AreEqual("offhook@0 block0@2000 linecut@2000 onhook@2100", rig.Live.Text);
        }

        [TestMethod]
        public void A_key_the_rules_ignore_inside_a_code_entry_is_neither_the_code_nor_the_number()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0);
            DialKeys(rig, "*A74D711", 1000);
            DialKeys(rig, "0044", 5000);
            Assert.IsFalse(rig.Relay.Open);
            rig.OnHook(20000);
            Assert.AreEqual("0044", rig.Records.Last.Digits);
            Assert.AreEqual("boss", rig.Records.Last.Auth);
            // Outside an entry such a key is recorded as always.
            rig.OffHook(30000).Dtmf('A', 31000).Dtmf('5', 31200).OnHook(40000);
            Assert.AreEqual("A5", rig.Records.Last.Digits);
        }

        [TestMethod]
        public void Keys_that_leave_the_prefix_are_recorded_and_published_with_their_own_times()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0).Dtmf('*', 1000).Dtmf('5', 1300);
            Assert.AreEqual("offhook@0 key*@1000 key5@1300 allow2@1300", rig.Live.Text);
            rig.OnHook(3000);
            Assert.AreEqual("*5", rig.Records.Last.Digits);
            Assert.IsNull(rig.Records.Last.Auth);
            // Hung up with only the start of the prefix: that key was the number.
            rig.OffHook(10000).Dtmf('*', 11000).OnHook(12000);
            Assert.AreEqual("*", rig.Records.Last.Digits);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            // And at the inter-digit time-out.
            rig.OffHook(20000).Dtmf('*', 21000).Tick(25000).OnHook(30000);
            Assert.AreEqual("*", rig.Records.Last.Digits);
        }

        [TestMethod]
        public void The_code_class_and_label_hold_across_a_recall_and_recall_marks_stay()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0).Dtmf('8', 1000).Tick(6000).Flash(10000);
            DialKeys(rig, "*747110044", 11000);
            rig.Tick(20000).Flash(30000).Dtmf('0', 31000).Dtmf('0', 31200).Dtmf('1', 31400);
            Assert.IsFalse(rig.Relay.Open, "00 after the recall is still judged in class manager");
            rig.OnHook(40000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual("8R0044R001", r.Digits);
            Assert.AreEqual("manager", r.Class);
            Assert.AreEqual("boss", r.Auth);
            // The next call starts again in the schedule's class.
            rig.OffHook(50000).Dtmf('0', 51000).Dtmf('0', 51200);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(51300);
            Assert.IsNull(rig.Records.Last.Auth);
            Assert.AreEqual("staff", rig.Records.Last.Class);
            Assert.AreEqual("block 00", rig.Records.Last.DecidedBy());
        }

        [TestMethod]
        public void A_wrong_code_after_an_emergency_number_never_cuts_the_call()
        {
            SessionRigWithBook rig = Rig(CodeBook(""));
            rig.OffHook(0).Dtmf('1', 1000).Dtmf('1', 1200).Dtmf('0', 1400).Tick(6000).Flash(10000);
            DialKeys(rig, "*70000", 11000);
            Assert.IsFalse(rig.Relay.Open);
            Assert.AreEqual(0, rig.Relay.Changes);
            rig.Tick(20000).OnHook(30000);
            CallRecord r = rig.Records.Last;
            Assert.IsTrue(r.Emergency);
            Assert.AreEqual("wrong code", r.DecidedBy());
            Assert.AreEqual("110R", r.Digits);
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
        }

        [TestMethod]
        public void Lockout_sends_one_event_then_cuts_code_entries_at_the_prefix_until_it_ends()
        {
            SessionRigWithBook rig = Rig(CodeBook("lockout 2 10m 30m\n"));
            rig.OffHook(0);
            DialKeys(rig, "*70000", 1000);
            rig.OnHook(3000).Tick(5000).OffHook(10000);
            DialKeys(rig, "*71111", 11000);
            rig.OnHook(13000).Tick(15000);
            Assert.AreEqual(1, Count(rig.Live.Text, "lockout"));
            Assert.IsTrue(rig.Live.Text.IndexOf("lockout2until1812000@12000") >= 0, rig.Live.Text);
            // Locked: cut at the prefix, even for the right code, and not counted again.
            rig.OffHook(20000).Dtmf('*', 21000).Dtmf('7', 21200);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(21300).Tick(23000);
            Assert.AreEqual("codes locked", rig.Records.Last.DecidedBy());
            Assert.AreEqual(1, Count(rig.Live.Text, "lockout"));
            // At the end of the lockout the code works again.
            rig.OffHook(1812000 - 2000);
            DialKeys(rig, "*74711", 1812000 - 200);
            Assert.IsFalse(rig.Relay.Open);
            rig.OnHook(1812000 + 5000);
            Assert.AreEqual("boss", rig.Records.Last.Auth);
        }

        private static int Count(string text, string word)
        {
            int n = 0;
            for (int i = text.IndexOf(word); i >= 0; i = text.IndexOf(word, i + 1)) n++;
            return n;
        }
    }
}
