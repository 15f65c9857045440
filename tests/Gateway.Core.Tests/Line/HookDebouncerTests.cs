using Gateway.Core.Line;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>Lockout debounce of the raw loop-sense edges (DebounceMs = 8).</summary>
    [TestClass]
    public class HookDebouncerTests
    {
        private sealed class Levels : IHookLevelListener
        {
            public string Log = "";
            public void OnLoopChanged(bool loopClosed, long timeMs)
            {
                Log += (Log.Length == 0 ? "" : " ") + (loopClosed ? "closed@" : "open@") + timeMs;
            }
        }

        private static HookDebouncer Make(out Levels levels)
        {
            levels = new Levels();
            return new HookDebouncer(8, levels);
        }

        [TestMethod]
        public void A_change_is_taken_at_its_first_edge()
        {
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 100);
            Assert.AreEqual("closed@100", l.Log);
        }

        [TestMethod]
        public void Edges_less_than_debounce_after_a_change_are_bounce()
        {
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 100);
            d.OnEdge(false, 101);
            d.OnEdge(true, 107);
            d.Advance(200);
            Assert.AreEqual("closed@100", l.Log);
        }

        [TestMethod]
        public void An_edge_exactly_debounce_after_a_change_is_a_new_change()
        {
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 100);
            d.OnEdge(false, 108);
            Assert.AreEqual("closed@100 open@108", l.Log);
        }

        [TestMethod]
        public void A_level_still_changed_when_the_window_ends_is_taken_at_its_last_edge()
        {
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 100);
            d.OnEdge(false, 103);
            d.OnEdge(true, 104);
            d.OnEdge(false, 105);
            d.Advance(108);
            Assert.AreEqual("closed@100 open@105", l.Log);
        }

        [TestMethod]
        public void A_make_reported_as_zero_ms_long_still_counts()
        {
            // 14 pps at 72 % break leaves a 20 ms make; +/-15 ms jitter can report both edges at once.
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 0);
            d.OnEdge(false, 50);
            d.OnEdge(true, 100);
            d.OnEdge(false, 100);
            d.Advance(108);
            Assert.AreEqual("closed@0 open@50 closed@100 open@100", l.Log);
        }

        [TestMethod]
        public void The_window_end_is_decided_by_time_not_by_when_advance_runs()
        {
            HookDebouncer late = Make(out Levels a);
            late.OnEdge(true, 100);
            late.OnEdge(false, 103);
            late.Advance(500);

            HookDebouncer prompt = Make(out Levels b);
            prompt.OnEdge(true, 100);
            prompt.OnEdge(false, 103);
            for (long t = 100; t <= 500; t++) prompt.Advance(t);

            Assert.AreEqual(a.Log, b.Log);
        }

        [TestMethod]
        public void A_repeated_report_of_the_same_level_is_ignored()
        {
            HookDebouncer d = Make(out Levels l);
            d.OnEdge(true, 100);
            d.OnEdge(true, 150);
            d.OnEdge(true, 200);
            Assert.AreEqual("closed@100", l.Log);
        }
    }
}
