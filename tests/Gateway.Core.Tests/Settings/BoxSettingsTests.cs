using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    [TestClass]
    public class BoxSettingsTests
    {
        private static BoxSettings Minimal()
        {
            BoxSettings s = new BoxSettings();
            s.boxId = "office-1";
            s.brokerHost = "mqtt.example.org";
            return s;
        }

        private static string OnlyReason(BoxSettings s)
        {
            string[] reasons = s.Validate();
            Assert.AreEqual(1, reasons.Length, "reasons: " + Lines(reasons));
            return reasons[0];
        }

        [TestMethod]
        public void Box_id_and_broker_host_are_all_a_box_needs_beyond_the_defaults()
        {
            Assert.AreEqual(0, Minimal().Validate().Length);
        }

        [TestMethod]
        public void Defaults_are_tls_on_8883_line_1_and_the_call_logic_defaults()
        {
            BoxSettings s = new BoxSettings();
            Assert.IsTrue(s.tls);
            Assert.AreEqual(8883, s.brokerPort);
            Assert.AreEqual("1", s.lineId);
            Assert.AreEqual("gateway", s.topicPrefix);
            Gateway.Core.Calls.CallSettings calls = new Gateway.Core.Calls.CallSettings();
            Assert.AreEqual(calls.LineCutOpenMs, s.lineCutOpenMs);
            Assert.AreEqual(calls.InterDigitTimeoutMs, s.interDigitTimeoutMs);
        }

        [TestMethod]
        public void Empty_settings_name_every_missing_required_key()
        {
            string all = Lines(new BoxSettings().Validate());
            Assert.IsTrue(all.Contains("boxId is empty"), all);
            Assert.IsTrue(all.Contains("brokerHost is required"), all);
        }

        [TestMethod]
        public void A_box_id_with_a_wildcard_is_refused()
        {
            BoxSettings s = Minimal();
            s.boxId = "office/+";
            StringAssertContains(OnlyReason(s), "boxId contains '/'");
        }

        [TestMethod]
        public void A_box_id_with_a_control_character_is_refused_without_echoing_it()
        {
            BoxSettings s = Minimal();
            s.boxId = "box\u001b[2J";
            StringAssertContains(OnlyReason(s), "boxId contains '?' (allowed");
        }

        [TestMethod]
        public void A_broker_url_instead_of_a_host_is_refused_with_a_hint()
        {
            BoxSettings s = Minimal();
            s.brokerHost = "mqtts://mqtt.example.org:8883";
            StringAssertContains(OnlyReason(s), "brokerHost must be a bare host name");
        }

        [TestMethod]
        public void Port_out_of_range_names_the_key_and_the_value()
        {
            BoxSettings s = Minimal();
            s.brokerPort = 70000;
            Assert.AreEqual("brokerPort must be 1-65535 (is 70000)", OnlyReason(s));
        }

        [TestMethod]
        public void Tls_without_a_ca_file_is_refused()
        {
            BoxSettings s = Minimal();
            s.caCertFile = "";
            Assert.AreEqual("caCertFile is required when tls is true", OnlyReason(s));
        }

        [TestMethod]
        public void A_password_over_plain_tcp_is_refused()
        {
            BoxSettings s = Minimal();
            s.tls = false;
            s.brokerPort = 1883;
            s.brokerUser = "office-1";
            s.brokerPassword = "secret-secret";
            StringAssertContains(OnlyReason(s), "brokerPassword without tls");
        }

        [TestMethod]
        public void A_password_without_a_user_is_refused()
        {
            BoxSettings s = Minimal();
            s.brokerPassword = "secret-secret";
            Assert.AreEqual("brokerPassword is set but brokerUser is empty", OnlyReason(s));
        }

        [TestMethod]
        public void A_short_wifi_password_is_refused()
        {
            BoxSettings s = Minimal();
            s.wifiSsid = "office";
            s.wifiPassword = "1234567";
            StringAssertContains(OnlyReason(s), "wifiPassword must be 8-63 characters");
        }

        [TestMethod]
        public void A_line_cut_shorter_than_a_hook_flash_margin_is_refused()
        {
            // The exchange must see a clear on-hook, longer than any hook flash.
            BoxSettings s = Minimal();
            s.lineCutOpenMs = 500;
            Assert.AreEqual("lineCutOpenMs must be 800-3000 (is 500)", OnlyReason(s));
        }

        [TestMethod]
        public void The_rule_update_limit_defaults_to_the_contract_limit_and_is_bounded()
        {
            BoxSettings s = Minimal();
            Assert.AreEqual(Gateway.Core.Messaging.RuleUpdateRequest.DefaultMaxPayloadBytes, s.maxRuleUpdateBytes);
            s.maxRuleUpdateBytes = 512 * 1024;
            Assert.AreEqual(0, s.Validate().Length);
            s.maxRuleUpdateBytes = 2 * 1024 * 1024;
            Assert.AreEqual("maxRuleUpdateBytes must be 4096-1048576 (is 2097152)", OnlyReason(s));
        }

        [TestMethod]
        public void A_watchdog_cannot_be_switched_off_with_zero()
        {
            BoxSettings s = Minimal();
            s.watchdogSeconds = 0;
            Assert.AreEqual("watchdogSeconds must be 5-600 (is 0)", OnlyReason(s));
        }

        [TestMethod]
        public void A_bad_extra_emergency_number_is_named()
        {
            BoxSettings s = Minimal();
            s.extraEmergencyNumbers = new string[] { "999", "11O" };
            string reason = OnlyReason(s);
            StringAssertContains(reason, "extraEmergencyNumbers:");
            StringAssertContains(reason, "'11O'");
        }

        [TestMethod]
        public void Extra_emergency_numbers_of_keys_are_accepted()
        {
            BoxSettings s = Minimal();
            s.extraEmergencyNumbers = new string[] { "999", "911" };
            Assert.AreEqual(0, s.Validate().Length);
        }

        [TestMethod]
        public void Several_problems_are_all_reported_at_once()
        {
            BoxSettings s = Minimal();
            s.brokerPort = 0;
            s.interDigitTimeoutMs = 10;
            s.outboxBytes = 1;
            Assert.AreEqual(3, s.Validate().Length);
        }

        [TestMethod]
        public void Dump_shows_the_effective_values_and_masks_secrets()
        {
            BoxSettings s = Minimal();
            s.brokerUser = "office-1";
            s.brokerPassword = "hunter22hunter";
            s.wifiPassword = "wifi-pass-123";
            string dump = Lines(s.Dump());
            StringAssertContains(dump, "boxId: office-1");
            StringAssertContains(dump, "broker: mqtt.example.org:8883 tls, CA I:\\ca.pem");
            StringAssertContains(dump, "brokerPassword: (set, 14 characters)");
            Assert.IsFalse(dump.Contains("hunter22hunter"), dump);
            Assert.IsFalse(dump.Contains("wifi-pass-123"), dump);
        }

        [TestMethod]
        public void Call_settings_take_the_configured_timings()
        {
            BoxSettings s = Minimal();
            s.lineCutOpenMs = 2500;
            s.interDigitTimeoutMs = 6000;
            Gateway.Core.Calls.CallSettings c = s.ToCallSettings();
            Assert.AreEqual(2500, c.LineCutOpenMs);
            Assert.AreEqual(6000, c.InterDigitTimeoutMs);
        }

        [TestMethod]
        public void Line_timings_start_from_the_decoder_defaults_and_reach_the_decoder()
        {
            BoxSettings s = Minimal();
            Gateway.Core.Line.LineTimings defaults = new Gateway.Core.Line.LineTimings();
            Gateway.Core.Line.LineTimings t = s.ToLineTimings();
            Assert.AreEqual(defaults.FlashMinMs, t.FlashMinMs);
            Assert.AreEqual(defaults.FlashMaxMs, t.FlashMaxMs);
            Assert.AreEqual(defaults.DebounceMs, t.DebounceMs);
            Assert.AreEqual(defaults.PulseDigits, t.PulseDigits);
            Assert.AreEqual(defaults.RingStopAfterMs, t.RingStopAfterMs);
            s.flashMaxMs = 1000;
            s.lineCutOpenMs = 2000;
            s.pulseDigits = "9876543210";
            s.dtmfMinStrobeMs = 25;
            t = s.ToLineTimings();
            Assert.AreEqual(1000, t.FlashMaxMs);
            Assert.AreEqual("9876543210", t.PulseDigits);
            Assert.AreEqual(25, t.DtmfMinStrobeMs);
            Assert.AreEqual(0, s.Validate().Length, Lines(s.Validate()));
        }

        [TestMethod]
        public void Inconsistent_line_timings_are_refused_with_the_json_key_names()
        {
            BoxSettings s = Minimal();
            s.flashMinMs = 100;
            Assert.AreEqual("line timings: flashMinMs (100) must exceed pulseBreakMaxMs (135), the longest pulse break (or turn pulseDialling off)", OnlyReason(s));
            s.pulseDialling = false;
            Assert.AreEqual(0, s.Validate().Length, "a DTMF-only line may have a short recall");
            Assert.IsFalse(s.ToLineTimings().PulseDialling);
            s = Minimal();
            s.pulseDigits = "12345";
            StringAssertContains(OnlyReason(s), "line timings: pulseDigits ");
        }

        [TestMethod]
        public void A_line_cut_that_would_read_as_a_hook_flash_is_refused()
        {
            // A cut within flashMaxMs would be decoded as a recall: no on-hook, and the exchange may keep the call.
            BoxSettings s = Minimal();
            s.flashMaxMs = 1000;
            s.lineCutOpenMs = 1100;
            Assert.AreEqual("lineCutOpenMs (1100) must exceed flashMaxMs (1000) by at least 200 ms, or a cut reads as a hook flash and the exchange may not release the call", OnlyReason(s));
            s.lineCutOpenMs = 1200;
            Assert.AreEqual(0, s.Validate().Length);
        }

        private static string Lines(string[] lines)
        {
            string all = "";
            for (int i = 0; i < lines.Length; i++) all = all + lines[i] + "\n";
            return all;
        }

        private static void StringAssertContains(string text, string part)
        {
            Assert.IsTrue(text.Contains(part), "'" + text + "' should contain '" + part + "'");
        }
    }
}
