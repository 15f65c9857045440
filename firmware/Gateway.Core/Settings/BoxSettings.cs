using System;
using System.Collections;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Status;

namespace Gateway.Core.Settings
{
    /// <summary>One box's settings (I:\gateway.json on the device); every default is here, and <see cref="Validate()"/> says what is wrong.</summary>
    /// <remarks>
    /// Public fields named as the JSON keys (camelCase); <see cref="BoxSettingsJson"/> fills them from
    /// the file, and a new field needs its key there too (a host test checks). The device parses the file into this class, then refuses to start the line logic
    /// with anything <see cref="Validate(int, int)"/> reports (the relay stays closed, the line works).
    /// </remarks>
    public sealed class BoxSettings
    {
        /// <summary>Where the device reads the settings.</summary>
        public const string DevicePath = "I:\\gateway.json";

        /// <summary>Where the device keeps a copy of the last settings it started with.</summary>
        public const string LastGoodPath = "I:\\gateway.last-good.json";

        // The line-signalling and call defaults live in LineTimings and CallSettings only; the keys below start from them.
        private static readonly LineTimings LineDefaults = new LineTimings();
        private static readonly CallSettings CallDefaults = new CallSettings();

        /// <summary>How much longer than the longest hook flash a line cut must last, so the box
        /// reads it as on-hook (and the exchange as a clear) rather than as a recall.</summary>
        public const int LineCutMarginOverFlashMs = 200;

        /// <summary>Box id: one MQTT topic level (letters, digits, - _ .). Required.</summary>
        public string boxId;
        /// <summary>Line id used in records.</summary>
        public string lineId = "1";
        /// <summary>Topic prefix (gateway/&lt;boxId&gt;/...).</summary>
        public string topicPrefix = MessagingTopics.DefaultPrefix;

        /// <summary>Wi-Fi network; empty = use what nanoff --networkdeployment stored on the device.</summary>
        public string wifiSsid = "";
        /// <summary>Wi-Fi password (WPA2: 8-63 characters, or empty for an open network).</summary>
        public string wifiPassword = "";

        /// <summary>MQTT broker host name or IP address (no scheme, no port). Required.</summary>
        public string brokerHost;
        /// <summary>MQTT broker port; 8883 is MQTT over TLS (IANA).</summary>
        public int brokerPort = 8883;
        /// <summary>TLS to the broker, verified against <see cref="caCertFile"/>.</summary>
        public bool tls = true;
        /// <summary>PEM file of the CA that signed the broker's certificate.</summary>
        public string caCertFile = "I:\\ca.pem";
        /// <summary>MQTT user name (empty = anonymous).</summary>
        public string brokerUser = "";
        /// <summary>MQTT password.</summary>
        public string brokerPassword = "";
        /// <summary>MQTT keep-alive (s); the broker publishes the last will after 1.5 times this without traffic (MQTT 3.1.1, 3.1.2.10).</summary>
        public int keepAliveSeconds = 30;

        /// <summary>The time servers the ESP32 firmware asks itself (nf-interpreter's SNTP defaults,
        /// set at every IP address it gets): the only ones the box uses.</summary>
        public const string FirmwareSntpServers = "0.pool.ntp.org and 1.pool.ntp.org";

        /// <summary>The default of <see cref="sntpServer"/>: the same pool.</summary>
        public const string PoolSntpServer = "pool.ntp.org";

        /// <summary>Time server. The device uses only the firmware's own (<see cref="FirmwareSntpServers"/>):
        /// nanoFramework hands lwIP a pointer into the string, which the garbage collector moves
        /// (docs/nanoframework.md, "SNTP"). Another value is a fault the box runs with
        /// (<see cref="SntpServerFault"/>), not a settings error: a box whose last good settings
        /// name one must keep guarding its line after a firmware update.</summary>
        public string sntpServer = PoolSntpServer;

