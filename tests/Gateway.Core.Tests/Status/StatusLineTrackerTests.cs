using Gateway.Core.Calls;
using Gateway.Core.Rules;
using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    [TestClass]
    public class StatusLineTrackerTests
    {
        private sealed class Count : ILiveEventSink
        {
            public int Events;
            public void OnLiveEvent(LiveEvent e) { Events++; }
        }

        private static void Feed(StatusLineTracker t, LiveEventKind kind, long ms, RuleVerdict verdict = RuleVerdict.Continue)
        {
            LiveEvent e = new LiveEvent();
            e.Kind = kind;
            e.TimeMs = ms;
            e.Verdict = verdict;
            t.OnLiveEvent(e);
        }

        [TestMethod]
        public void Off_hook_marks_the_line_in_use_until_on_hook()
        {
            StatusInputs s = new StatusInputs();
            StatusLineTracker t = new StatusLineTracker(s, null);
            Feed(t, LiveEventKind.OffHook, 10);
            Assert.IsTrue(s.LineInUse);
            Feed(t, LiveEventKind.Key, 20);
            Assert.IsTrue(s.LineInUse);
            Feed(t, LiveEventKind.OnHook, 30);
            Assert.IsFalse(s.LineInUse);
        }

        [TestMethod]
        public void Ringing_counts_as_in_use_and_answering_keeps_it_in_use()
        {
            StatusInputs s = new StatusInputs();
            StatusLineTracker t = new StatusLineTracker(s, null);
            Feed(t, LiveEventKind.RingStart, 10);
            Assert.IsTrue(s.LineInUse);
            Feed(t, LiveEventKind.OffHook, 20);
            Feed(t, LiveEventKind.RingStop, 25);
            Assert.IsTrue(s.LineInUse);
        }

        [TestMethod]
        public void A_block_decision_starts_the_blocked_hold_and_the_cut_blinks_until_restored()
        {
            StatusInputs s = new StatusInputs();
            StatusLineTracker t = new StatusLineTracker(s, null);
            Feed(t, LiveEventKind.OffHook, 0);
            Feed(t, LiveEventKind.Decision, 4000, RuleVerdict.Block);
            Assert.AreEqual(4000L, s.LastBlockMs);
            Feed(t, LiveEventKind.LineCut, 4001);
            Assert.IsTrue(s.LineCut);
            Feed(t, LiveEventKind.LineRestored, 5501);
            Assert.IsFalse(s.LineCut);
            Assert.AreEqual(4001L, s.LastBlockMs);
        }

        [TestMethod]
        public void An_allow_decision_is_not_a_block()
        {
            StatusInputs s = new StatusInputs();
            StatusLineTracker t = new StatusLineTracker(s, null);
            Feed(t, LiveEventKind.Decision, 4000, RuleVerdict.Allow);
            Assert.AreEqual(StatusInputs.Never, s.LastBlockMs);
        }

        [TestMethod]
        public void Every_event_is_passed_on()
        {
            Count next = new Count();
            StatusLineTracker t = new StatusLineTracker(new StatusInputs(), next);
            Feed(t, LiveEventKind.OffHook, 0);
            Feed(t, LiveEventKind.Flash, 1);
            Assert.AreEqual(2, next.Events);
        }
    }
}
