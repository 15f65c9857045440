using System.Globalization;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules compile|stats|check|push`: the rule engine of the box, on a PC.</summary>
public static class RulesCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
            throw new UsageException("'rules' needs a subcommand: compile, stats, check or push");
        string[] rest = args[1..];
        try
        {
            return args[0] switch
            {
                "compile" => Compile(rest, stdout, stderr),
                "stats" => Stats(rest, stdout, stderr),
                "check" => Check(rest, stdin, stdout, stderr),
                "push" => RulesPushCommand.Run(rest, stdin, stdout, stderr),
                _ => throw new UsageException($"unknown rules subcommand '{args[0]}' (compile, stats, check, push)"),
            };
        }
        catch (RulesInputException e)
        {
            stderr.WriteLine($"gateway rules {args[0]}: {e.Message}");
            return Program.ExitUsage;
        }
    }

    /// <summary>`gateway rules compile RULES -o IMAGE [--version V]`.</summary>
    private static int Compile(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? input = null, output = null, version = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o": case "--output": output = OptionValue(args, ref i); break;
                case "--version": version = OptionValue(args, ref i); break;
                default: input = Positional(args[i], input, "compile"); break;
            }
        }
        if (input == null || output == null) throw new UsageException("usage: gateway rules compile RULES -o IMAGE [--version V]");
        if (version != null && (version.Length > RuleImage.MaxVersionLength || version.Any(c => c < 0x20 || c >= 0x7F)))
            throw new UsageException($"--version must be printable ASCII, at most {RuleImage.MaxVersionLength} characters");

        LoadedRules rules = RulesFiles.Load(input, null);
        RuleTrie trie = version != null ? rules.Trie.WithVersion(version) : rules.Trie;
        byte[] image = RuleImage.Write(trie);
        try
        {
            File.WriteAllBytes(output, image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gateway rules compile: cannot write {output}: {e.Message}");
            return Program.ExitFailure;
        }
        PrintWarnings(trie, stderr);
        stdout.WriteLine($"{output}: {trie.RuleCount} rules, {trie.NodeCount} nodes, {image.Length} bytes");
        return Program.ExitOk;
    }

    /// <summary>`gateway rules stats RULES|IMAGE`.</summary>
    private static int Stats(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? input = null;
        foreach (string a in args) input = Positional(a, input, "stats");
        if (input == null) throw new UsageException("usage: gateway rules stats RULES|IMAGE");
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
        PrintWarnings(t, stderr);
        return Program.ExitOk;
    }

    /// <summary>`gateway rules check --rules RULES|IMAGE [--default allow|block] [--emergency N,N...]`.</summary>
    private static int Check(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? input = null;
        RuleVerdict? defaultAction = null;
        string[]? extraEmergency = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rules": input = OptionValue(args, ref i); break;
                case "--default":
                    defaultAction = OptionValue(args, ref i) switch
                    {
                        "allow" => RuleVerdict.Allow,
                        "block" => RuleVerdict.Block,
                        string other => throw new UsageException($"--default must be allow or block, not '{other}'"),
                    };
                    break;
                case "--emergency": extraEmergency = OptionValue(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                default: throw new UsageException($"unexpected argument '{args[i]}' (usage: gateway rules check --rules RULES|IMAGE [--default allow|block])");
            }
        }
        if (input == null) throw new UsageException("usage: gateway rules check --rules RULES|IMAGE [--default allow|block]");

        RuleBook book;
        try { book = new RuleBook(extraEmergency); }
        catch (ArgumentException e) { throw new UsageException("--emergency: " + e.Message); }
        LoadedRules rules = RulesFiles.Load(input, defaultAction);
        book.Install(rules.Trie, rules.Trie.Version);
        if (book.Warnings != null) stderr.WriteLine("warning: " + book.Warnings.Replace("\n", "\nwarning: "));

        RuleCursor cursor = book.CreateCursor();
        int lineNumber = 0;
        string? line;
        while ((line = stdin.ReadLine()) != null)
        {
            lineNumber++;
            string number = line.Trim();
            if (number.Length == 0) continue;
            foreach (char c in number)
                if (RuleKeys.IndexOf(c) < 0)
                    throw new RulesInputException($"stdin line {lineNumber}: '{number}' is not a dialled number (keys are 0-9 * #)");
            cursor.Reset();
            foreach (char c in number) cursor.Advance(c);
            RuleVerdict verdict = cursor.Finish();
            string prefix = cursor.RulePrefixLength == 0 ? "-" : number[..cursor.RulePrefixLength];
            string at = cursor.DecidedAtDigit == 0 ? "end" : cursor.DecidedAtDigit.ToString(CultureInfo.InvariantCulture);
            stdout.WriteLine($"{number}\t{(verdict == RuleVerdict.Block ? "block" : "allow")}\t{prefix}\t{at}");
        }
        return Program.ExitOk;
    }

    private static void PrintWarnings(RuleTrie trie, TextWriter stderr)
    {
        string? warnings = RuleBook.EmergencyWarnings(trie, new EmergencyNumbers());
        if (warnings != null) stderr.WriteLine("warning: " + warnings.Replace("\n", "\nwarning: "));
    }

    private static string OptionValue(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new UsageException($"{args[i]} needs a value");
        return args[++i];
    }

    private static string Positional(string arg, string? current, string command)
    {
        if (arg.StartsWith('-') && arg.Length > 1) throw new UsageException($"unknown option '{arg}' for 'rules {command}'");
        if (current != null) throw new UsageException($"'rules {command}' takes one file, got '{current}' and '{arg}'");
        return arg;
    }
}
