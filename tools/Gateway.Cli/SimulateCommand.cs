using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Gateway.Core;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Settings;
using Gateway.Core.Simulation;

namespace Gateway.Cli;

/// <summary>`gateway simulate SCENARIO`: runs the box logic against a scenario file and prints one JSON call record per line.</summary>
public static class SimulateCommand
{
    /// <summary>Scenario time 0 when --start is not given.</summary>
    public const string DefaultStart = "2026-01-01T00:00:00Z";

    public static Command Create(CliStreams io)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "The scenario file ('-' reads it from stdin)." };
        var start = new Option<long?>("--start")
        {
            HelpName = "ISO",
            Description = $"Wall time of scenario time 0, ISO 8601 (default {DefaultStart}).",
            CustomParser = StartUnixMs,
        };
        var box = new Option<string?>("--box") { HelpName = "ID", Description = "The box id (in records and topics).", DefaultValueFactory = _ => "box1", CustomParser = OptionValues.Id };
        var line = new Option<string?>("--line") { HelpName = "ID", Description = "The line id (in records).", DefaultValueFactory = _ => "line1", CustomParser = OptionValues.Id };
        var rules = new Option<string?>("--rules") { HelpName = "RULES|IMAGE", Description = "Rule text or compiled image to run (default: built-in emergency numbers, allow the rest)." };
        var events = new Option<bool>("--events") { Description = "Print live line events on stderr." };
        var leds = new Option<bool>("--leds") { Description = "Print every change of what the LEDs show on stderr." };
        var table = new Option<bool>("--table") { Description = "Print the calls as a table for people (the default when stdout is a terminal)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON call record per line (the default when stdout is not a terminal)." };
        var command = new Command("simulate", "Run the box against a scenario; one JSON call record per line on stdout (a table in a terminal).")
        {
            scenario, start, box, line, rules, events, leds, table, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(table) && r.GetValue(json))
                r.AddError("--table and --json exclude each other");
        });
        var broker = new BrokerArguments(command, "an embedded broker for this run");
        var journal = new Option<string?>("--journal") { HelpName = "DIR", Description = "Keep the outbox journal in files in DIR (default: in memory)." };
        var speed = new Option<double?>("--speed")
        {
            HelpName = "X",
            Description = "Play scenario time X times faster than real time (default: as fast as possible).",
            CustomParser = r => OptionValues.Number(r, 1e-3, 1e9, false, "a speed factor"),
        };
        var drain = new Option<double?>("--drain-timeout")
        {
            HelpName = "S",
            Description = "Seconds to wait for the broker to acknowledge every record (default 30).",
            CustomParser = r => OptionValues.Number(r, 0, 86_400, false, "a number of seconds"),
        };
        var hw = new Option<string?>("--hw")
        {
            HelpName = "HEX12",
            Description = "The box's hardware id in status and records, 12 lowercase hex digits (default: made up from --box, 02 + 40 bits of its FNV-1a hash).",
            CustomParser = r =>
            {
                string v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (v.Length == 12 && v.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                    return v;
                r.AddError($"--hw '{Gateway.Core.ShownText.Of(v)}' must be 12 lowercase hex digits (a MAC address without separators)");
                return null;
            },
        };
        var epoch = new Option<long?>("--epoch")
        {
            HelpName = "HEX16",
            Description = "The epoch a fresh outbox journal takes, 16 lowercase hex digits (default: random, as on the device; a journal given with --journal keeps its own).",
            CustomParser = r =>
            {
                string v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (v.Length == 16 && v.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                    return unchecked((long)ulong.Parse(v, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                r.AddError($"--epoch '{Gateway.Core.ShownText.Of(v)}' must be 16 lowercase hex digits");
                return null;
            },
        };
        var linger = new Option<double?>("--linger")
        {
            HelpName = "S",
            Description = "Seconds to stay online after draining (default 0).",
            CustomParser = r => OptionValues.Number(r, 0, 86_400, false, "a number of seconds"),
        };
        var maxSetBytes = new Option<int?>("--max-set-bytes")
        {
            HelpName = "N",
            Description = "The box's maxRuleSetBytes: largest staged rule set its rules slot takes (default: as maxRuleUpdateBytes).",
            CustomParser = RulesPushCommand.MaxSetBytes,
        };
        command.Options.Add(journal);
        command.Options.Add(maxSetBytes);
        command.Options.Add(speed);
        command.Options.Add(drain);
        command.Options.Add(linger);
        command.Options.Add(hw);
        command.Options.Add(epoch);
        command.SetAction(parsed => Run(new Options
        {
            Scenario = parsed.GetRequiredValue(scenario),
            StartUnixMs = parsed.GetValue(start) ?? DateTimeOffset.Parse(DefaultStart, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            Box = parsed.GetValue(box)!,
            Line = parsed.GetValue(line)!,
            Rules = parsed.GetValue(rules),
            Events = parsed.GetValue(events),
            Leds = parsed.GetValue(leds),
            Table = parsed.GetValue(table) || (!parsed.GetValue(json) && io.OutputIsTerminal),
        }, new SimulateNetworkOptions
        {
            Broker = broker.Read(parsed),
            Journal = parsed.GetValue(journal),
            Speed = parsed.GetValue(speed),
            DrainTimeout = TimeSpan.FromSeconds(parsed.GetValue(drain) ?? 30),
            Linger = TimeSpan.FromSeconds(parsed.GetValue(linger) ?? 0),
            Hw = parsed.GetValue(hw) ?? SimulateNetworkOptions.MadeUpHw(parsed.GetValue(box)!),
            Epoch = parsed.GetValue(epoch),
            MaxRuleSetBytes = parsed.GetValue(maxSetBytes) ?? 0,
        }, io));
        return command;
    }

    static int Run(Options o, SimulateNetworkOptions network, CliStreams io)
    {
        (TextReader stdin, TextWriter stdout, TextWriter stderr) = (io.In, io.Out, io.Error);
        Scenario scenario;
        try
        {
            scenario = o.Scenario == "-" ? ScenarioParser.Parse(stdin, "<stdin>") : ReadScenario(o.Scenario);
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine(e.Message);
            return Program.ExitUsage;
        }

        // Without --rules the box runs as shipped: built-in emergency numbers, everything else allowed.
        var book = new RuleBook();
        if (o.Rules != null)
        {
            try
            {
                LoadedRules rules = RulesFiles.Load(o.Rules, null);
                // Rule text carries no version: the box reports the one `rules push` would give the
                // file, since '' in status means the built-in default.
                book.Install(rules.Trie, rules.Trie.Version.Length > 0 ? rules.Trie.Version : RulesFiles.ContentVersion(rules.Bytes));
            }
            catch (RulesInputException e)
            {
                stderr.WriteLine($"gateway simulate: --rules {e.Message}");
                return Program.ExitUsage;
            }
            if (book.Warnings != null)
                stderr.WriteLine($"{o.Rules}: warning: {book.Warnings.Replace("\n", Environment.NewLine + o.Rules + ": warning: ")}");
        }

        // The box's own check of its broker account against the shipped ACL: a fault it runs with.
        string? settingsFault = new BoxSettings { boxId = o.Box, brokerUser = network.Broker?.User ?? "" }.BrokerUserFault();
        if (settingsFault != null)
            stderr.WriteLine($"gateway simulate: FAULT (line still guarded): {settingsFault}");

        var line = new ScenarioLine();
        var live = o.Events ? new ScenarioLiveEventPrinter(stderr) : null;
        SimulateCallPrinter printer = o.Table ? SimulateCallPrinter.Table(stdout, io.OutputIsTerminal) : SimulateCallPrinter.Json(stdout);
        using SimulateNetwork net = SimulateNetwork.Start(network, o.Box, book, printer, stderr);
        var leds = o.Leds ? new SimulateLedPrinter(stderr, o.StartUnixMs, () => net.Link.RuleUpdates.Result == RuleUpdateResult.Refused) : null;
        var box = new GatewayBox(o.Box, o.Line, new LineTimings(), new CallSettings(), book, line, net.Records,
            leds == null ? net.LiveEvents(live) : leds.Track(net.LiveEvents(live)));
        box.SetTimeBase(o.StartUnixMs, true);
        net.BoxGate = box.Gate;
        // --speed paces the player between steps, outside the box's lock: the link's Tick takes that
        // lock, and a wait inside it (in a record sink) would stall the network side for the whole wait.
        var pacer = network.Speed is double speed ? new ScenarioPacer(0, speed) : null;
        ScenarioRunner.Run(scenario.Edges, box, line, new StepObserver(box, net, leds, settingsFault, pacer));
        if (scenario.EndsOffHook)
            stderr.WriteLine($"{scenario.Name}: the handset is still off-hook at the end: the call in progress has no record");
        return net.Finish() ? Program.ExitOk : Program.ExitFailure;
    }

    /// <summary>After every step: the box's fault (else the settings fault found at start, as on the
    /// device) to the link's status, and the LEDs.</summary>
    private sealed class StepObserver(GatewayBox box, SimulateNetwork net, SimulateLedPrinter? leds, string? settingsFault, ScenarioPacer? pacer) : IScenarioObserver
    {
        private string? reported;

        public void At(long timeMs)
        {
            pacer?.WaitFor(timeMs);
            string? fault = box.Fault ?? settingsFault;  // takes the box's lock: once per step
            if (fault != reported) net.ReportFault(reported = fault);
            // The LEDs show the box's fault first, then a full outbox, as on the device.
            leds?.At(timeMs, fault ?? net.Link.Journal.Fault);
        }
    }

    private static Scenario ReadScenario(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read scenario {path}: {e.Message}");
        }
        return ScenarioParser.Parse(new StringReader(text), path);
    }

    static long? StartUnixMs(ArgumentResult result)
    {
        string text = OptionValues.Text(result);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
            return at.ToUnixTimeMilliseconds();
        result.AddError($"--start '{text}' is not an ISO 8601 time (e.g. {DefaultStart})");
        return null;
    }

    sealed class Options
    {
        public required string Scenario { get; init; }
        public required long StartUnixMs { get; init; }
        public required string Box { get; init; }
        public required string Line { get; init; }
        public string? Rules { get; init; }
        public bool Events { get; init; }
        public bool Leds { get; init; }
        public bool Table { get; init; }
    }
}
