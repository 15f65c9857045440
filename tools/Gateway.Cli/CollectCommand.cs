using System.CommandLine;
using System.Runtime.InteropServices;
using Gateway.Cli.Collect;
using Gateway.Cli.Mqtt;

namespace Gateway.Cli;

/// <summary>`gateway collect`: the reference backend consumer, storing every box's call records
/// exactly once in SQLite or PostgreSQL (docs/collector.md).</summary>
public static class CollectCommand
{
    public const string DefaultClientId = "gateway-collect";

    public static Command Create(CliStreams io)
    {
        var command = new Command("collect",
            "Store every box's call records (exactly once, by box, epoch and seq), status and events in a database; runs until Ctrl-C.");
        var broker = new BrokerArguments(command, $"mqtt://127.0.0.1:{BrokerOptions.DefaultPort}");
        var prefix = OptionValues.TopicPrefix();
        var db = new Option<string?>("--db") { HelpName = "FILE", Description = "SQLite database file, created when missing (the default: calls.db)." };
        var postgres = new Option<string?>("--postgres")
        {
            HelpName = "CONNECTION",
            Description = "PostgreSQL instead of SQLite: an Npgsql connection string (\"Host=...;Database=...;Username=...\").",
        };
        var clientId = new Option<string>("--client-id")
        {
            HelpName = "ID",
            Description = "The collector's fixed MQTT client id: the broker keeps its session (and what arrives meanwhile) under it. One per collector.",
            DefaultValueFactory = _ => DefaultClientId,
            CustomParser = r => OptionValues.Id(r),
        };
        var group = new Option<string?>("--group")
        {
            HelpName = "NAME",
            Description = "Share the load with the other collectors of this group (MQTT shared subscription $share/NAME/...).",
            CustomParser = r => OptionValues.TopicPart(r, "group", false),
        };
        var duration = new Option<double?>("--duration")
        {
            HelpName = "S",
            Description = "Collect for S seconds, then exit (default: until Ctrl-C or SIGTERM).",
            CustomParser = r => OptionValues.Number(r, 0, 1e9, true, "a number of seconds"),
        };
        command.Options.Add(prefix);
        command.Options.Add(db);
        command.Options.Add(postgres);
        command.Options.Add(clientId);
        command.Options.Add(group);
        command.Options.Add(duration);
        command.Validators.Add(r =>
        {
            if (r.GetValue(db) != null && r.GetValue(postgres) != null)
                r.AddError("--db and --postgres exclude each other");
        });
        command.SetAction(parsed =>
        {
            BrokerOptions options = broker.Read(parsed) ?? new BrokerOptions();
            string? pg = parsed.GetValue(postgres);
            string file = parsed.GetValue(db) ?? "calls.db";
            Func<CollectorStore> open = pg != null ? () => CollectorStore.OpenPostgres(pg) : () => CollectorStore.OpenSqlite(file);
            var collector = new Collector(options, parsed.GetRequiredValue(prefix), parsed.GetRequiredValue(clientId), parsed.GetValue(group), open, io.Error);
            double? seconds = parsed.GetValue(duration);
            return Run(collector, seconds == null ? null : TimeSpan.FromSeconds(seconds.Value));
        });
        return command;
    }

    static int Run(Collector collector, TimeSpan? duration)
    {
        using var cancel = duration == null ? new CancellationTokenSource() : new CancellationTokenSource(duration.Value);
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        // SIGTERM (a service manager's stop) ends the run the same way: the batch in hand is stored
        // and acknowledged, then a clean disconnect.
        using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            return collector.RunAsync(cancel.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }
}
