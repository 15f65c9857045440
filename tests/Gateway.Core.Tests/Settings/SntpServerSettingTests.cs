using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>sntpServer: the firmware's own pool servers only, since the device cannot hand another name to lwIP safely.</summary>
    [TestClass]
    public class SntpServerSettingTests
    {
        private static string[] With(string server)
        {
            BoxSettings s = new BoxSettings();
            s.boxId = "office-1";
            s.brokerHost = "mqtt.example.org";
            s.sntpServer = server;
            return s.Validate();
        }

        [TestMethod]
        public void The_pool_the_firmware_asks_or_no_server_is_accepted()
        {
            Assert.AreEqual(BoxSettings.PoolSntpServer, new BoxSettings().sntpServer, "the default loads");
            foreach (string server in new string[] { null, "", "pool.ntp.org", "0.pool.ntp.org", "1.pool.ntp.org" })
                Assert.AreEqual(0, With(server).Length, "'" + server + "'");
        }

        [TestMethod]
        public void Any_other_server_is_refused_with_what_to_write_instead()
        {
            foreach (string server in new string[] { "ntp.office.lan", "192.168.1.1", "2.pool.ntp.org", "POOL.NTP.ORG" })
            {
                string[] reasons = With(server);
                Assert.AreEqual(1, reasons.Length, server);
                Assert.IsTrue(reasons[0].StartsWith("sntpServer:"), reasons[0]);
                Assert.IsTrue(reasons[0].Contains(BoxSettings.FirmwareSntpServers), reasons[0]);
                Assert.IsTrue(reasons[0].Contains("remove the key"), reasons[0]);
            }
        }
    }
}
