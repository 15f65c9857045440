using System.Collections;
using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Settings
{
    /// <summary>Reads gateway.json's bytes into <see cref="BoxSettings"/>: exact key names, one value each, of the field's type.</summary>
    /// <remarks>
    /// Replaces nanoFramework.Json's reflection deserializer on the device (its library alone costs an
    /// ESP32 about 2.5 KiB of managed heap). An unknown or misspelt key is an error rather than
    /// ignored, or an optional setting would silently keep its default. Absent keys keep
    /// <see cref="BoxSettings"/>' defaults; a JSON null leaves a text or list key unset, as before.
    /// Values are checked here only for their JSON type; <see cref="BoxSettings.Validate()"/> checks ranges.
    /// </remarks>
    public static class BoxSettingsJson
    {
        // The file is one object whose only nesting is extraEmergencyNumbers' array; 3 lets an
        // array inside it be reported against its key rather than as a depth limit.
        private const int MaxDepth = 3;

        private const int Text = 0, WholeNumber = 1, TrueOrFalse = 2, TextList = 3;

        // Every public field of BoxSettings, as its JSON key; Kinds gives each one's type.
        private static readonly string[] Keys =
        {
            "boxId", "lineId", "topicPrefix", "wifiSsid", "wifiPassword",
            "brokerHost", "brokerPort", "tls", "caCertFile", "brokerUser", "brokerPassword", "keepAliveSeconds",
            "sntpServer", "lineCutOpenMs", "interDigitTimeoutMs", "blockedHoldMs", "extraEmergencyNumbers",
            "outboxBytes", "maxRuleUpdateBytes", "maxRuleSetBytes", "watchdogSeconds", "ledActiveLow", "selfTest",
            "debounceMs", "offHookMinMs", "pulseBreakMinMs", "pulseBreakMaxMs", "interDigitPauseMs", "pulseDialling",
            "flashMinMs", "flashMaxMs", "pulseDigits", "dtmfMinStrobeMs", "ringBurstGapMs", "ringMinBurstMs", "ringStopAfterMs",
        };

        private static readonly int[] Kinds =
        {
            Text, Text, Text, Text, Text,
            Text, WholeNumber, TrueOrFalse, Text, Text, Text, WholeNumber,
            Text, WholeNumber, WholeNumber, WholeNumber, TextList,
            WholeNumber, WholeNumber, WholeNumber, WholeNumber, TrueOrFalse, TrueOrFalse,
            WholeNumber, WholeNumber, WholeNumber, WholeNumber, WholeNumber, TrueOrFalse,
            WholeNumber, WholeNumber, Text, WholeNumber, WholeNumber, WholeNumber, WholeNumber,
        };

        /// <summary>The number of keys the file may hold (every field of <see cref="BoxSettings"/>).</summary>
        public static int KeyCount { get { return Keys.Length; } }

        /// <summary>The key at <paramref name="index"/> (0 to <see cref="KeyCount"/> - 1).</summary>
        public static string KeyAt(int index)
        {
            return Keys[index];
        }

        /// <summary>The settings in <paramref name="bytes"/>, or null with <paramref name="error"/> naming the
        /// file (<paramref name="fileName"/>) and the key at fault. A leading UTF-8 byte order mark is skipped.</summary>
        public static BoxSettings Read(byte[] bytes, string fileName, out string error)
        {
            error = null;
            if (bytes == null || bytes.Length == 0)
            {
                error = fileName + " is empty";
                return null;
            }
            // Windows editors may write a byte order mark (EF BB BF); it is not part of the JSON (RFC 8259, 8.1).
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            JsonReader r = new JsonReader(bytes, start, bytes.Length - start, MaxDepth);
            if (r.Read() != JsonToken.StartObject)
            {
                error = r.Token == JsonToken.Error ? fileName + " is not valid JSON: " + r.Error : fileName + " must be one JSON object of \"key\": value pairs";
                return null;
            }
            BoxSettings s = new BoxSettings();
            bool[] seen = new bool[Keys.Length];
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndObject) break;
                if (t != JsonToken.PropertyName)
                {
                    error = fileName + " is not valid JSON: " + r.Error;
                    return null;
                }
                string key = r.GetString();
                int index = IndexOf(key);
                if (index < 0)
                {
                    error = fileName + ": unknown key '" + key + "' (keys are case-sensitive, see docs/installer.md)";
                    return null;
                }
                if (seen[index])
                {
                    error = fileName + ": key '" + key + "' appears twice";
                    return null;
                }
                seen[index] = true;
                t = r.Read();
                if (t == JsonToken.Error)
                {
                    error = fileName + " is not valid JSON: " + r.Error;
                    return null;
                }
                string wrong = Set(s, index, r);
                if (wrong != null)
                {
                    error = r.Token == JsonToken.Error
                        ? fileName + " is not valid JSON: " + r.Error
                        : fileName + ": key '" + key + "' must be " + wrong;
                    return null;
                }
            }
            if (r.Read() != JsonToken.EndOfDocument)
            {
                error = fileName + " is not valid JSON: " + r.Error;
                return null;
            }
            return s;
        }

        private static int IndexOf(string key)
        {
            for (int i = 0; i < Keys.Length; i++)
                if (Keys[i] == key) return i;
            return -1;
        }

        // Stores the value at the reader's token in the field of key index; what it must be when it is not.
        private static string Set(BoxSettings s, int index, JsonReader r)
        {
            int kind = Kinds[index];
            string text = null;
            string[] list = null;
            int number = 0;
            bool flag = false;
            if (kind == Text)
            {
                if (r.Token == JsonToken.String) text = r.GetString();
                else if (r.Token != JsonToken.Null) return "text in quotes";
            }
            else if (kind == WholeNumber)
            {
                long value;
                if (r.Token != JsonToken.Number || !r.TryGetInt64(out value) || value < int.MinValue || value > int.MaxValue)
                    return "a whole number";
                number = (int)value;
            }
            else if (kind == TrueOrFalse)
            {
                if (r.Token != JsonToken.True && r.Token != JsonToken.False) return "true or false";
                flag = r.Token == JsonToken.True;
            }
            else
            {
                if (r.Token == JsonToken.StartArray)
                {
                    list = ReadTextList(r);
                    if (list == null) return "a list of texts in quotes, e.g. [\"112\"]";
                }
                else if (r.Token != JsonToken.Null) return "a list of texts in quotes, e.g. [\"112\"]";
            }
            switch (index)
            {
                case 0: s.boxId = text; break;
                case 1: s.lineId = text; break;
                case 2: s.topicPrefix = text; break;
                case 3: s.wifiSsid = text; break;
                case 4: s.wifiPassword = text; break;
                case 5: s.brokerHost = text; break;
                case 6: s.brokerPort = number; break;
                case 7: s.tls = flag; break;
                case 8: s.caCertFile = text; break;
                case 9: s.brokerUser = text; break;
                case 10: s.brokerPassword = text; break;
                case 11: s.keepAliveSeconds = number; break;
                case 12: s.sntpServer = text; break;
                case 13: s.lineCutOpenMs = number; break;
                case 14: s.interDigitTimeoutMs = number; break;
                case 15: s.blockedHoldMs = number; break;
                case 16: s.extraEmergencyNumbers = list; break;
                case 17: s.outboxBytes = number; break;
                case 18: s.maxRuleUpdateBytes = number; break;
                case 19: s.maxRuleSetBytes = number; break;
                case 20: s.watchdogSeconds = number; break;
                case 21: s.ledActiveLow = flag; break;
                case 22: s.selfTest = flag; break;
                case 23: s.debounceMs = number; break;
                case 24: s.offHookMinMs = number; break;
                case 25: s.pulseBreakMinMs = number; break;
                case 26: s.pulseBreakMaxMs = number; break;
                case 27: s.interDigitPauseMs = number; break;
                case 28: s.pulseDialling = flag; break;
                case 29: s.flashMinMs = number; break;
                case 30: s.flashMaxMs = number; break;
                case 31: s.pulseDigits = text; break;
                case 32: s.dtmfMinStrobeMs = number; break;
                case 33: s.ringBurstGapMs = number; break;
                case 34: s.ringMinBurstMs = number; break;
                default: s.ringStopAfterMs = number; break;
            }
            return null;
        }

        // The strings of the array at the reader's StartArray, or null when an element is not a string (or the JSON is bad).
        private static string[] ReadTextList(JsonReader r)
        {
            ArrayList items = new ArrayList();
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndArray) break;
                if (t != JsonToken.String) return null;
                items.Add(r.GetString());
            }
            string[] list = new string[items.Count];
            items.CopyTo(list);
            return list;
        }
    }
}
