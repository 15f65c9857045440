using Gateway.Core.Line;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    [TestClass]
    public class InterruptTimeBaseTests
    {
        [TestMethod]
        public void Edges_keep_their_interrupt_spacing_however_late_their_handlers_run()
        {
            // Interrupt clock 500 ms behind the monotonic one; handlers run 0, 250 and 40 ms late.
            InterruptTimeBase b = new InterruptTimeBase();
            Assert.AreEqual(1500L, b.ToMonotonic(1000, 1500));
            Assert.AreEqual(1560L, b.ToMonotonic(1060, 1810));
            Assert.AreEqual(1620L, b.ToMonotonic(1120, 1660));
            Assert.AreEqual(500L, b.OffsetMs);
        }

        [TestMethod]
        public void A_first_edge_that_ran_late_is_corrected_by_the_next_prompt_one()
        {
            InterruptTimeBase b = new InterruptTimeBase();
            // The clocks are 300 ms apart; the first handler ran 200 ms late.
            Assert.AreEqual(1500L, b.ToMonotonic(1000, 1500), "late first handler: no better estimate yet");
            Assert.AreEqual(1360L, b.ToMonotonic(1060, 1360));
            Assert.AreEqual(300L, b.OffsetMs);
            Assert.AreEqual(1500L, b.ToMonotonic(1200, 1900));
        }

        [TestMethod]
        public void An_edge_is_never_stamped_after_its_handler_ran()
        {
            InterruptTimeBase b = new InterruptTimeBase();
            b.ToMonotonic(1000, 1500);
            Assert.AreEqual(1600L, b.ToMonotonic(1200, 1600), "a stamp never lies in the future");
        }
    }
}
