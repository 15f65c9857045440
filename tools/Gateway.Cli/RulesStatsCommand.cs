using System.CommandLine;
using System.Globalization;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules stats RULES|IMAGE`: size figures of a rule set against the information-theoretic floor.</summary>
public static class RulesStatsCommand
{
    public static Command Create(CliStreams io)
    {
        var input = RulesCommand.RulesArgument("Rule text or compiled image.");
        var command = new Command("stats", "Print rules, nodes, bytes, bytes per node and per rule, and the size floor.") { input };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(input), io.Out, io.Error));
        return command;
    }

    static int Run(string input, TextWriter stdout, TextWriter stderr)
    {
        LoadedRules rules = RulesFiles.Load(input, null);
        RuleTrie t = rules.Trie;
        int imageBytes = RuleImage.Write(t).Length;
        double floor = RulesSize.InformationFloorBytes(t.NodeCount, t.RuleCount);
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"source      {input} ({(rules.WasImage ? "image" : "rule text")})");
        stdout.WriteLine($"version     {(t.Version.Length == 0 ? "-" : t.Version)}");
        stdout.WriteLine($"default     {(t.Default == RuleVerdict.Block ? "block" : "allow")}");
        stdout.WriteLine($"rules       {t.RuleCount}");
        stdout.WriteLine($"nodes       {t.NodeCount} ({t.InternalCount} internal, {t.LeafCount} leaves, longest prefix {t.MaxDepth})");
        stdout.WriteLine($"bytes       {imageBytes} image, {t.SizeInBytes} in RAM (arrays)");
        stdout.WriteLine(string.Format(inv, "bytes/node  {0:F3}", (double)imageBytes / t.NodeCount));
        stdout.WriteLine(string.Format(inv, "bytes/rule  {0:F3}", t.RuleCount == 0 ? 0.0 : (double)imageBytes / t.RuleCount));
        stdout.WriteLine(string.Format(inv, "floor       {0:F0} bytes ({1:F3} bytes/node): worst-case information-theoretic size of a trie of this shape with rule marks",
            floor, floor / t.NodeCount));
        RulesCommand.PrintWarnings(t, stderr);
        return Program.ExitOk;
    }
}
