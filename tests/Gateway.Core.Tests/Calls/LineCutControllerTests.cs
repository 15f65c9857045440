using Gateway.Core.Calls;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    [TestClass]
    public class LineCutControllerTests
    {
        [TestMethod]
        public void Cut_opens_the_loop_and_closes_it_after_the_open_time()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            Assert.IsTrue(cut.RequestCut(10000));
            Assert.IsTrue(relay.Open);
            Assert.IsFalse(cut.Tick(11499));
            Assert.IsTrue(relay.Open);
            Assert.IsTrue(cut.Tick(11500));
            Assert.IsFalse(relay.Open);
            Assert.IsFalse(cut.IsCutting);
        }

        [TestMethod]
        public void Cut_is_refused_during_an_emergency_call()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.EmergencyCallActive = true;
            Assert.IsFalse(cut.RequestCut(0));
            Assert.AreEqual(0, relay.Changes);
        }

        [TestMethod]
        public void Second_cut_request_during_a_cut_does_not_extend_it()
        {
            RelayLog relay = new RelayLog();
            LineCutController cut = new LineCutController(relay, 1500);
            cut.RequestCut(0);
            Assert.IsFalse(cut.RequestCut(1000));
            Assert.IsTrue(cut.Tick(1500));
            Assert.AreEqual(2, relay.Changes);
        }
    }
}
