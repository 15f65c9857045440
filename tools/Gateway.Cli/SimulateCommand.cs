using System.Globalization;
using Gateway.Core;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Simulation;

namespace Gateway.Cli;

/// <summary>`gateway simulate SCENARIO`: runs the box logic against a scenario file and prints one JSON call record per line.</summary>
public static class SimulateCommand
{
    /// <summary>Scenario time 0 when --start is not given.</summary>
    public const string DefaultStart = "2026-01-01T00:00:00Z";

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var rest = new List<string>(args);
        SimulateNetworkOptions network = SimulateNetworkOptions.Take(rest);
        Options o = Options.Parse(rest.ToArray());

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
                book.Install(rules.Trie, rules.Trie.Version);
            }
            catch (RulesInputException e)
            {
                stderr.WriteLine($"gateway: simulate: --rules {e.Message}");
                return Program.ExitUsage;
            }
            if (book.Warnings != null)
                stderr.WriteLine($"{o.Rules}: warning: {book.Warnings.Replace("\n", Environment.NewLine + o.Rules + ": warning: ")}");
        }

        var line = new ScenarioLine();
        var live = o.Events ? new ScenarioLiveEventPrinter(stderr) : null;
        using SimulateNetwork net = SimulateNetwork.Start(network, o.Box, book, stdout, stderr);
        var leds = o.Leds ? new SimulateLedPrinter(stderr, o.StartUnixMs, () => net.Link.RuleUpdates.Result == RuleUpdateResult.Refused) : null;
        var box = new GatewayBox(o.Box, o.Line, new LineTimings(), new CallSettings(), book, line, net.Records,
            leds == null ? net.LiveEvents(live) : leds.Track(net.LiveEvents(live)));
        box.SetTimeBase(o.StartUnixMs, true);
        ScenarioRunner.Run(scenario.Edges, box, line, new StepObserver(box, net, leds));
        if (scenario.EndsOffHook)
            stderr.WriteLine($"{scenario.Name}: the handset is still off-hook at the end: the call in progress has no record");
        return net.Finish() ? Program.ExitOk : Program.ExitFailure;
    }

    /// <summary>After every step: the box's fault to the link's status, and the LEDs.</summary>
    private sealed class StepObserver(GatewayBox box, SimulateNetwork net, SimulateLedPrinter? leds) : IScenarioObserver
    {
        private string? reported;

        public void At(long timeMs)
        {
            string? fault = box.Fault;  // takes the box's lock: once per step
            if (fault != reported) net.ReportFault(reported = fault);
            leds?.At(timeMs, fault);
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

    private sealed class Options
    {
        public string Scenario = "";
        public long StartUnixMs;
        public string Box = "box1";
        public string Line = "line1";
        public string? Rules;
        public bool Events;
        public bool Leds;

        public static Options Parse(string[] args)
        {
            var o = new Options();
            string start = DefaultStart;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"simulate: {a} needs a value");
                switch (a)
                {
                    case "--start": start = Value(); break;
                    case "--box": o.Box = Id(Value(), "--box"); break;
                    case "--line": o.Line = Id(Value(), "--line"); break;
                    case "--rules": o.Rules = Value(); break;
                    case "--events": o.Events = true; break;
                    case "--leds": o.Leds = true; break;
                    default:
                        if (a.StartsWith('-') && a != "-") throw new UsageException($"simulate: unknown option '{a}'");
                        if (o.Scenario.Length > 0) throw new UsageException($"simulate: one scenario file only (got '{o.Scenario}' and '{a}')");
                        o.Scenario = a;
                        break;
                }
            }
            if (o.Scenario.Length == 0) throw new UsageException("simulate: missing SCENARIO file");
            if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
                throw new UsageException($"simulate: --start '{start}' is not an ISO 8601 time (e.g. {DefaultStart})");
            o.StartUnixMs = at.ToUnixTimeMilliseconds();
            return o;
        }

        private static string Id(string value, string option)
        {
            if (value.Length == 0 || value.Length > 64 || value.Any(c => c <= ' ' || c == '/' || c == '+' || c == '#' || c > '~'))
                throw new UsageException($"simulate: {option} '{value}' must be 1-64 printable ASCII characters without spaces, '/', '+' or '#'");
            return value;
        }
    }
}
