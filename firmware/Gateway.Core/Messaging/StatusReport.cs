using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>The box's health as published, retained, on <c>&lt;prefix&gt;/&lt;box&gt;/status</c>.</summary>
    /// <remarks>
    /// docs/schemas/status.schema.json. The broker replaces it with
    /// the last will (<see cref="MessagingTopics.WillPayload"/>) when the box drops off, so "online" is the
    /// only field a consumer can rely on in both shapes.
    /// </remarks>
    public sealed class StatusReport
    {
        /// <summary>The outbox journal's epoch (16 lowercase hex digits): a new one means a fresh journal.</summary>
        public string Epoch;
        /// <summary>The box's hardware id (factory MAC, 12 lowercase hex digits).</summary>
        public string Hw;
        /// <summary>Firmware version string.</summary>
        public string Firmware;
        /// <summary>Version of the rule set in force ("" for the built-in default).</summary>
        public string Rules;
        /// <summary>Call records waiting in the outbox for the broker's acknowledgement.</summary>
        public int Queue;
        /// <summary>Call records refused since the outbox was created (persisted across restarts).</summary>
        public long Dropped;
        /// <summary>Why the last record was refused or the journal needed repair, or null.</summary>
        public string OutboxError;
        /// <summary>Why the box needs a technician (e.g. a line cut the hook input never saw), or null.</summary>
        public string Fault;
        /// <summary>Last line activity: idle, ringing, offHook, dialling, cut.</summary>
        public string Line;
        /// <summary>Milliseconds since the box started.</summary>
        public long UptimeMs;

        /// <summary>Writes the report as one JSON object into a reset writer.</summary>
        public void Write(JsonWriter w)
        {
            w.BeginObject();
            w.Bool("online", true);  // the last will is the only offline shape
            w.String("hw", Hw);
            w.String("epoch", Epoch);
            w.String("firmware", Firmware);
            w.String("rules", Rules);
            w.Int("queue", Queue);
            w.Int("dropped", Dropped);
            w.String("outboxError", OutboxError);
            w.String("fault", Fault);
            w.String("line", Line);
            w.Int("uptimeMs", UptimeMs);
            w.EndObject();
        }
    }
}
