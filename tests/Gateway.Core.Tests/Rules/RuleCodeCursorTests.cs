using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The cursor with authorization codes (docs/rules.md, "Authorization codes"): traces of
    /// timestamped keys, the verdict after each, the class and label, and the lockout's boundaries.</summary>
    [TestClass]
    public class RuleCodeCursorTests
    {
        // staff (first class, in force without a schedule) blocks 00; manager allows everything; night allows only 8.
        private static RuleBook Book(string extra)
        {
            return RuleTestSupport.Book(RuleCodeTextTests.Policy("codes *7 4\n" + extra
                + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711")
                + RuleCodeTextTests.CodeLine("guard", "night", RuleCodeTextTests.SaltB, "0815")));
        }

        private static RuleCursor Start(RuleBook book)
        {
            RuleCursor cursor = book.CreateCursor();
            cursor.StartCall(0, true);
            return cursor;
        }

        // Feeds keys one second apart from startMs; returns the verdicts as a string of C, A, B.
        private static string Dial(RuleCursor cursor, string keys, long startMs)
        {
            char[] trace = new char[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                RuleVerdict v = cursor.Advance(keys[i], startMs + 1000L * i);
                trace[i] = v == RuleVerdict.Continue ? 'C' : (v == RuleVerdict.Allow ? 'A' : 'B');
            }
            return new string(trace);
        }

        private static DecisionKind Kind(RuleCursor cursor)
        {
            RuleDecision d = new RuleDecision();
            cursor.CopyDecisionTo(d);
            return d.Kind;
        }

        [TestMethod]
        public void A_right_code_switches_the_call_to_its_class_and_the_number_after_it_is_judged_there()
        {
            RuleCursor cursor = Start(Book(""));
            Assert.AreEqual("staff", cursor.ClassName);
            Assert.AreEqual("CCCCCC", Dial(cursor, "*74711", 0));
            Assert.AreEqual(CodeEntryState.Accepted, cursor.CodeEntry);
            Assert.AreEqual(6, cursor.CodeEntryKeys);
            Assert.AreEqual("manager", cursor.ClassName);
            Assert.AreEqual("boss", cursor.CodeLabel);
            // 0044 is blocked in staff, allowed (default) in manager at its first key after the code.
            Assert.AreEqual("AAAA", Dial(cursor, "0044", 10000));
            Assert.AreEqual(1, cursor.DecidedAtDigit);
            Assert.AreEqual(0, cursor.RulePrefixLength);
            Assert.AreEqual(DecisionKind.DefaultAllow, Kind(cursor));
        }

        [TestMethod]
        public void The_code_class_holds_for_numbers_after_a_recall_and_a_new_call_starts_in_the_schedule_class()
        {
            RuleCursor cursor = Start(Book(""));
            Dial(cursor, "*70815", 0);
            Assert.AreEqual("night", cursor.ClassName);
            Assert.AreEqual("guard", cursor.CodeLabel);
            Assert.AreEqual("B", Dial(cursor, "5", 7000));
            cursor.Reset();
            Assert.AreEqual("night", cursor.ClassName);
            Assert.AreEqual("guard", cursor.CodeLabel);
            Assert.AreEqual("A", Dial(cursor, "8", 9000));
            // After a recall a code may be entered again.
            cursor.Reset();
            Assert.AreEqual("CCCCCCA", Dial(cursor, "*747110", 10000));
            Assert.AreEqual("manager", cursor.ClassName);
            Assert.AreEqual("boss", cursor.CodeLabel);
            cursor.StartCall(20000, true);
            Assert.AreEqual("staff", cursor.ClassName);
            Assert.IsNull(cursor.CodeLabel);
            Assert.AreEqual("CB", Dial(cursor, "00", 20000));
        }

        [TestMethod]
        public void A_wrong_code_blocks_at_its_last_digit_and_names_no_rule()
        {
            RuleCursor cursor = Start(Book(""));
            Assert.AreEqual("CCCCCB", Dial(cursor, "*74712", 0));
            Assert.AreEqual(CodeEntryState.Wrong, cursor.CodeEntry);
            Assert.AreEqual(0, cursor.DecidedAtDigit);
            Assert.AreEqual(0, cursor.RulePrefixLength);
            Assert.AreEqual(DecisionKind.WrongCode, Kind(cursor));
            Assert.AreEqual("wrong code", RuleDecision.Describe(DecisionKind.WrongCode, "", null));
            Assert.AreEqual("staff", cursor.ClassName);
            Assert.IsNull(cursor.CodeLabel);
            Assert.AreEqual("BB", Dial(cursor, "12", 9000));
            Assert.AreEqual(1, cursor.Lockout.Counted);
            // A * or # where a digit belongs is a wrong code too.
            cursor.StartCall(0, true);
            Assert.AreEqual("CCCCCB", Dial(cursor, "*747#1", 20000));
        }

        [TestMethod]
        public void Keys_that_depart_from_the_prefix_are_the_number_and_a_verdict_due_earlier_falls_at_the_departing_key()
        {
            RuleBook book = Book("");
            RuleCursor cursor = Start(book);
            // *5 in staff: default allow, which would have decided at the * already.
            Assert.AreEqual("CA", Dial(cursor, "*5", 0));
            Assert.AreEqual(2, cursor.DecidedAtDigit);
            Assert.AreEqual(CodeEntryState.None, cursor.CodeEntry);
            Assert.AreEqual(0, cursor.CodeEntryKeys);
            cursor.StartCall(0, true);
            Assert.AreEqual("CB", Dial(cursor, "00", 0));
            Assert.AreEqual(2, cursor.DecidedAtDigit);
            Assert.AreEqual(2, cursor.RulePrefixLength);
            // Dialling that ends inside the prefix: the keys were the number, decided at the end.
            cursor.StartCall(0, true);
            Assert.AreEqual("C", Dial(cursor, "*", 0));
            Assert.AreEqual(1, cursor.CodeEntryKeys);
            Assert.AreEqual(RuleVerdict.Allow, cursor.Finish());
            Assert.AreEqual(0, cursor.DecidedAtDigit);
            Assert.AreEqual(CodeEntryState.None, cursor.CodeEntry);
        }

        [TestMethod]
        public void Dialling_that_ends_inside_the_code_is_a_wrong_code_not_counted_toward_the_lockout()
        {
            RuleCursor cursor = Start(Book(""));
            Assert.AreEqual("CCCC", Dial(cursor, "*747", 0));
            Assert.AreEqual(CodeEntryState.Code, cursor.CodeEntry);
            Assert.AreEqual(4, cursor.CodeEntryKeys);
            Assert.AreEqual(RuleVerdict.Block, cursor.Finish());
            Assert.AreEqual(DecisionKind.WrongCode, Kind(cursor));
            Assert.AreEqual(0, cursor.Lockout.Counted);
        }

        [TestMethod]
        public void Emergency_numbers_come_first_with_codes_and_after_a_code()
        {
            RuleCursor cursor = Start(Book(""));
            // staff allows by default, so the default decides at the first key; the call is still an emergency call.
            Assert.AreEqual("AAA", Dial(cursor, "112", 0));
            Assert.IsTrue(cursor.DialledEmergency);
            cursor.StartCall(0, true);
            Dial(cursor, "*70815", 0);
            Assert.AreEqual("night", cursor.ClassName);
            Assert.AreEqual("CCA", Dial(cursor, "110", 7000));
            Assert.IsTrue(cursor.IsEmergency);
            Assert.AreEqual(3, cursor.DecidedAtDigit);
        }

        [TestMethod]
        public void Count_wrong_codes_within_the_window_lock_codes_for_the_duration_from_the_last()
        {
            // lockout 3 60s 120s: wrong codes at 0, 30 s and 59.999 s (the first less than 60 s before the last) lock until 179.999 s.
            RuleBook book = Book("lockout 3 60s 120s\n");
            RuleCursor cursor = book.CreateCursor();
            long[] wrongAt = new long[] { 0, 30000, 59999 };
            for (int i = 0; i < wrongAt.Length; i++)
            {
                cursor.StartCall(0, true);
                Assert.AreEqual("CCCCCB", Dial(cursor, "*70000", wrongAt[i] - 5000));
                Assert.AreEqual(i == 2, cursor.CodesJustLocked, "wrong code " + (i + 1));
            }
            Assert.AreEqual(179999L, book.Lockout.LockedUntilMs);
            Assert.AreEqual(3, book.Lockout.LockedAfter);
            // Locked: cut at the prefix's last key, not counted, and even the right code is not asked for.
            cursor.StartCall(0, true);
            Assert.AreEqual("CB", Dial(cursor, "*7", 179998 - 1000));
            Assert.AreEqual(CodeEntryState.Locked, cursor.CodeEntry);
            Assert.AreEqual(DecisionKind.CodesLocked, Kind(cursor));
            Assert.AreEqual(0, cursor.DecidedAtDigit);
            Assert.AreEqual(0, book.Lockout.Counted);
            Assert.IsFalse(cursor.CodesJustLocked);
            // Numbers that are no code entry still go through while codes are locked.
            cursor.StartCall(0, true);
            Assert.AreEqual("A", Dial(cursor, "5", 100000));
            // Unlocked at exactly the end.
            cursor.StartCall(0, true);
            Assert.AreEqual("CCCCCC", Dial(cursor, "*74711", 179999 - 1000));
            Assert.AreEqual("manager", cursor.ClassName);
        }

        [TestMethod]
        public void Wrong_codes_exactly_a_window_apart_do_not_lock()
        {
            RuleBook book = Book("lockout 2 60s 120s\n");
            RuleCursor cursor = book.CreateCursor();
            cursor.StartCall(0, true);
            Dial(cursor, "*70000", -5000);
            cursor.StartCall(0, true);
            Dial(cursor, "*70000", 60000 - 5000);
            Assert.IsFalse(cursor.CodesJustLocked);
            Assert.IsFalse(book.Lockout.IsLocked(60000));
            // The third, less than 60 s after the second, locks.
            cursor.StartCall(0, true);
            Dial(cursor, "*70000", 119999 - 5000);
            Assert.IsTrue(cursor.CodesJustLocked);
            Assert.IsTrue(book.Lockout.IsLocked(119999));
            Assert.IsTrue(book.Lockout.IsLocked(239998));
            Assert.IsFalse(book.Lockout.IsLocked(239999));
        }

        [TestMethod]
        public void The_lockout_is_the_box_s_all_lines_count_together()
        {
            RuleBook book = Book("lockout 2 10m 30m\n");
            RuleCursor line1 = book.CreateCursor(), line2 = book.CreateCursor();
            line1.StartCall(0, true);
            line2.StartCall(0, true);
            Dial(line1, "*70000", 0);
            Dial(line2, "*71111", 10000);
            Assert.IsTrue(line2.CodesJustLocked);
            line1.StartCall(0, true);
            Assert.AreEqual("CB", Dial(line1, "*7", 20000));
            // A rule update keeps the lockout.
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(RuleTestSupport.Utf8(RuleCodeTextTests.Policy("codes *7 4\n" + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711"))), false, "v2", out reason, out warnings), reason);
            line1.StartCall(0, true);
            Assert.AreEqual("CB", Dial(line1, "*7", 30000));
        }
    }
}
