using Gateway.Core.Logging;
using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>Encodes a box log entry for <c>&lt;prefix&gt;/&lt;box&gt;/log</c> (docs/schemas/log.schema.json).</summary>
    public static class LogEntryJson
    {
        /// <summary>Writes <c>e</c> as one JSON object into a reset writer.</summary>
        public static void Write(JsonWriter w, LogEntry e)
        {
            w.BeginObject();
            w.Int("seq", e.Seq);
            w.Int("boot", e.Boot);
            w.UtcTime("time", e.UnixMs);
            w.Bool("clockSynced", e.ClockSynced);
            w.Int("uptimeMs", e.UptimeMs);
            w.String("level", LevelName(e.Level));
            w.String("text", e.Text);
            w.EndObject();
        }

        /// <summary>JSON name of a level.</summary>
        public static string LevelName(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Info: return "info";
                case LogLevel.Warning: return "warning";
                default: return "error";
            }
        }
    }
}
