using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Settings
{
    [TestClass]
    public class BoxSettingsJsonTests
    {
        private static BoxSettings Read(string json)
        {
            string error;
            BoxSettings s = BoxSettingsJson.Read(Utf8.GetBytes(json), "gateway.json", out error);
            Assert.IsTrue(s != null, "refused: " + error);
            Assert.IsTrue(error == null, "error with settings: " + error);
            return s;
        }

        private static string Error(string json)
        {
            string error;
            BoxSettings s = BoxSettingsJson.Read(Utf8.GetBytes(json), "gateway.json", out error);
            Assert.IsTrue(s == null, "accepted: " + json);
            Assert.IsTrue(error != null, "no error for " + json);
            return error;
        }

        [TestMethod]
        public void Every_key_is_read_into_its_field()
        {
            BoxSettings s = Read("{\"boxId\":\"b-1\",\"lineId\":\"2\",\"topicPrefix\":\"t/p\",\"wifiSsid\":\"net\",\"wifiPassword\":\"pw-12345\","
                + "\"brokerHost\":\"h.example\",\"brokerPort\":1883,\"tls\":false,\"caCertFile\":\"I:\\\\x.pem\",\"brokerUser\":\"u\",\"brokerPassword\":\"p\","
                + "\"keepAliveSeconds\":45,\"sntpServer\":\"0.pool.ntp.org\",\"lineCutOpenMs\":1700,\"interDigitTimeoutMs\":5000,\"blockedHoldMs\":1234,"
                + "\"extraEmergencyNumbers\":[\"999\",\"1122\"],\"outboxBytes\":65536,\"maxRuleUpdateBytes\":16384,\"maxRuleSetBytes\":60000,"
                + "\"watchdogSeconds\":60,\"ledActiveLow\":true,\"selfTest\":true,\"debounceMs\":11,\"offHookMinMs\":121,\"pulseBreakMinMs\":31,"
                + "\"pulseBreakMaxMs\":91,\"interDigitPauseMs\":301,\"pulseDialling\":false,\"flashMinMs\":81,\"flashMaxMs\":601,"
                + "\"pulseDigits\":\"9876543210\",\"dtmfMinStrobeMs\":41,\"ringBurstGapMs\":501,\"ringMinBurstMs\":151,\"ringStopAfterMs\":6001}");
            Assert.AreEqual("b-1", s.boxId);
            Assert.AreEqual("2", s.lineId);
            Assert.AreEqual("t/p", s.topicPrefix);
            Assert.AreEqual("net", s.wifiSsid);
            Assert.AreEqual("pw-12345", s.wifiPassword);
            Assert.AreEqual("h.example", s.brokerHost);
            Assert.AreEqual(1883, s.brokerPort);
            Assert.IsFalse(s.tls);
            Assert.AreEqual("I:\\x.pem", s.caCertFile);
            Assert.AreEqual("u", s.brokerUser);
            Assert.AreEqual("p", s.brokerPassword);
            Assert.AreEqual(45, s.keepAliveSeconds);
            Assert.AreEqual("0.pool.ntp.org", s.sntpServer);
            Assert.AreEqual(1700, s.lineCutOpenMs);
            Assert.AreEqual(5000, s.interDigitTimeoutMs);
            Assert.AreEqual(1234, s.blockedHoldMs);
            Assert.AreEqual(2, s.extraEmergencyNumbers.Length);
            Assert.AreEqual("999", s.extraEmergencyNumbers[0]);
            Assert.AreEqual("1122", s.extraEmergencyNumbers[1]);
            Assert.AreEqual(65536, s.outboxBytes);
            Assert.AreEqual(16384, s.maxRuleUpdateBytes);
            Assert.AreEqual(60000, s.maxRuleSetBytes);
            Assert.AreEqual(60, s.watchdogSeconds);
            Assert.IsTrue(s.ledActiveLow);
            Assert.IsTrue(s.selfTest);
            Assert.AreEqual(11, s.debounceMs);
            Assert.AreEqual(121, s.offHookMinMs);
            Assert.AreEqual(31, s.pulseBreakMinMs);
            Assert.AreEqual(91, s.pulseBreakMaxMs);
            Assert.AreEqual(301, s.interDigitPauseMs);
            Assert.IsFalse(s.pulseDialling);
            Assert.AreEqual(81, s.flashMinMs);
            Assert.AreEqual(601, s.flashMaxMs);
            Assert.AreEqual("9876543210", s.pulseDigits);
            Assert.AreEqual(41, s.dtmfMinStrobeMs);
            Assert.AreEqual(501, s.ringBurstGapMs);
            Assert.AreEqual(151, s.ringMinBurstMs);
            Assert.AreEqual(6001, s.ringStopAfterMs);
        }

        [TestMethod]
        public void Every_key_in_the_table_is_accepted_alone()
        {
            // Catches a key in the table that Set files under another field's kind (e.g. a number key read as text).
            Assert.AreEqual(36, BoxSettingsJson.KeyCount);
            for (int i = 0; i < BoxSettingsJson.KeyCount; i++)
            {
                string key = BoxSettingsJson.KeyAt(i);
                string error;
                bool ok = BoxSettingsJson.Read(Utf8.GetBytes("{\"" + key + "\":\"x\"}"), "gateway.json", out error) != null
                    || BoxSettingsJson.Read(Utf8.GetBytes("{\"" + key + "\":7}"), "gateway.json", out error) != null
                    || BoxSettingsJson.Read(Utf8.GetBytes("{\"" + key + "\":true}"), "gateway.json", out error) != null
                    || BoxSettingsJson.Read(Utf8.GetBytes("{\"" + key + "\":[\"1\"]}"), "gateway.json", out error) != null;
                Assert.IsTrue(ok, key + " takes no kind of value");
            }
        }

        [TestMethod]
        public void Absent_keys_keep_the_defaults()
        {
            BoxSettings s = Read("{}");
            BoxSettings d = new BoxSettings();
            Assert.IsTrue(s.boxId == null && s.brokerHost == null && s.extraEmergencyNumbers == null, "required keys stay unset");
            Assert.AreEqual(d.lineId, s.lineId);
            Assert.AreEqual(d.topicPrefix, s.topicPrefix);
            Assert.AreEqual(d.caCertFile, s.caCertFile);
            Assert.AreEqual(d.sntpServer, s.sntpServer);
            Assert.AreEqual(8883, s.brokerPort);
            Assert.IsTrue(s.tls);
            Assert.AreEqual(d.lineCutOpenMs, s.lineCutOpenMs);
            Assert.AreEqual(d.interDigitTimeoutMs, s.interDigitTimeoutMs);
            Assert.AreEqual(d.maxRuleUpdateBytes, s.maxRuleUpdateBytes);
            Assert.AreEqual(0, s.outboxBytes);
            Assert.AreEqual(d.flashMaxMs, s.flashMaxMs);
            Assert.AreEqual(d.pulseDigits, s.pulseDigits);
            Assert.AreEqual(d.pulseDialling, s.pulseDialling);
            Assert.AreEqual(d.ringStopAfterMs, s.ringStopAfterMs);
        }

        [TestMethod]
        public void The_example_file_reads_to_valid_settings()
        {
            // firmware/Gateway.Esp32/gateway.example.json (GatewayJsonExampleTests compares it with the host deserializer).
            BoxSettings s = Read("{\n  \"boxId\": \"office-3f\",\n  \"lineId\": \"1\",\n  \"wifiSsid\": \"office-iot\",\n  \"wifiPassword\": \"change-me-please\",\n"
                + "  \"brokerHost\": \"mqtt.example.org\",\n  \"brokerPort\": 8883,\n  \"tls\": true,\n  \"caCertFile\": \"I:\\\\ca.pem\",\n"
                + "  \"brokerUser\": \"office-3f\",\n  \"brokerPassword\": \"change-me-too\",\n  \"sntpServer\": \"pool.ntp.org\",\n"
                + "  \"lineCutOpenMs\": 1500,\n  \"interDigitTimeoutMs\": 4000,\n  \"blockedHoldMs\": 60000,\n  \"extraEmergencyNumbers\": [\"999\"],\n  \"selfTest\": false\n}\n");
            Assert.AreEqual(0, s.Validate().Length);
            Assert.AreEqual("office-3f", s.boxId);
            Assert.AreEqual("I:\\ca.pem", s.caCertFile);
            Assert.AreEqual(60000, s.blockedHoldMs);
            Assert.AreEqual("999", s.extraEmergencyNumbers[0]);
        }

        [TestMethod]
        public void A_byte_order_mark_and_escapes_are_read()
        {
            byte[] json = Utf8.GetBytes("X{\"boxId\":\"b\\u0031\",\"lineId\":null}");
            byte[] withBom = new byte[json.Length + 2];
            withBom[0] = 0xEF;
            withBom[1] = 0xBB;
            withBom[2] = 0xBF;
            for (int i = 1; i < json.Length; i++) withBom[i + 2] = json[i];
            string error;
            BoxSettings s = BoxSettingsJson.Read(withBom, "gateway.json", out error);
            Assert.IsTrue(s != null, "refused: " + error);
            Assert.AreEqual("b1", s.boxId);
            Assert.IsTrue(s.lineId == null, "null leaves a text key unset");
        }

        [TestMethod]
        public void An_unknown_or_miscased_key_is_named()
        {
            Assert.AreEqual("gateway.json: unknown key 'brokerUsr' (keys are case-sensitive, see docs/installer.md)", Error("{\"boxId\":\"b\",\"brokerUsr\":\"u\"}"));
            Assert.AreEqual("gateway.json: unknown key 'BoxId' (keys are case-sensitive, see docs/installer.md)", Error("{\"BoxId\":\"b\"}"));
        }

        [TestMethod]
        public void A_value_of_the_wrong_type_is_named_with_its_key()
        {
            Assert.AreEqual("gateway.json: key 'lineCutOpenMs' must be a whole number", Error("{\"lineCutOpenMs\":\"1500\"}"));
            Assert.AreEqual("gateway.json: key 'lineCutOpenMs' must be a whole number", Error("{\"lineCutOpenMs\":1500.5}"));
            Assert.AreEqual("gateway.json: key 'brokerPort' must be a whole number", Error("{\"brokerPort\":4294967296}"));
            Assert.AreEqual("gateway.json: key 'brokerPort' must be a whole number", Error("{\"brokerPort\":null}"));
            Assert.AreEqual("gateway.json: key 'tls' must be true or false", Error("{\"tls\":\"true\"}"));
            Assert.AreEqual("gateway.json: key 'boxId' must be text in quotes", Error("{\"boxId\":12}"));
            Assert.AreEqual("gateway.json: key 'extraEmergencyNumbers' must be a list of texts in quotes, e.g. [\"112\"]", Error("{\"extraEmergencyNumbers\":[999]}"));
            Assert.AreEqual("gateway.json: key 'extraEmergencyNumbers' must be a list of texts in quotes, e.g. [\"112\"]", Error("{\"extraEmergencyNumbers\":\"999\"}"));
            Assert.AreEqual("gateway.json: key 'extraEmergencyNumbers' must be a list of texts in quotes, e.g. [\"112\"]", Error("{\"extraEmergencyNumbers\":[[\"999\"]]}"));
        }

        [TestMethod]
        public void A_key_given_twice_is_an_error()
        {
            Assert.AreEqual("gateway.json: key 'boxId' appears twice", Error("{\"boxId\":\"a\",\"boxId\":\"b\"}"));
        }

        [TestMethod]
        public void Trailing_junk_and_bad_json_are_errors()
        {
            Assert.IsTrue(Error("{\"boxId\":\"a\"} x").IndexOf("gateway.json is not valid JSON: unexpected data after the end of the document") == 0, "trailing junk");
            Assert.IsTrue(Error("{\"boxId\":\"a\",}").IndexOf("gateway.json is not valid JSON: trailing comma") == 0, "trailing comma");
            Assert.IsTrue(Error("{\"boxId\":\"a\"").IndexOf("gateway.json is not valid JSON:") == 0, "unterminated object");
            Assert.IsTrue(Error("{\"lineCutOpenMs\":01}").IndexOf("gateway.json is not valid JSON:") == 0, "leading zero");
        }

        [TestMethod]
        public void Anything_but_one_object_is_refused()
        {
            Assert.AreEqual("gateway.json must be one JSON object of \"key\": value pairs", Error("[{\"boxId\":\"a\"}]"));
            Assert.AreEqual("gateway.json must be one JSON object of \"key\": value pairs", Error("\"boxId\""));
            Assert.AreEqual("gateway.json is empty", Error(""));
            Assert.IsTrue(Error("   ").IndexOf("gateway.json is not valid JSON: empty document") == 0, "blank file");
        }
    }
}