        /// <summary>How long a block holds the loop open (ms); see CallSettings.</summary>
        public int lineCutOpenMs = CallDefaults.LineCutOpenMs;
        /// <summary>Dialling ends this long after the last key (ms); see CallSettings.</summary>
        public int interDigitTimeoutMs = CallDefaults.InterDigitTimeoutMs;
        /// <summary>How long the red LED shows a blocked attempt (ms).</summary>
        public int blockedHoldMs = StatusTable.DefaultBlockedHoldMs;
        /// <summary>Numbers that always get through, on top of the built-in profile (EmergencyNumbers.DefaultProfile).</summary>
        public string[] extraEmergencyNumbers;

        /// <summary>Outbox journal size on flash (bytes); 0 = as much as the I: drive allows
        /// (<see cref="FlashBudget"/>). A value can only lower the journal, never exceed the drive.</summary>
        public int outboxBytes;

        /// <summary>Largest rules/set payload the box accepts (bytes). The default (8 KiB) fits the ~111 KiB
        /// managed heap of an ESP32 without PSRAM; raise it only on a board with PSRAM, and the broker's
        /// max_packet_size with it (docs/mqtt.md, "Size limits").</summary>
        public int maxRuleUpdateBytes = RuleUpdateRequest.DefaultMaxPayloadBytes;
        /// <summary>Largest rule image a staged transfer may bring (bytes, docs/mqtt.md "Staged transfers");
        /// 0 = as large as <see cref="maxRuleUpdateBytes"/>. Sizes the rules slot of I: (two files of it),
        /// so it takes flash from the outbox, not RAM: 60000 takes cn-geocoding (docs/flash.md).</summary>
        public int maxRuleSetBytes;
        /// <summary>Restart the box when its main loop has not run for this long (s).</summary>
        public int watchdogSeconds = 30;
        /// <summary>No longer read: LED polarity is a fact of the board (PinMap.LedActiveLow), so that a
        /// settings fault can never light the LEDs inverted. Still accepted so that settings files
        /// written for older firmware keep loading.</summary>
        public bool ledActiveLow;
        /// <summary>Start in wiring self-test mode (also entered with the self-test jumper).</summary>
        public bool selfTest;

        /// <summary>Limits used by <see cref="Validate()"/>.</summary>
        public const int MinLineCutOpenMs = 800, MaxLineCutOpenMs = Calls.RelayHoldCircuit.MinHoldMs;
        /// <summary>Limits used by <see cref="Validate()"/>.</summary>
        public const int MinInterDigitTimeoutMs = 1000, MaxInterDigitTimeoutMs = 30000;
        /// <summary>Limits used by <see cref="Validate()"/>.</summary>
        public const int MinWatchdogSeconds = 5, MaxWatchdogSeconds = 600;
        /// <summary>Limits used by <see cref="Validate()"/>.</summary>
        public const int MinOutboxBytes = 16 * 1024, MaxOutboxBytes = 4 * 1024 * 1024;
        /// <summary>Range of <see cref="maxRuleUpdateBytes"/>: old and new rules, payload and decoded body are in RAM at once.</summary>
        public const int MinRuleUpdateBytes = 4 * 1024, MaxRuleUpdateBytes = 1024 * 1024;
        /// <summary>Range of <see cref="maxRuleSetBytes"/> when not 0.</summary>
        public const int MinRuleSetBytes = 4 * 1024, MaxRuleSetBytes = 4 * 1024 * 1024;

        /// <summary>The budget of an I: drive of <paramref name="driveBytes"/> for these settings.</summary>
        public FlashBudget Budget(int driveBytes, int blockBytes)
        {
            return new FlashBudget(driveBytes, blockBytes, maxRuleUpdateBytes, outboxBytes, maxRuleSetBytes);
        }

