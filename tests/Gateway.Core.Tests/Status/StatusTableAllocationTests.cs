using System;
using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    [TestClass]
    public class StatusTableAllocationTests
    {
        [TestMethod]
        public void Computing_the_leds_allocates_nothing()
        {
            // The device's LED thread runs this every 50 ms for years: no garbage allowed.
            StatusInputs s = new StatusInputs();
            s.Booting = false;
            s.LineInUse = true;
            s.RulesRefused = true;
            int sink = StatusTable.LedsAt(s, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (long t = 0; t < 100000; t += 7)
            {
                s.NetworkUp = (t & 64) != 0;
                s.LineCut = (t & 128) != 0;
                sink ^= StatusTable.LedsAt(s, t);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated (sink " + sink + ")");
        }
    }
}
