using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>sntpServer: the firmware's own pool servers only, since the device cannot hand another
    /// name to lwIP safely; another value is a fault the box runs with, never a reason to stop guarding.</summary>
    [TestClass]
    public class SntpServerSettingTests
    {
        private static BoxSettings With(string server)
        {
            BoxSettings s = new BoxSettings();
            s.boxId = "office-1";
            s.brokerHost = "mqtt.example.org";
            s.sntpServer = server;
            return s;
        }

        [TestMethod]
        public void The_pool_the_firmware_asks_or_no_server_is_no_fault()
        {
            Assert.AreEqual(BoxSettings.PoolSntpServer, new BoxSettings().sntpServer);
            foreach (string server in new string[] { null, "", "pool.ntp.org", "0.pool.ntp.org", "1.pool.ntp.org" })
            {
                Assert.IsNull(With(server).SntpServerFault(), "'" + server + "'");
                Assert.AreEqual(0, With(server).Validate().Length, "'" + server + "'");
            }
        }

        [TestMethod]
        public void Another_server_is_a_fault_that_says_what_to_do_but_the_settings_stay_usable()
        {
            foreach (string server in new string[] { "ntp.office.lan", "192.168.1.1", "2.pool.ntp.org", "POOL.NTP.ORG" })
            {
                BoxSettings s = With(server);
                Assert.AreEqual(0, s.Validate().Length, "a box whose last good settings name one must keep guarding: " + server);
                string fault = s.SntpServerFault();
                Assert.IsNotNull(fault, server);
                Assert.IsTrue(fault.StartsWith("settings: sntpServer " + server + " is not used"), fault);
                Assert.IsTrue(fault.Contains(BoxSettings.FirmwareSntpServers), fault);
                Assert.IsTrue(fault.Contains("remove the key"), fault);
            }
        }
    }
}
