using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Cli.Mqtt;

/// <summary>What `gateway watch` knows about each box, built from the messages it hears, and its
/// plain-text rendering.</summary>
/// <remarks>The box log (`log` topic) is the only log a deployed box has: its latest entries are
/// shown in full, oldest first, one `log:` line each.</remarks>
public sealed class FleetView
{
    /// <summary>Topic tails `watch` subscribes to under PREFIX/+/ (names as in Core's MessagingTopics).</summary>
    public static readonly string[] Suffixes = ["status", "calls", "events", "rules/state", "log"];

    const int CallsShown = 5, RefusalsShown = 3, LogShown = 10;
    readonly string prefix;
    readonly SortedDictionary<string, BoxView> boxes = new(StringComparer.Ordinal);

    public FleetView(string prefix) => this.prefix = prefix;

    sealed class BoxView
    {
        public string? Status;
        public string? Fault;
        public DateTime? StatusAt;
        public string? LastEvent;
        public string? RulesState;
        public long CallsSeen;
        public readonly LinkedList<string> Calls = new();
        public readonly LinkedList<string> Refusals = new();
        public readonly LinkedList<(long Seq, string Line)> Log = new();
    }

    public int BoxCount => boxes.Count;

    /// <summary>Takes one message; topics outside PREFIX/BOX/(status|calls|events|rules/state) are ignored.</summary>
    public void Apply(string topic, byte[] payload, DateTime nowUtc)
    {
        if (!topic.StartsWith(prefix + "/", StringComparison.Ordinal))
            return;
        string rest = topic[(prefix.Length + 1)..];
        int slash = rest.IndexOf('/');
        if (slash <= 0)
            return;
        string id = rest[..slash], suffix = rest[(slash + 1)..];
        if (Array.IndexOf(Suffixes, suffix) < 0)
            return;
        if (!boxes.TryGetValue(id, out BoxView? box))
            boxes[id] = box = new BoxView();
        string text = Summary(payload, out JsonElement? json);
        switch (suffix)
        {
            case "status":
                box.Status = text;
                box.StatusAt = nowUtc;
                // Shown on a line of its own: it needs a technician, and the clipped summary may hide it.
                box.Fault = json is JsonElement s && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("fault", out JsonElement f)
                    && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                break;
            case "events":
                box.LastEvent = text;
                break;
            case "calls":
                box.CallsSeen++;
                box.Calls.AddFirst(text);
                while (box.Calls.Count > CallsShown)
                    box.Calls.RemoveLast();
                break;
            case "log":
                long seq = json is JsonElement l && l.ValueKind == JsonValueKind.Object && l.TryGetProperty("seq", out JsonElement n)
                    && n.TryGetInt64(out long v) ? v : -1;
                // QoS 1 may repeat an entry; the box's seq says which.
                if (seq >= 0 && box.Log.Any(e => e.Seq == seq))
                    break;
                box.Log.AddLast((seq, json is JsonElement entry ? LogLine(entry) ?? text : text));
                while (box.Log.Count > LogShown)
                    box.Log.RemoveFirst();
                break;
            case "rules/state":
                box.RulesState = text;
                if (json is JsonElement j && IsRefusal(j))
                {
                    box.Refusals.AddFirst(text);
                    while (box.Refusals.Count > RefusalsShown)
                        box.Refusals.RemoveLast();
                }
                break;
        }
    }

    /// <summary>A rules/state answer that says the update was not applied.</summary>
    public static bool IsRefusal(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object)
            return false;
        foreach (JsonProperty p in answer.EnumerateObject())
        {
            if (p.Name is "applied" or "accepted" or "ok" && p.Value.ValueKind == JsonValueKind.False)
                return true;
            if (p.Name is "result" or "state" or "status" && p.Value.ValueKind == JsonValueKind.String
                && p.Value.GetString() is string s && (s.StartsWith("refus", StringComparison.OrdinalIgnoreCase) || s.StartsWith("reject", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }

    /// <summary>A box log entry as one line: wall time (or uptime before SNTP), boot, seq, level and
    /// the whole text; null when it is not shaped like one (docs/schemas/log.schema.json).</summary>
    public static string? LogLine(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("seq", out JsonElement seq) || !e.TryGetProperty("boot", out JsonElement boot)
            || !e.TryGetProperty("level", out JsonElement level) || level.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String)
            return null;
        string when = "";
        if (e.TryGetProperty("clockSynced", out JsonElement synced) && synced.ValueKind == JsonValueKind.True
            && e.TryGetProperty("time", out JsonElement time) && time.ValueKind == JsonValueKind.String
            && DateTime.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime utc))
            when = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        else if (e.TryGetProperty("uptimeMs", out JsonElement up) && up.TryGetInt64(out long ms))
            when = "uptime " + (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";
        return $"{when} boot {boot.GetRawText()} #{seq.GetRawText()} {level.GetString()}: {text.GetString()!.ReplaceLineEndings(" ")}";
    }

    /// <summary>One line for a payload: top-level JSON fields as key=value, else the text itself.</summary>
    static string Summary(byte[] payload, out JsonElement? json)
    {
        json = null;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return $"({payload.Length} bytes, not UTF-8)";
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            json = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Clip(text);
        }
        if (json.Value.ValueKind != JsonValueKind.Object)
            return Clip(text);
        var sb = new StringBuilder();
        foreach (JsonProperty p in json.Value.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null)
                continue;
            if (sb.Length > 0)
                sb.Append(' ');
            string value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            sb.Append(p.Name).Append('=').Append(value.Length == 0 ? "\"\"" : value);
        }
        return Clip(sb.ToString());
    }

    static string Clip(string s) => s.Length <= 160 ? s.ReplaceLineEndings(" ") : s[..157].ReplaceLineEndings(" ") + "...";

    public string Render(string broker, DateTime nowUtc)
    {
        var sb = new StringBuilder();
        sb.Append($"gateway watch  {broker}  {nowUtc:yyyy-MM-dd HH:mm:ss} UTC  {boxes.Count} box{(boxes.Count == 1 ? "" : "es")}\n");
        if (boxes.Count == 0)
            sb.Append("  (no box has reported yet)\n");
        foreach ((string id, BoxView b) in boxes)
        {
            sb.Append($"\n[{id}]  calls seen: {b.CallsSeen}\n");
            sb.Append($"  status: {b.Status ?? "-"}\n");
            if (b.Fault != null)
                sb.Append($"  FAULT:  {b.Fault}\n");
            sb.Append($"  line:   {b.LastEvent ?? "-"}\n");
            sb.Append($"  rules:  {b.RulesState ?? "-"}\n");
            foreach (string r in b.Refusals)
                sb.Append($"  refused rule update: {r}\n");
            foreach (string c in b.Calls)
                sb.Append($"  call: {c}\n");
            foreach ((long _, string line) in b.Log)
                sb.Append($"  log: {line}\n");
        }
        return sb.ToString();
    }
}
