using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Cli.Mqtt;

/// <summary>What `gateway watch` knows about each box, built from the messages it hears, and its
/// plain-text rendering (the dashboard is <see cref="FleetDashboard"/>).</summary>
/// <remarks>
/// The box log (`log` topic) is the only log a deployed box has: its latest entries are shown in
/// full, oldest first, one `log:` line each. A retained message tells what a box last said, not
/// when: only messages heard live move "last seen"; a box first heard online counts as online
/// since its boot (status `uptimeMs`), a box seen coming online since that moment.
/// </remarks>
public sealed class FleetView
{
    /// <summary>Topic tails `watch` subscribes to under PREFIX/+/ (names as in Core's MessagingTopics).</summary>
    public static readonly string[] Suffixes = ["status", "calls", "events", "rules/state", "log"];

    /// <summary>Calls kept per box and across the fleet (the dashboard shows as many as fit).</summary>
    public const int CallsKept = 20;

    const int CallsShown = 5, RefusalsShown = 3, LogShown = 10;
    readonly string prefix;
    readonly SortedDictionary<string, BoxState> boxes = new(StringComparer.Ordinal);
    readonly LinkedList<CallView> calls = new();
    readonly LinkedList<(string Box, string Line)> log = new();

    public FleetView(string prefix) => this.prefix = prefix;

    public int BoxCount => boxes.Count;

    /// <summary>Every box heard from, by id.</summary>
    public IEnumerable<BoxState> Boxes => boxes.Values;

    /// <summary>The latest calls of the fleet, newest first.</summary>
    public IEnumerable<CallView> Calls => calls;

    /// <summary>The latest box log lines of the fleet, oldest first.</summary>
    public IEnumerable<(string Box, string Line)> Log => log;

