using System.Data.Common;
using Gateway.Cli.Collect;

namespace Gateway.Cli.Report;

/// <summary>What `gateway report` shows for one period, read from the collector's database: calls
/// per line per day, blocked attempts by rule, top destinations by prefix, durations, and the
/// boxes' offline spells and faults.</summary>
public sealed class ReportData
{
    /// <summary>Upper bounds (seconds) of the duration buckets; the last bucket is everything longer.</summary>
    public static readonly int[] DurationBucketsS = [10, 30, 60, 180, 600];

    public required DateTime FromUtc { get; init; }
    public required DateTime ToUtc { get; init; }
    public required int PrefixDigits { get; init; }
    public int Calls { get; private set; }
    public int Blocked { get; private set; }
    public int Emergency { get; private set; }
    public int Completed { get; private set; }
    public int Incoming { get; private set; }
    public int UnsyncedClock { get; private set; }
    /// <summary>Days of the period, in order (yyyy-MM-dd, UTC).</summary>
    public List<string> Days { get; } = new();
    /// <summary>"box / line" to calls per day (same order as <see cref="Days"/>).</summary>
    public SortedDictionary<string, int[]> CallsPerLinePerDay { get; } = new(StringComparer.Ordinal);
    /// <summary>Blocked attempts by the rule prefix that decided them ("(default)" for none), most first.</summary>
    public List<(string Rule, int Count)> BlockedByRule { get; } = new();
    /// <summary>Outgoing calls by the first <see cref="PrefixDigits"/> keys dialled, most first (top 10).</summary>
    public List<(string Prefix, int Count)> TopPrefixes { get; } = new();
    /// <summary>Completed calls per duration bucket (<see cref="DurationBucketsS"/> plus one).</summary>
    public int[] DurationBuckets { get; } = new int[DurationBucketsS.Length + 1];
    public long TotalDurationMs { get; private set; }
    public long MedianDurationMs { get; private set; }
    public long LongestDurationMs { get; private set; }
    /// <summary>Changes of online/fault in the period, oldest first.</summary>
    public List<(string Box, string At, bool Online, string? Fault)> StatusChanges { get; } = new();
    /// <summary>Each known box's latest status.</summary>
    public List<(string Box, string At, bool Online, string? Fault)> Boxes { get; } = new();

    /// <summary>Reads the period [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) by the calls' start time.</summary>
    public static ReportData Load(CollectorStore store, DateTime fromUtc, DateTime toUtc, int prefixDigits)
    {
        var data = new ReportData { FromUtc = fromUtc, ToUtc = toUtc, PrefixDigits = prefixDigits };
        for (DateTime d = fromUtc.Date; d < toUtc; d = d.AddDays(1))
            data.Days.Add(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        string from = CollectorStore.Iso(fromUtc), to = CollectorStore.Iso(toUtc);
        var blocked = new Dictionary<string, int>(StringComparer.Ordinal);
        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        var durations = new List<long>();
        using (DbDataReader r = store.Query(
            "SELECT box, line, start_time, outcome, rule, digits, duration_ms, emergency, direction, clock_synced FROM calls " +
            "WHERE start_time >= @f AND start_time < @t", ("f", from), ("t", to)))
        {
            while (r.Read())
            {
                string box = r.GetString(0), line = r.GetString(1), start = r.GetString(2), outcome = r.GetString(3);
                string? rule = r.IsDBNull(4) ? null : r.GetString(4);
                string digits = r.GetString(5), direction = r.GetString(8);
                long durationMs = r.GetInt64(6);
                data.Calls++;
                if (r.GetBoolean(7))
                    data.Emergency++;
                if (!r.GetBoolean(9))
                    data.UnsyncedClock++;
                string key = box + " / " + line;
                if (!data.CallsPerLinePerDay.TryGetValue(key, out int[]? perDay))
                    data.CallsPerLinePerDay[key] = perDay = new int[data.Days.Count];
                int day = data.Days.IndexOf(start.Length >= 10 ? start[..10] : start);
                if (day >= 0)
                    perDay[day]++;
                if (outcome == "blocked")
                {
                    data.Blocked++;
                    string name = rule ?? "(default)";
                    blocked[name] = blocked.GetValueOrDefault(name) + 1;
                }
                if (outcome == "completed")
                {
                    data.Completed++;
                    durations.Add(durationMs);
                    int bucket = Array.FindIndex(DurationBucketsS, s => durationMs < s * 1000L);
                    data.DurationBuckets[bucket < 0 ? DurationBucketsS.Length : bucket]++;
                }
                if (direction == "incoming")
                    data.Incoming++;
                else if (digits.Length > 0)
                {
                    string p = digits.Length > prefixDigits ? digits[..prefixDigits] : digits;
                    prefixes[p] = prefixes.GetValueOrDefault(p) + 1;
                }
            }
        }
        data.BlockedByRule.AddRange(blocked.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        data.TopPrefixes.AddRange(prefixes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10).Select(p => (p.Key, p.Value)));
        durations.Sort();
        data.TotalDurationMs = durations.Sum();
        data.MedianDurationMs = durations.Count == 0 ? 0 : durations[durations.Count / 2];
        data.LongestDurationMs = durations.Count == 0 ? 0 : durations[^1];
        using (DbDataReader r = store.Query(
            "SELECT box, received_at, online, fault FROM status_changes WHERE received_at >= @f AND received_at < @t ORDER BY received_at, box",
            ("f", from), ("t", to)))
            while (r.Read())
                data.StatusChanges.Add((r.GetString(0), r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3)));
        using (DbDataReader r = store.Query("SELECT box, received_at, online, fault FROM box_status ORDER BY box"))
            while (r.Read())
                data.Boxes.Add((r.GetString(0), r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return data;
    }
}
