using System.Text;
using System.Text.Json;

namespace Gateway.Cli.Collect;

/// <summary>One message `gateway collect` heard, read into what it stores: a call record, a status,
/// an event, or (when it cannot be read as what its topic says) a rejected message with the reason.</summary>
public abstract record CollectedMessage(string Box, string Payload)
{
    /// <summary>Reads a message on PREFIX/BOX/(calls|status|events); null for any other topic.</summary>
    public static CollectedMessage? Read(string prefix, string topic, byte[] payload)
    {
        if (!topic.StartsWith(prefix + "/", StringComparison.Ordinal))
            return null;
        string rest = topic[(prefix.Length + 1)..];
        int slash = rest.IndexOf('/');
        if (slash <= 0)
            return null;
        string box = rest[..slash], kind = rest[(slash + 1)..];
        if (kind is not ("calls" or "status" or "events"))
            return null;
        string text;
        try
        {
            text = Strict.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return new Rejected(topic, box, Convert.ToBase64String(payload), "not UTF-8 (payload kept in base64)");
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new Rejected(topic, box, text, "not a JSON object");
            return kind switch
            {
                "calls" => CallRow.From(box, text, root),
                "status" => StatusRow.From(box, text, root),
                _ => EventRow.From(box, text, root),
            };
        }
        catch (JsonException e)
        {
            return new Rejected(topic, box, text, "not JSON: " + e.Message);
        }
        catch (FieldException e)
        {
            return new Rejected(topic, box, text, e.Message);
        }
    }

    static readonly UTF8Encoding Strict = new(false, true);

    internal static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FieldException($"'{name}' is missing or not a string");

    internal static string? OptStr(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : throw new FieldException($"'{name}' is missing or not an integer");

    internal static long? OptInt(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    internal static bool Bool(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new FieldException($"'{name}' is missing or not a boolean");

    internal sealed class FieldException(string message) : Exception(message);
}

/// <summary>A call record (docs/schemas/call-record.schema.json); the key is (box of the topic, epoch, seq),
/// epoch "" for a box that sends none.</summary>
public sealed record CallRow(string Box, string Epoch, long Seq, string Line, string Direction, string Digits, string Dial,
    string Start, string End, long DurationMs, string Outcome, string? Rule, long? BlockedAtDigit, long Flashes,
    bool Emergency, bool ClockSynced, string? Hw, string Payload) : CollectedMessage(Box, Payload)
{
    internal static CallRow From(string box, string payload, JsonElement o) => new(
        box, OptStr(o, "epoch") ?? "", Int(o, "seq"), Str(o, "line"), Str(o, "direction"), Str(o, "digits"), Str(o, "dial"),
        Str(o, "start"), Str(o, "end"), Int(o, "durationMs"), Str(o, "outcome"), OptStr(o, "rule"), OptInt(o, "blockedAtDigit"),
        Int(o, "flashes"), Bool(o, "emergency"), Bool(o, "clockSynced"), OptStr(o, "hw"), payload);
}

/// <summary>A status report or the last will (<c>{"online":false}</c>): online and fault are what the history tracks.</summary>
public sealed record StatusRow(string Box, bool Online, string? Fault, string Payload) : CollectedMessage(Box, Payload)
{
    internal static StatusRow From(string box, string payload, JsonElement o) => new(box, Bool(o, "online"), OptStr(o, "fault"), payload);
}

/// <summary>A live line event (docs/schemas/event.schema.json).</summary>
public sealed record EventRow(string Box, string? Line, string Event, string? Time, long? UptimeMs, string Payload) : CollectedMessage(Box, Payload)
{
    internal static EventRow From(string box, string payload, JsonElement o) =>
        new(box, OptStr(o, "line"), Str(o, "event"), OptStr(o, "time"), OptInt(o, "uptimeMs"), payload);
}

/// <summary>A message kept with the reason it could not be stored as what its topic says.</summary>
public sealed record Rejected(string Topic, string Box, string Payload, string Reason) : CollectedMessage(Box, Payload);
