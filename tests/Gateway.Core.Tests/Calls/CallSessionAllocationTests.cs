using System;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    /// <summary>Host-only: the per-key and per-event path must not allocate (the device's GC stops the world).</summary>
    [TestClass]
    public class CallSessionAllocationTests
    {
        [TestMethod]
        public void Keys_flashes_ticks_and_decisions_do_not_allocate()
        {
            SessionRig rig = new SessionRig();
            rig.Live.Enabled = false;
            long t = 0;
            long allocated = 0;
            for (int round = 0; round < 3; round++)
            {
                rig.OffHook(t);  // starting and ending calls may allocate (the record); measured separately
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 20; i++)
                {
                    t += 200;
                    rig.Session.OnLineEvent(LineEventKind.Digit, (char)('1' + i % 9), i % 2 == 0 ? DialSource.Dtmf : DialSource.Pulse, t);
                    rig.Session.Tick(t + 10);
                }
                t += 5000;
                rig.Session.Tick(t);
                rig.Session.OnLineEvent(LineEventKind.Flash, '\0', DialSource.None, t + 100);
                rig.Session.OnLineEvent(LineEventKind.Digit, '5', DialSource.Dtmf, t + 200);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                rig.OnHook(t + 1000);
                t += 2000;
            }
            Assert.AreEqual(0L, allocated);
        }
    }
}