    /// <summary>Takes one message; topics outside PREFIX/BOX/(status|calls|events|rules/state|log) are ignored.
    /// <paramref name="retained"/>: the broker's stored copy, sent on subscribe (says nothing of when).</summary>
    public void Apply(string topic, byte[] payload, DateTime nowUtc, bool retained = false)
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
        if (!boxes.TryGetValue(id, out BoxState? box))
            boxes[id] = box = new BoxState(id);
        string text = Summary(payload, out JsonElement? json);
        JsonElement? obj = json is JsonElement o && o.ValueKind == JsonValueKind.Object ? o : null;
        bool lastWill = suffix == "status" && obj is JsonElement w && Bool(w, "online") == false;
        // The last will is the broker speaking for a box that has gone: not a sign of life.
        if (!retained && !lastWill)
            box.LastSeen = nowUtc;
        switch (suffix)
        {
            case "status":
                ApplyStatus(box, text, obj, nowUtc, retained);
                break;
            case "events":
                box.LastEvent = text;
                break;
            case "calls":
                var call = CallView.From(id, text, obj);
                if (obj is JsonElement rec && Str(rec, "hw") is string callHw && callHw.Length > 0)
                    box.HardwareIds.Add(callHw);
                // A QoS 1 repeat (same epoch and seq) is the same record; repeats follow closely.
                if (call.Seq != null && box.Calls.Any(c => c.Seq == call.Seq && c.Epoch == call.Epoch))
                    break;
                box.CallsSeen++;
                box.Calls.AddFirst(call);
                while (box.Calls.Count > CallsShown)
                    box.Calls.RemoveLast();
                calls.AddFirst(call);
                while (calls.Count > CallsKept)
                    calls.RemoveLast();
                break;
            case "log":
                long seq = obj is JsonElement l && l.TryGetProperty("seq", out JsonElement n) && n.TryGetInt64(out long v) ? v : -1;
                // QoS 1 may repeat an entry; the box's seq says which.
                if (seq >= 0 && box.Log.Any(e => e.Seq == seq))
                    break;
                string line = obj is JsonElement entry ? LogLine(entry) ?? text : text;
                box.Log.AddLast((seq, line));
                while (box.Log.Count > LogShown)
                    box.Log.RemoveFirst();
                log.AddLast((id, line));
                while (log.Count > LogShown)
                    log.RemoveFirst();
                break;
            case "rules/state":
                box.RulesState = text;
                box.RulesAnswer = obj is JsonElement a ? RulesAnswer.From(a) : null;
                if (box.RulesAnswer?.Refused == true)
                {
                    box.Refusals.AddFirst(text);
                    while (box.Refusals.Count > RefusalsShown)
                        box.Refusals.RemoveLast();
                }
                break;
        }
    }

    static void ApplyStatus(BoxState box, string text, JsonElement? obj, DateTime nowUtc, bool retained)
    {
        box.Status = text;
        bool? online = obj is JsonElement s ? Bool(s, "online") : null;
        if (online == true && box.Online != true)
        {
            long? uptime = obj is JsonElement u ? Int(u, "uptimeMs") : null;
            // First heard online (often the retained copy): it has been up since its boot at the latest.
            box.OnlineSince = box.Online == null && uptime != null ? nowUtc - TimeSpan.FromMilliseconds(uptime.Value) : nowUtc;
            box.OfflineSince = null;
        }
        else if (online == false && box.Online != false)
        {
            box.OnlineSince = null;
            box.OfflineSince = retained ? null : nowUtc; // a retained will does not say since when
        }
        box.Online = online;
        // The last will says only that the box is gone: what it said before stays, as last known.
        if (online == false)
            return;
        if (obj is JsonElement j)
        {
            box.Firmware = Str(j, "firmware");
            box.Rules = Str(j, "rules");
            box.Queue = Int(j, "queue");
            box.Dropped = Int(j, "dropped");
            box.Line = Str(j, "line");
            box.Hardware = Str(j, "hw");
            if (box.Hardware is { Length: > 0 } hw)
                box.HardwareIds.Add(hw);
        }
        // Shown on a line of its own: it needs a technician.
        box.Fault = obj is JsonElement f ? Str(f, "fault") : null;
    }

    internal static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    internal static bool? Bool(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null } : null;

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

    /// <summary>One line for a payload: top-level JSON fields as key=value in full, else the text itself
    /// (clipped: it is not the box's own JSON).</summary>
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
            sb.Append(p.Name).Append('=').Append(value.Length == 0 ? "\"\"" : value.ReplaceLineEndings(" "));
        }
        return sb.ToString();
    }

    static string Clip(string s) => s.Length <= 160 ? s.ReplaceLineEndings(" ") : s[..157].ReplaceLineEndings(" ") + "...";

    /// <summary>The plain view (output that is not a terminal): one block per box, key=value lines in full.</summary>
    public string Render(string broker, DateTime nowUtc)
    {
        var sb = new StringBuilder();
        sb.Append($"gateway watch  {broker}  {nowUtc:yyyy-MM-dd HH:mm:ss} UTC  {boxes.Count} box{(boxes.Count == 1 ? "" : "es")}\n");
        if (boxes.Count == 0)
            sb.Append("  (no box has reported yet)\n");
        foreach ((string id, BoxState b) in boxes)
        {
            sb.Append($"\n[{id}]  calls seen: {b.CallsSeen}  {WatchText.Presence(b, nowUtc)}  last seen: {WatchText.Seen(b.LastSeen, nowUtc)}\n");
            sb.Append($"  status: {b.Status ?? "-"}\n");
            if (b.Fault != null)
                sb.Append($"  FAULT:  {b.Fault}\n");
            if (b.SharedId is string shared)
                sb.Append($"  TWO BOXES USE THIS ID: {shared}\n");
            sb.Append($"  line:   {b.LastEvent ?? "-"}\n");
            sb.Append($"  rules:  {b.RulesState ?? "-"}\n");
            foreach (string r in b.Refusals)
                sb.Append($"  refused rule update: {r}\n");
            foreach (CallView c in b.Calls)
                sb.Append($"  call: {c.Summary}\n");
            foreach ((long _, string line) in b.Log)
                sb.Append($"  log: {line}\n");
        }
        return sb.ToString();
    }
}
