using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>brokerUser against the shipped broker ACL (docs/mosquitto/gateway.acl: each user may publish
    /// only as the box of its own name): another name is a fault the box runs with, never a reason to stop guarding.</summary>
    [TestClass]
    public class BrokerUserSettingTests
    {
        private static BoxSettings With(string boxId, string user)
        {
            BoxSettings s = new BoxSettings();
            s.boxId = boxId;
            s.brokerHost = "mqtt.example.org";
            s.brokerUser = user;
            return s;
        }

        [TestMethod]
        public void The_box_id_as_user_or_anonymous_is_no_fault()
        {
            Assert.IsNull(With("office-3f", "office-3f").BrokerUserFault());
            Assert.IsNull(With("office-3f", "").BrokerUserFault());
            Assert.IsNull(With("office-3f", null).BrokerUserFault());
            Assert.IsNull(new BoxSettings().BrokerUserFault(), "the defaults");
        }

        [TestMethod]
        public void Another_user_is_a_fault_naming_both_and_the_fix_and_the_settings_stay_usable()
        {
            string[] users = new string[] { "office-3", "Office-3f", "office-3f ", "backend" };
            for (int i = 0; i < users.Length; i++)
            {
                BoxSettings s = With("office-3f", users[i]);
                Assert.AreEqual(0, s.Validate().Length, "a box must keep guarding its line: '" + users[i] + "'");
                string fault = s.BrokerUserFault();
                Assert.IsNotNull(fault, users[i]);
                Assert.AreEqual(0, fault.IndexOf("settings: brokerUser " + users[i] + " is not the box id office-3f: "), fault);
                Assert.IsTrue(fault.IndexOf("set brokerUser to office-3f") > 0, fault);
            }
        }

        [TestMethod]
        public void A_user_with_control_characters_is_shown_masked()
        {
            string fault = With("office-3f", "evil\u001b[2J").BrokerUserFault();
            Assert.AreEqual(-1, fault.IndexOf('\u001b'), fault);
            Assert.AreEqual(0, fault.IndexOf("settings: brokerUser evil?[2J is not the box id office-3f"), fault);
        }
    }
}
