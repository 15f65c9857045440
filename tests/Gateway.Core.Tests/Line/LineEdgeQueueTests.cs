using Gateway.Core.Line;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    [TestClass]
    public class LineEdgeQueueTests
    {
        [TestMethod]
        public void Edges_come_out_in_the_order_they_went_in_across_the_wrap()
        {
            LineEdgeQueue q = new LineEdgeQueue(3);
            byte input; bool level; int code; long t;
            for (int round = 0; round < 5; round++)
            {
                Assert.IsTrue(q.Push(LineEdgeQueue.Hook, true, 0, round * 10));
                Assert.IsTrue(q.Push(LineEdgeQueue.Strobe, false, 7, round * 10 + 1));
                Assert.IsTrue(q.TryTake(out input, out level, out code, out t));
                Assert.AreEqual(LineEdgeQueue.Hook, input);
                Assert.IsTrue(level);
                Assert.AreEqual(round * 10L, t);
                Assert.IsTrue(q.TryTake(out input, out level, out code, out t));
                Assert.AreEqual(LineEdgeQueue.Strobe, input);
                Assert.IsFalse(level);
                Assert.AreEqual(7, code);
                Assert.AreEqual(round * 10L + 1, t);
                Assert.IsFalse(q.TryTake(out input, out level, out code, out t));
            }
            Assert.AreEqual(0, q.Lost);
        }

        [TestMethod]
        public void A_full_queue_refuses_and_counts_the_edge_and_keeps_the_older_ones()
        {
            LineEdgeQueue q = new LineEdgeQueue(2);
            Assert.IsTrue(q.Push(LineEdgeQueue.Ring, true, 0, 1));
            Assert.IsTrue(q.Push(LineEdgeQueue.Ring, false, 0, 2));
            Assert.IsFalse(q.Push(LineEdgeQueue.Ring, true, 0, 3));
            Assert.AreEqual(1, q.Lost);
            byte input; bool level; int code; long t;
            Assert.IsTrue(q.TryTake(out input, out level, out code, out t));
            Assert.AreEqual(1L, t);
            Assert.IsTrue(q.Push(LineEdgeQueue.Ring, true, 0, 4));
            Assert.IsTrue(q.TryTake(out input, out level, out code, out t));
            Assert.AreEqual(2L, t);
            Assert.IsTrue(q.TryTake(out input, out level, out code, out t));
            Assert.AreEqual(4L, t);
        }
    }
}
