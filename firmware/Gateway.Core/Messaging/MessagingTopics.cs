using Gateway.Core.Messaging.Json;

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

        /// <summary>Largest last-will payload in bytes (<see cref="WillPayload"/>).</summary>
        public const int MaxWillPayloadBytes = 128;

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

        /// <summary>The last will the adapter passes to CONNECT: the broker publishes it (retained) on
        /// the status topic when the box drops off without a clean disconnect. It names when the
        /// session it belongs to began, so a backend that reads it later knows the box was online
        /// at least until then, and the box's hardware id, so that a will can be told from another
        /// box's: <c>{"online":false,"hw":"...","connectedAt":"...Z"}</c>, or <c>"connectedAt":null</c>
        /// while the box's clock is not set.</summary>
        /// <remarks>A will is fixed at CONNECT (MQTT 3.1.1, 3.1.2.5), so the time of the drop itself
        /// cannot be in it; the broker's delivery time is a backend's to record.</remarks>
        public static byte[] WillPayload(string hw, long connectedAtUnixMs, bool clockSynced)
        {
            var w = new JsonWriter(MaxWillPayloadBytes);
            w.BeginObject();
            w.Bool("online", false);
            w.String("hw", hw == null ? "" : hw);
            // Year 9999 at most: JsonWriter.UtcTime's range; a clock beyond it is not a set clock.
            if (clockSynced && connectedAtUnixMs >= 0 && connectedAtUnixMs <= 253402300799999L) w.UtcTime("connectedAt", connectedAtUnixMs);
            else w.Null("connectedAt");
            w.EndObject();
            return w.ToArray();
        }

        /// <summary><see cref="WillPayload"/> as text, for clients that take the will as a string (M2Mqtt).</summary>
        public static string WillPayloadText(string hw, long connectedAtUnixMs, bool clockSynced)
        {
            byte[] b = WillPayload(hw, connectedAtUnixMs, clockSynced);
            return Utf8.GetString(b, 0, b.Length);
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
