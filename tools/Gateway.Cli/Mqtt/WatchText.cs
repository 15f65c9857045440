using System.Globalization;

namespace Gateway.Cli.Mqtt;

/// <summary>How `gateway watch` writes times, ages and call outcomes, in the dashboard and the plain view alike.</summary>
public static class WatchText
{
    /// <summary>A short age: "12s", "5m", "3h", "4d" (whole units, rounded down).</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero;
        if (age.TotalSeconds < 60)
            return $"{(int)age.TotalSeconds}s";
        if (age.TotalMinutes < 60)
            return $"{(int)age.TotalMinutes}m";
        if (age.TotalHours < 48)
            return $"{(int)age.TotalHours}h";
        return $"{(int)age.TotalDays}d";
    }

    /// <summary>A moment in UTC: the time of day when it is today, else with the date.</summary>
    public static string Clock(DateTime utc, DateTime nowUtc) =>
        utc.Date == nowUtc.Date ? utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : utc.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"15:03:02 (2h)": a moment and how long ago it was.</summary>
    public static string Moment(DateTime utc, DateTime nowUtc) => $"{Clock(utc, nowUtc)} ({Age(nowUtc - utc)})";

    /// <summary>"online since 15:03:02 (2h)", "offline since ...", "offline" (a retained last will: since unknown), or "no status".</summary>
    public static string Presence(BoxState box, DateTime nowUtc) => box.Online switch
    {
        true => box.OnlineSince is DateTime on ? $"online since {Moment(on, nowUtc)}" : "online",
        false => box.OfflineSince is DateTime off ? $"offline since {Moment(off, nowUtc)}" : "offline",
        _ => "no status",
    };

    /// <summary>"4s ago", or "not since watch started" when only retained messages were heard.</summary>
    public static string Seen(DateTime? lastSeen, DateTime nowUtc) =>
        lastSeen is DateTime seen ? $"{Age(nowUtc - seen)} ago" : "not since watch started";

    /// <summary>The call's start as a time of day in UTC, "~" marking a box clock SNTP had not set yet.</summary>
    public static string CallTime(CallView call)
    {
        if (call.Start == null || !DateTime.TryParse(call.Start, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime start))
            return "-";
        return start.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + (call.ClockSynced ? "" : "~");
    }

    /// <summary>The outcome in words: "blocked by rule 00 at key 2", "completed", "missed"... (never cut).</summary>
    public static string Outcome(CallView call)
    {
        string outcome = call.Outcome ?? "?";
        if (!call.Blocked)
            return outcome;
        string rule = string.IsNullOrEmpty(call.Rule) ? "" : $" by rule {call.Rule}";
        string key = call.BlockedAtDigit is long k && k > 0 ? $" at key {k}" : "";
        return outcome + rule + key;
    }

    /// <summary>The number dialled, or "(incoming)" for a call that dialled none.</summary>
    public static string Number(CallView call) =>
        !string.IsNullOrEmpty(call.Digits) ? call.Digits : call.Direction == "incoming" ? "(incoming)" : "-";

    /// <summary>A call's length: "45s", "2m07s", "1h02m".</summary>
    public static string Duration(long ms)
    {
        long s = Math.Max(0, ms) / 1000;
        if (s < 60)
            return $"{s}s";
        if (s < 3600)
            return $"{s / 60}m{s % 60:D2}s";
        return $"{s / 3600}h{s / 60 % 60:D2}m";
    }
}