        /// <summary>Line-signalling timings (ms), see <see cref="LineTimings"/> and docs/line-signalling.md;
        /// change only for an exchange or PBX that signals outside the defaults.</summary>
        public int debounceMs = LineDefaults.DebounceMs;
        public int offHookMinMs = LineDefaults.OffHookMinMs;
        public int pulseBreakMinMs = LineDefaults.PulseBreakMinMs;
        public int pulseBreakMaxMs = LineDefaults.PulseBreakMaxMs;
        public int interDigitPauseMs = LineDefaults.InterDigitPauseMs;
        /// <summary>False for DTMF-only lines whose recall is a short timed break (e.g. 100 ms): then
        /// flashMinMs may go below pulseBreakMaxMs and no break is read as a dial pulse.</summary>
        public bool pulseDialling = LineDefaults.PulseDialling;
        public int flashMinMs = LineDefaults.FlashMinMs;
        public int flashMaxMs = LineDefaults.FlashMaxMs;
        /// <summary>Key for 1..10 dial pulses (e.g. "9876543210" for New Zealand's reversed dials).</summary>
        public string pulseDigits = LineDefaults.PulseDigits;
        public int dtmfMinStrobeMs = LineDefaults.DtmfMinStrobeMs;
        public int ringBurstGapMs = LineDefaults.RingBurstGapMs;
        public int ringMinBurstMs = LineDefaults.RingMinBurstMs;
        public int ringStopAfterMs = LineDefaults.RingStopAfterMs;

        /// <summary>Why <see cref="sntpServer"/> is not used, or null when it names the firmware's pool
        /// (or nothing): the device cannot hand another name to the network stack safely.</summary>
        public string SntpServerFault()
        {
            if (sntpServer == null || sntpServer.Length == 0 || sntpServer == PoolSntpServer
                || sntpServer == "0." + PoolSntpServer || sntpServer == "1." + PoolSntpServer) return null;
            return "settings: sntpServer " + sntpServer + " is not used, the box asks only " + FirmwareSntpServers
                + " (nanoFramework cannot pass another name to the network stack safely): remove the key and allow UDP 123 to the pool";
        }

        /// <summary>Why <see cref="brokerUser"/> cannot work with the shipped broker ACL, or null: it grants
        /// each user only the topics of the box with its own name (docs/mosquitto/gateway.acl, <c>%u</c>),
        /// so a box logged in under another name connects and is acknowledged, yet the broker drops
        /// every record, status and log entry it publishes and sends it no rule update. A fault the
        /// box runs with (the line stays guarded), not a settings error: a broker with an ACL of its
        /// own may allow other names. Anonymous (empty) is no fault.</summary>
        public string BrokerUserFault()
        {
            if (brokerUser == null || brokerUser.Length == 0 || brokerUser == boxId) return null;
            return "settings: brokerUser " + ShownText.Of(brokerUser) + " is not the box id " + ShownText.Of(boxId)
                + ": the shipped broker ACL lets a box publish only under its own id, so the broker would drop its call records: set brokerUser to "
                + ShownText.Of(boxId) + " (with a broker account of that name)";
        }

