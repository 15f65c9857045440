using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    /// <summary>A bad settings file keeps the line guarded on the last settings that worked.</summary>
    [TestClass]
    public class SettingsSelectionTests
    {
        private static BoxSettings Good(string box)
        {
            BoxSettings s = new BoxSettings();
            s.boxId = box;
            s.brokerHost = "mqtt.example.org";
            return s;
        }

        [TestMethod]
        public void A_usable_settings_file_is_used_and_becomes_the_last_good_copy()
        {
            BoxSettings current = Good("office-1");
            SettingsSelection s = SettingsSelection.Choose(current, new string[0], Good("old"));
            Assert.AreSame(current, s.Settings);
            Assert.IsTrue(s.SaveAsLastGood);
            Assert.IsNull(s.Fault);
        }

        [TestMethod]
        public void A_refused_settings_file_falls_back_to_the_last_good_copy_with_a_fault()
        {
            BoxSettings lastGood = Good("office-1");
            SettingsSelection s = SettingsSelection.Choose(null, new string[] { "brokerPort must be 1-65535 (is 70000)", "lineId is empty" }, lastGood);
            Assert.AreSame(lastGood, s.Settings);
            Assert.IsFalse(s.SaveAsLastGood, "a fallback must not overwrite the last good copy with itself");
            Assert.AreEqual("settings: brokerPort must be 1-65535 (is 70000) (and 1 more); running on the last good settings", s.Fault);
        }

        [TestMethod]
        public void Without_a_usable_last_good_copy_there_is_nothing_to_run_with()
        {
            SettingsSelection s = SettingsSelection.Choose(null, new string[] { "I:\\gateway.json not found" }, null);
            Assert.IsNull(s.Settings);
            Assert.AreEqual("settings: I:\\gateway.json not found", s.Fault);
            BoxSettings invalid = new BoxSettings();
            Assert.IsNull(SettingsSelection.Choose(null, new string[] { "x" }, invalid).Settings, "a last good copy is validated again");
        }
    }
}
