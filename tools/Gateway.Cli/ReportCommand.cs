using System.CommandLine;
using System.Globalization;
using Gateway.Cli.Collect;
using Gateway.Cli.Report;

namespace Gateway.Cli;

/// <summary>`gateway report`: a self-contained HTML report of one period from the collector's database (docs/collector.md).</summary>
public static class ReportCommand
{
    public static Command Create(CliStreams io)
    {
        var command = new Command("report",
            "Write an HTML report of a period from the collector's database: calls per line per day, blocked attempts, destinations, durations, boxes offline and faults.");
        var db = new Option<string?>("--db") { HelpName = "FILE", Description = "The collector's SQLite database (default calls.db)." };
        var postgres = new Option<string?>("--postgres") { HelpName = "CONNECTION", Description = "The collector's PostgreSQL database (Npgsql connection string)." };
        var from = new Option<DateTime?>("--from") { HelpName = "DATE", Description = "Start of the period, UTC (yyyy-MM-dd or ISO 8601), included.", CustomParser = Date };
        var to = new Option<DateTime?>("--to") { HelpName = "DATE", Description = "End of the period, UTC, excluded (a date alone: that day is excluded)." };
        to.CustomParser = Date;
        var period = new Option<string?>("--period")
        {
            HelpName = "day|week|month",
            Description = "One day, ISO week (Monday first) or calendar month: the one that starts at --from, else the current one (UTC).",
        };
        period.AcceptOnlyFromAmong("day", "week", "month");
        var output = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var prefixDigits = new Option<int>("--prefix-digits")
        {
            HelpName = "N",
            Description = "Destinations are grouped by their first N digits (default 4).",
            DefaultValueFactory = _ => 4,
            CustomParser = r => (int?)OptionValues.Number(r, 1, 20, false, "a number of digits") ?? 4,
        };
        var title = new Option<string>("--title") { HelpName = "TEXT", Description = "The report's heading.", DefaultValueFactory = _ => "Gateway calls report" };
        foreach (Option o in new Option[] { db, postgres, from, to, period, output, prefixDigits, title })
            command.Options.Add(o);
        command.Validators.Add(r =>
        {
            if (r.GetValue(db) != null && r.GetValue(postgres) != null)
                r.AddError("--db and --postgres exclude each other");
            if (r.GetValue(period) != null && r.GetValue(to) != null)
                r.AddError("--period and --to exclude each other");
            if (r.GetValue(period) == null && (r.GetValue(from) == null || r.GetValue(to) == null))
                r.AddError("give --from and --to, or --period (day, week or month)");
            if (r.GetValue(from) is DateTime f && r.GetValue(to) is DateTime t && t <= f)
                r.AddError("--to must be after --from");
        });
        command.SetAction(parsed =>
        {
            (DateTime start, DateTime end) = Range(parsed.GetValue(from), parsed.GetValue(to), parsed.GetValue(period), DateTime.UtcNow);
            string? pg = parsed.GetValue(postgres);
            using CollectorStore store = pg != null ? CollectorStore.OpenPostgres(pg) : CollectorStore.OpenSqlite(parsed.GetValue(db) ?? "calls.db", mustExist: true);
            if (store.SchemaVersion() == 0)
                throw new UsageException($"{store.Description} holds no collector tables (run `gateway collect` on it first)");
            ReportData data = ReportData.Load(store, start, end, parsed.GetValue(prefixDigits));
            string file = parsed.GetRequiredValue(output);
            File.WriteAllText(file, HtmlReport.Render(data, parsed.GetRequiredValue(title), DateTime.UtcNow));
            io.Error.WriteLine($"report: {data.Calls} calls from {CollectorStore.Iso(start)} to {CollectorStore.Iso(end)} written to {file}");
            return Program.ExitOk;
        });
        return command;
    }

    /// <summary>The period [start, end) the options name.</summary>
    public static (DateTime Start, DateTime End) Range(DateTime? from, DateTime? to, string? period, DateTime nowUtc)
    {
        if (period == null)
            return (from!.Value, to!.Value);
        DateTime anchor = from ?? nowUtc.Date;
        DateTime start = period switch
        {
            "day" => from ?? anchor.Date,
            "week" => from ?? anchor.Date.AddDays(-(((int)anchor.DayOfWeek + 6) % 7)),
            _ => from ?? new DateTime(anchor.Year, anchor.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        DateTime end = period switch { "day" => start.AddDays(1), "week" => start.AddDays(7), _ => start.AddMonths(1) };
        return (DateTime.SpecifyKind(start, DateTimeKind.Utc), DateTime.SpecifyKind(end, DateTimeKind.Utc));
    }

    static DateTime? Date(System.CommandLine.Parsing.ArgumentResult r)
    {
        string text = OptionValues.Text(r);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d))
            return DateTime.SpecifyKind(d, DateTimeKind.Utc);
        r.AddError($"{OptionValues.OptionName(r)}: '{text}' is not a date (yyyy-MM-dd or ISO 8601, UTC)");
        return null;
    }
}