        /// <summary>Everything wrong with these settings, one reason per entry naming the key; empty when usable.</summary>
        public string[] Validate()
        {
            ArrayList r = new ArrayList();
            Check(r, MessagingTopics.CheckTopicPart("boxId", boxId, false));
            Check(r, MessagingTopics.CheckTopicPart("lineId", lineId, false));
            Check(r, MessagingTopics.CheckTopicPart("topicPrefix", topicPrefix, true));
            // 802.11 SSIDs are at most 32 octets; WPA2 passphrases are 8-63 characters.
            if (wifiSsid != null && wifiSsid.Length > 32) r.Add("wifiSsid is longer than 32 characters");
            if (wifiPassword != null && wifiPassword.Length > 0 && (wifiPassword.Length < 8 || wifiPassword.Length > 63))
                r.Add("wifiPassword must be 8-63 characters (WPA2), or empty for an open network");
            if (brokerHost == null || brokerHost.Length == 0) r.Add("brokerHost is required (the MQTT broker's host name or IP address)");
            else if (brokerHost.IndexOf("://") >= 0 || brokerHost.IndexOf(':') >= 0 || brokerHost.IndexOf('/') >= 0 || brokerHost.IndexOf(' ') >= 0)
                r.Add("brokerHost must be a bare host name or IP address (put the port in brokerPort, no mqtt:// or path)");
            Range(r, "brokerPort", brokerPort, 1, 65535);
            if (tls && (caCertFile == null || caCertFile.Length == 0)) r.Add("caCertFile is required when tls is true");
            if ((brokerUser == null || brokerUser.Length == 0) && brokerPassword != null && brokerPassword.Length > 0)
                r.Add("brokerPassword is set but brokerUser is empty");
            if (!tls && brokerPassword != null && brokerPassword.Length > 0)
                r.Add("brokerPassword without tls would cross the network in clear text: set tls to true");
            Range(r, "keepAliveSeconds", keepAliveSeconds, 5, 600);
            Range(r, "lineCutOpenMs", lineCutOpenMs, MinLineCutOpenMs, MaxLineCutOpenMs);
            Range(r, "interDigitTimeoutMs", interDigitTimeoutMs, MinInterDigitTimeoutMs, MaxInterDigitTimeoutMs);
            string timings = ToLineTimings().Validate();
            if (timings != null) r.Add("line timings: " + KeyNames(timings));
            else if (lineCutOpenMs >= MinLineCutOpenMs && lineCutOpenMs < flashMaxMs + LineCutMarginOverFlashMs)
                r.Add("lineCutOpenMs (" + lineCutOpenMs + ") must exceed flashMaxMs (" + flashMaxMs + ") by at least "
                    + LineCutMarginOverFlashMs + " ms, or a cut reads as a hook flash and the exchange may not release the call");
            Range(r, "blockedHoldMs", blockedHoldMs, 0, 3600000);
            if (outboxBytes != 0) Range(r, "outboxBytes", outboxBytes, MinOutboxBytes, MaxOutboxBytes);
            Range(r, "maxRuleUpdateBytes", maxRuleUpdateBytes, MinRuleUpdateBytes, MaxRuleUpdateBytes);
            if (maxRuleSetBytes != 0) Range(r, "maxRuleSetBytes", maxRuleSetBytes, MinRuleSetBytes, MaxRuleSetBytes);
            Range(r, "watchdogSeconds", watchdogSeconds, MinWatchdogSeconds, MaxWatchdogSeconds);
            try
            {
                new EmergencyNumbers(extraEmergencyNumbers);
            }
            catch (ArgumentException e)
            {
                r.Add("extraEmergencyNumbers: " + e.Message);
            }
            string[] reasons = new string[r.Count];
            r.CopyTo(reasons);
            return reasons;
        }

        /// <summary><see cref="Validate()"/>, and whether the rules and a useful outbox fit an I: drive
        /// of <paramref name="driveBytes"/> in LittleFS blocks of <paramref name="blockBytes"/>.</summary>
        public string[] Validate(int driveBytes, int blockBytes)
        {
            string[] reasons = Validate();
            if (maxRuleUpdateBytes < MinRuleUpdateBytes || maxRuleUpdateBytes > MaxRuleUpdateBytes) return reasons;
            if (maxRuleSetBytes != 0 && (maxRuleSetBytes < MinRuleSetBytes || maxRuleSetBytes > MaxRuleSetBytes)) return reasons;
            string error = Budget(driveBytes, blockBytes).Error;
            if (error == null) return reasons;
            string[] more = new string[reasons.Length + 1];
            Array.Copy(reasons, more, reasons.Length);
            more[reasons.Length] = error;
            return more;
        }

        /// <summary>The call logic's settings taken from these.</summary>
        public CallSettings ToCallSettings()
        {
            CallSettings c = new CallSettings();
            c.LineCutOpenMs = lineCutOpenMs;
            c.InterDigitTimeoutMs = interDigitTimeoutMs;
            return c;
        }

        /// <summary>The line decoder's timings taken from these.</summary>
        public LineTimings ToLineTimings()
        {
            LineTimings t = new LineTimings();
            t.DebounceMs = debounceMs;
            t.OffHookMinMs = offHookMinMs;
            t.PulseBreakMinMs = pulseBreakMinMs;
            t.PulseBreakMaxMs = pulseBreakMaxMs;
            t.InterDigitPauseMs = interDigitPauseMs;
            t.PulseDialling = pulseDialling;
            t.FlashMinMs = flashMinMs;
            t.FlashMaxMs = flashMaxMs;
            t.PulseDigits = pulseDigits;
            t.DtmfMinStrobeMs = dtmfMinStrobeMs;
            t.RingBurstGapMs = ringBurstGapMs;
            t.RingMinBurstMs = ringMinBurstMs;
            t.RingStopAfterMs = ringStopAfterMs;
            return t;
        }

