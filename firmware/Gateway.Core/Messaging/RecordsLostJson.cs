using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>Encodes the recordsLost event: call records the outbox could not keep (docs/mqtt.md, "events").</summary>
    public static class RecordsLostJson
    {
        /// <summary>Writes the event into a reset writer; <c>count</c> -1 is written as null (not known).</summary>
        public static void Write(JsonWriter w, string epoch, long firstSeq, long lastSeq, long count, string reason, long uptimeMs)
        {
            w.BeginObject();
            w.String("event", "recordsLost");
            w.String("epoch", epoch);
            w.Int("firstSeq", firstSeq);
            w.Int("lastSeq", lastSeq);
            if (count >= 0) w.Int("count", count);
            else w.Null("count");
            w.String("reason", reason);
            w.Int("uptimeMs", uptimeMs);
            w.EndObject();
        }
    }
}
