using System.CommandLine;
using System.Globalization;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules stats RULES|IMAGE`: size figures of a rule set against the information-theoretic floor, and each class.</summary>
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
        // What the box holds of it in force (docs/rules.md, "Large sets stay in flash").
        if (imageBytes >= Gateway.Core.Messaging.RuleTransfer.DefaultStoredImageBytes)
            stdout.WriteLine($"box RAM     {t.SizeInBytes - t.LargeArrayBytes} bytes: kept in flash (image of {Gateway.Core.Messaging.RuleTransfer.DefaultStoredImageBytes} bytes or more), {t.LargeArrayBytes} bytes read from rules.bin");
        else
            stdout.WriteLine($"box RAM     {t.SizeInBytes} bytes: copied into RAM (image under {Gateway.Core.Messaging.RuleTransfer.DefaultStoredImageBytes} bytes)");
        stdout.WriteLine(string.Format(inv, "bytes/node  {0:F3}", (double)imageBytes / t.NodeCount));
        stdout.WriteLine(string.Format(inv, "bytes/rule  {0:F3}", t.RuleCount == 0 ? 0.0 : (double)imageBytes / t.RuleCount));
        stdout.WriteLine(string.Format(inv, "floor       {0:F0} bytes ({1:F3} bytes/node): worst-case information-theoretic size of a trie of this shape with rule marks",
            floor, floor / t.NodeCount));
        if (t.ClassName(0).Length > 0)
        {
            for (int c = 0; c < t.Classes; c++)
            {
                int rulesOf = t.RuleCountOf(c, out int blocks);
                stdout.WriteLine(string.Format(inv, "class       {0}: default {1}, {2} rules ({3} allow, {4} block), allows {5:P2} of numbers",
                    t.ClassName(c), t.DefaultOf(c) == RuleVerdict.Block ? "block" : "allow", rulesOf, rulesOf - blocks, blocks, t.AllowedShare(c)));
            }
            RuleSchedule? s = t.Schedule;
            if (s != null)
            {
                int offset = s.UtcOffsetMinutes;
                stdout.WriteLine(string.Format(inv, "schedule    UTC{0}{1:D2}:{2:D2}, {3} windows and exceptions, otherwise {4}, unsynced {5}",
                    offset < 0 ? "-" : "+", Math.Abs(offset) / 60, Math.Abs(offset) % 60, s.Entries, t.ClassName(s.OtherwiseClass), t.ClassName(s.UnsyncedClass)));
            }
            RuleCodes? codes = t.Codes;
            if (codes != null)
                stdout.WriteLine(string.Format(inv, "codes       {0} then {1} digits, {2} codes, lockout {3} wrong in {4} for {5}",
                    codes.PrefixText(), codes.Length, codes.Codes, codes.LockoutWrongCodes, RuleDuration.Text(codes.LockoutWindow), RuleDuration.Text(codes.LockoutDuration)));
        }
        RulesCommand.PrintWarnings(t, stderr);
        return Program.ExitOk;
    }
}
