using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    /// <summary>When the MQTT adapter may start a (TLS) connection attempt: never over a call in progress, a cut or an unset clock.</summary>
    [TestClass]
    public class ConnectPermitTests
    {
        private static readonly CallState[] Busy = new CallState[] { CallState.Ringing, CallState.OffHook, CallState.Dialling, CallState.InCall };

        [TestMethod]
        public void A_tls_attempt_starts_only_on_an_idle_line_with_the_clock_set()
        {
            Assert.IsNull(ConnectPermit.WaitReason(true, true, CallState.Idle, false));
            Assert.AreEqual(ConnectPermit.WaitForClock, ConnectPermit.WaitReason(true, false, CallState.Idle, false));
        }

        [TestMethod]
        public void A_tls_attempt_waits_while_the_line_is_in_use_whatever_the_clock()
        {
            for (int i = 0; i < Busy.Length; i++)
            {
                Assert.AreEqual(ConnectPermit.WaitForIdleLine, ConnectPermit.WaitReason(true, true, Busy[i], false), "state " + (int)Busy[i]);
                Assert.AreEqual(ConnectPermit.WaitForIdleLine, ConnectPermit.WaitReason(true, false, Busy[i], false), "state " + (int)Busy[i]);
            }
        }

        [TestMethod]
        public void A_tls_attempt_waits_for_the_end_of_a_cut()
        {
            Assert.AreEqual(ConnectPermit.WaitForCutEnd, ConnectPermit.WaitReason(true, true, CallState.Cut, true));
            // The relay closed again but the exchange has not released the blocked call yet.
            Assert.AreEqual(ConnectPermit.WaitForCutEnd, ConnectPermit.WaitReason(true, true, CallState.Cut, false));
            // A cut still held while the session already moved on (ticks not yet run).
            Assert.AreEqual(ConnectPermit.WaitForCutEnd, ConnectPermit.WaitReason(true, true, CallState.Idle, true));
            Assert.AreEqual(ConnectPermit.WaitForCutEnd, ConnectPermit.WaitReason(true, false, CallState.OffHook, true));
        }

        [TestMethod]
        public void A_plain_tcp_attempt_never_waits()
        {
            Assert.IsNull(ConnectPermit.WaitReason(false, false, CallState.Idle, false));
            Assert.IsNull(ConnectPermit.WaitReason(false, false, CallState.Cut, true));
            for (int i = 0; i < Busy.Length; i++)
                Assert.IsNull(ConnectPermit.WaitReason(false, false, Busy[i], false), "state " + (int)Busy[i]);
        }
    }
}