        // LineTimings names its properties (FlashMinMs); the installer wrote the JSON keys (flashMinMs).
        private static string KeyNames(string message)
        {
            char[] c = message.ToCharArray();
            for (int i = 0; i < c.Length; i++)
            {
                if (c[i] < 'A' || c[i] > 'Z' || (i > 0 && IsLetter(c[i - 1]))) continue;
                int end = i;
                while (end < c.Length && IsLetter(c[end])) end++;
                string word = new string(c, i, end - i);
                if (word.EndsWith("Ms") || word == "PulseDigits" || word == "PulseDialling") c[i] = (char)(c[i] + ('a' - 'A'));
            }
            return new string(c);
        }

        private static bool IsLetter(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /// <summary>The effective settings as "key: value" lines for the boot log (ESPHome's dump_config); secrets masked.</summary>
        public string[] Dump()
        {
            return new string[]
            {
                "boxId: " + Show(boxId),
                "lineId: " + Show(lineId),
                "topicPrefix: " + Show(topicPrefix),
                "wifiSsid: " + (wifiSsid == null || wifiSsid.Length == 0 ? "(stored on device)" : wifiSsid),
                "wifiPassword: " + Secret(wifiPassword),
                "broker: " + Show(brokerHost) + ":" + brokerPort + (tls ? " tls, CA " + Show(caCertFile) : " plain TCP"),
                "brokerUser: " + (brokerUser == null || brokerUser.Length == 0 ? "(anonymous)" : brokerUser),
                "brokerPassword: " + Secret(brokerPassword),
                "keepAliveSeconds: " + keepAliveSeconds,
                "sntpServer: " + Show(sntpServer),
                "lineCutOpenMs: " + lineCutOpenMs,
                "interDigitTimeoutMs: " + interDigitTimeoutMs,
                "line timings: pulseDialling " + (pulseDialling ? "true" : "false") + ", debounceMs " + debounceMs + ", offHookMinMs " + offHookMinMs + ", pulseBreakMinMs " + pulseBreakMinMs
                    + ", pulseBreakMaxMs " + pulseBreakMaxMs + ", interDigitPauseMs " + interDigitPauseMs + ", flashMinMs " + flashMinMs
                    + ", flashMaxMs " + flashMaxMs + ", pulseDigits " + Show(pulseDigits) + ", dtmfMinStrobeMs " + dtmfMinStrobeMs
                    + ", ringBurstGapMs " + ringBurstGapMs + ", ringMinBurstMs " + ringMinBurstMs + ", ringStopAfterMs " + ringStopAfterMs,
                "blockedHoldMs: " + blockedHoldMs,
                "extraEmergencyNumbers: " + Join(extraEmergencyNumbers),
                "outboxBytes: " + (outboxBytes == 0 ? "(as much as I: allows)" : outboxBytes.ToString()),
                "maxRuleUpdateBytes: " + maxRuleUpdateBytes,
                "maxRuleSetBytes: " + (maxRuleSetBytes == 0 ? "(as maxRuleUpdateBytes)" : maxRuleSetBytes.ToString()),
                "watchdogSeconds: " + watchdogSeconds,
                "ledActiveLow: " + (ledActiveLow ? "true" : "false") + " (not read: LED polarity comes from the board's pin map)",
                "selfTest: " + (selfTest ? "true" : "false"),
            };
        }

        private static void Check(ArrayList reasons, string reason)
        {
            if (reason != null) reasons.Add(reason);
        }

        private static void Range(ArrayList reasons, string key, int value, int min, int max)
        {
            if (value < min || value > max) reasons.Add(key + " must be " + min + "-" + max + " (is " + value + ")");
        }

        private static string Show(string s)
        {
            return s == null || s.Length == 0 ? "(not set)" : s;
        }

        private static string Secret(string s)
        {
            return s == null || s.Length == 0 ? "(none)" : "(set, " + s.Length + " characters)";
        }

        private static string Join(string[] items)
        {
            if (items == null || items.Length == 0) return "(none)";
            string s = items[0];
            for (int i = 1; i < items.Length; i++) s = s + ", " + items[i];
            return s;
        }
    }
}
