using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Calls;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Schedules (docs/rules.md, "Schedules"): the class by local time, dated exceptions, the
    /// unsynchronised clock, the strictest class, and errors that name the line.</summary>
    [TestClass]
    public class RuleScheduleTests
    {
        private const string Office = "timezone +08:00\n"
            + "class staff\nblock 00\n"
            + "class night\ndefault block\nallow 8xxx\n"
            + "class manager\n"
            + "schedule mon-fri 08:30-18:00 staff\n"
            + "schedule sat 09:00-12:00 staff\n"
            + "holiday 2026-10-01 night\n"
            + "holiday 2026-12-24 12:00-24:00 night\n";

        // 2026-11-30 is a Monday; local time is UTC+8.
        private const long MondayMidnightLocal = 1795996800000L - 8 * 3600000L;
        private const long Minute = 60000L;
        private const long Day = 1440 * Minute;

        private static RuleTrie Trie(string text)
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text), out set, out error), error);
            return RuleTrieBuilder.Build(set, "v");
        }

        private static void AssertError(string text, string expected)
        {
            RuleSet set;
            string error;
            Assert.IsFalse(RuleTextParser.TryParse(Utf8(text), out set, out error), "should be refused: " + text);
            Assert.AreEqual(expected, error);
        }

        private static string ClassAt(RuleTrie trie, long unixMs)
        {
            return trie.ClassName(trie.ClassAt(unixMs, true));
        }

        [TestMethod]
        public void Weekly_windows_cover_their_start_and_not_their_end()
        {
            RuleTrie t = Trie(Office);
            Assert.AreEqual("night", ClassAt(t, MondayMidnightLocal + (8 * 60 + 29) * Minute + 59999));
            Assert.AreEqual("staff", ClassAt(t, MondayMidnightLocal + (8 * 60 + 30) * Minute));
            Assert.AreEqual("staff", ClassAt(t, MondayMidnightLocal + 18 * 60 * Minute - 1));
            Assert.AreEqual("night", ClassAt(t, MondayMidnightLocal + 18 * 60 * Minute));
            Assert.AreEqual("staff", ClassAt(t, MondayMidnightLocal + 4 * Day + 10 * 60 * Minute), "Friday");
            Assert.AreEqual("staff", ClassAt(t, MondayMidnightLocal + 5 * Day + 11 * 60 * Minute), "Saturday morning");
            Assert.AreEqual("night", ClassAt(t, MondayMidnightLocal + 5 * Day + 12 * 60 * Minute), "Saturday noon");
            Assert.AreEqual("night", ClassAt(t, MondayMidnightLocal + 6 * Day + 10 * 60 * Minute), "Sunday");
        }

        [TestMethod]
        public void Dated_exceptions_win_over_the_weekly_windows_in_local_time()
        {
            RuleTrie t = Trie(Office);
            long oct1 = MondayMidnightLocal - 60 * Day;   // 2026-10-01, a Thursday
            Assert.AreEqual("night", ClassAt(t, oct1 + 10 * 60 * Minute));
            Assert.AreEqual("staff", ClassAt(t, oct1 + Day + 10 * 60 * Minute), "the day after");
            Assert.AreEqual("night", ClassAt(t, oct1 - 1), "the evening before");
            long dec24 = MondayMidnightLocal + 24 * Day;  // a Thursday
            Assert.AreEqual("staff", ClassAt(t, dec24 + 11 * 60 * Minute + 59 * Minute));
            Assert.AreEqual("night", ClassAt(t, dec24 + 12 * 60 * Minute));
        }

        [TestMethod]
        public void Without_a_synchronised_clock_the_strictest_class_unless_the_text_names_one()
        {
            RuleTrie t = Trie(Office);
            Assert.AreEqual("night", t.ClassName(t.ClassAt(MondayMidnightLocal + 10 * 60 * Minute, false)));
            Assert.AreEqual("night", t.ClassName(t.Schedule.OtherwiseClass), "otherwise defaults to the strictest too");
            RuleTrie named = Trie(Office + "unsynced manager\notherwise staff\n");
            Assert.AreEqual("manager", named.ClassName(named.ClassAt(MondayMidnightLocal + 10 * 60 * Minute, false)));
            Assert.AreEqual("staff", ClassAt(named, MondayMidnightLocal + 20 * 60 * Minute));
        }

        [TestMethod]
        public void The_strictest_class_allows_the_smallest_share_and_ties_go_to_the_first()
        {
            // a allows 11/12 (block 0); b allows 1/12 (allow 8); c allows 1/12 - 1/144 + 1/1728.
            RuleTrie t = Trie("timezone +00:00\nclass a\nblock 0\nclass b\ndefault block\nallow 8\nclass c\ndefault block\nallow 8\nblock 81\nallow 812\notherwise a\n");
            Assert.AreEqual("c", t.ClassName(t.Schedule.UnsyncedClass));
            RuleTrie tie = Trie("timezone +00:00\nclass a\ndefault block\nallow 1\nclass b\ndefault block\nallow 2\nschedule mon 00:00-01:00 a\n");
            Assert.AreEqual("a", tie.ClassName(tie.Schedule.UnsyncedClass));
            Assert.AreEqual("a", tie.ClassName(tie.Schedule.OtherwiseClass));
        }

        [TestMethod]
        public void Without_schedule_lines_the_first_class_always_judges()
        {
            RuleTrie t = Trie("class day\nclass night\ndefault block\n");
            Assert.IsNull(t.Schedule);
            Assert.AreEqual(0, t.ClassAt(0, false));
            RuleTrie unsynced = Trie("class day\nclass night\ndefault block\nunsynced night\n");
            Assert.AreEqual(0, unsynced.ClassAt(0, true));
            Assert.AreEqual(1, unsynced.ClassAt(0, false));
        }

        [TestMethod]
        public void Day_ranges_may_wrap_and_lists_combine()
        {
            RuleTrie t = Trie("timezone -05:00\nclass a\nclass b\nschedule fri-mon,wed 00:00-24:00 b\notherwise a\n");
            long mondayLocal = MondayMidnightLocal + 8 * 3600000L + 5 * 3600000L;
            string[] want = { "b", "a", "b", "a", "b", "b", "b" };
            for (int d = 0; d < 7; d++) Assert.AreEqual(want[d], ClassAt(t, mondayLocal + d * Day + 12 * 60 * Minute), "day " + d);
        }

        [TestMethod]
        public void Schedule_errors_name_the_line()
        {
            AssertError("class a\nschedule mon 08:00-09:00 a\n", "line 2: schedules need a 'timezone' line (e.g. timezone +08:00)");
            AssertError("timezone +08:00\nclass a\nschedule mon 08:00-09:00 b\n", "line 3: class 'b' is not defined by a 'class' line");
            AssertError("timezone +08:00\nclass a\nschedule mon 18:00-08:30 a\n", "line 3: bad hours '18:00-08:30' (HH:MM-HH:MM, start before end, 00:00 to 24:00)");
            AssertError("timezone +08:00\nclass a\nholiday 2026-02-30 a\n", "line 3: bad date '2026-02-30' (YYYY-MM-DD, 2000 to 2099)");
            AssertError("timezone +08:00\nclass a\nschedule mon-fry 08:00-09:00 a\n", "line 3: bad days 'mon-fry' (mon tue wed thu fri sat sun, a range like mon-fri, a list like mon,wed)");
            AssertError("timezone +08:00\ntimezone +01:00\n", "line 2: a second 'timezone' line (first on line 1)");
            AssertError("timezone +15:00\n", "line 1: bad time zone '+15:00' (expected +HH:MM or -HH:MM, -12:00 to +14:00)");
            AssertError("class a\nunsynced a\nunsynced a\n", "line 3: a second 'unsynced' line (first on line 2)");
            AssertError("timezone +08:00\nclass a\nschedule mon 08:00-09:00\n", "line 3: expected 'schedule DAYS HH:MM-HH:MM CLASS'");
            AssertError("unsynced night\nblock 1\n", "line 1: class 'night' is not defined by a 'class' line");
        }

        [TestMethod]
        public void The_class_at_off_hook_governs_the_whole_call_across_a_boundary()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(Office), false, "day-1", out reason, out warnings), reason);
            SessionRigWithBook rig = new SessionRigWithBook(book);
            // Off-hook at 17:59:30 local (staff): 00 is blocked in staff, so 0044 after a recall at 18:01 is still cut.
            long offHook = 17 * 3600000L + 59 * Minute + 30000;
            rig.SetClock(MondayMidnightLocal, true);
            rig.OffHook(offHook).Dtmf('8', offHook + 1000).Dtmf('1', offHook + 1200).Dtmf('2', offHook + 1400).Dtmf('3', offHook + 1600)
                .Tick(offHook + 8000).Flash(offHook + 90000).Dtmf('0', offHook + 91000).Dtmf('0', offHook + 91200);
            Assert.IsTrue(rig.Relay.Open, "staff blocks 00 even after 18:00");
            rig.OnHook(offHook + 91300);
            Assert.AreEqual("staff", rig.Records.Last.Class);
            Assert.AreEqual("block 00", rig.Records.Last.DecidedBy());
            // The next call, off-hook at 18:05, is a night call: 5551234 is blocked by the night default.
            long night = 18 * 3600000L + 5 * Minute;
            rig.Tick(night - 1000).OffHook(night).Dtmf('5', night + 1000).OnHook(night + 2000);
            Assert.AreEqual("night", rig.Records.Last.Class);
            Assert.AreEqual(CallOutcome.Blocked, rig.Records.Last.Outcome);
            Assert.AreEqual("default block", rig.Records.Last.DecidedBy());
        }

        [TestMethod]
        public void A_call_that_starts_before_the_clock_is_set_is_judged_in_the_unsynced_class()
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(Office), false, "day-1", out reason, out warnings), reason);
            SessionRigWithBook rig = new SessionRigWithBook(book);
            rig.SetClock(MondayMidnightLocal, false);
            long t = 10 * 3600000L;   // 10:00 local by the box's guess: staff hours, but the clock is not set
            rig.OffHook(t).Dtmf('5', t + 1000);
            rig.SetClock(MondayMidnightLocal, true);  // synchronised during the call: the class stays
            rig.OnHook(t + 2000);
            Assert.AreEqual("night", rig.Records.Last.Class);
            Assert.IsFalse(rig.Records.Last.ClockSynced);
            Assert.AreEqual(CallOutcome.Blocked, rig.Records.Last.Outcome);
        }
    }
}
