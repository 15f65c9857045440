namespace Gateway.Core.Messaging
{
    /// <summary>The box's MQTT topic names, built once from the prefix and the box id.</summary>
    /// <remarks>
    /// Box ids and prefixes are checked so that a topic can never contain MQTT wildcards or an
    /// empty level: a box must not be able to subscribe to (or answer for) another box's topics.
    /// </remarks>
    public sealed class MessagingTopics
    {
        /// <summary>Topic prefix used when the settings do not name one.</summary>
        public const string DefaultPrefix = "gateway";

        /// <summary>Payload the broker publishes (retained) on the status topic when the box drops
        /// off without a clean disconnect; the adapter passes it to CONNECT as the last will.</summary>
        public const string WillPayloadText = "{\"online\":false}";

        public readonly string Prefix;
        public readonly string Box;
        /// <summary>Retained health JSON; also the last-will topic (QoS 1, retained).</summary>
        public readonly string Status;
        /// <summary>One call record per message, QoS 1, not retained.</summary>
        public readonly string Calls;
        /// <summary>Live line events, QoS 0, not retained.</summary>
        public readonly string Events;
        /// <summary>The box log (<see cref="Logging.BoxLog"/>), one entry per message, QoS 1, not retained.</summary>
        public readonly string Log;
        /// <summary>Rule set (or a staged transfer's manifest) pushed by the backend, retained; the box subscribes to it and to <see cref="RulesChunk"/>.</summary>
        public readonly string RulesSet;
        /// <summary>The box's answer to rules/set, retained.</summary>
        public readonly string RulesState;
        /// <summary>Chunks of a staged transfer (binary, <see cref="RuleChunk"/>), QoS 1, not retained.</summary>
        public readonly string RulesChunk;

        public MessagingTopics(string prefix, string box)
        {
            if (prefix == null || prefix.Length == 0) prefix = DefaultPrefix;
            string reason = CheckTopicPart("prefix", prefix, true);
            if (reason != null) throw new System.ArgumentException(reason);
            reason = CheckTopicPart("box id", box, false);
            if (reason != null) throw new System.ArgumentException(reason);
            Prefix = prefix;
            Box = box;
            string root = prefix + "/" + box + "/";
            Status = root + "status";
            Calls = root + "calls";
            Events = root + "events";
            Log = root + "log";
            RulesSet = root + "rules/set";
            RulesState = root + "rules/state";
            RulesChunk = root + "rules/chunk";
        }

        /// <summary>The last-will payload as bytes (a fresh array each call).</summary>
        public static byte[] WillPayload()
        {
            return Utf8.GetBytes(WillPayloadText);
        }

        /// <summary>Null when <c>value</c> is usable as a topic prefix (slashes allowed) or box id
        /// (one level), else the reason.</summary>
        public static string CheckTopicPart(string what, string value, bool allowSlash)
        {
            if (value == null || value.Length == 0) return what + " is empty";
            if (value.Length > 64) return what + " is longer than 64 characters";
            if (value[0] == '/' || value[value.Length - 1] == '/') return what + " starts or ends with '/'";
            if (value[0] == '$') return what + " starts with '$' (reserved by MQTT brokers)";
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || (allowSlash && c == '/');
                if (!ok) return what + " contains '" + ShownText.Of(value.Substring(i, 1)) + "' (allowed: letters, digits, - _ ." + (allowSlash ? " /" : "") + ")";
                if (c == '/' && i > 0 && value[i - 1] == '/') return what + " has an empty level";
            }
            return null;
        }
    }
}
