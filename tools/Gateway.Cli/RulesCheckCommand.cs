using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Gateway.Core;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules check RULES|IMAGE [--class NAME] [--default allow|block] [--emergency N,N...]`: checks a
/// rule set offline and gives the verdict on each number piped in on stdin.</summary>
public static class RulesCheckCommand
{
    public static Command Create(CliStreams io)
    {
        // Optional only to the parser: the older --rules form may stand in for it (checked below).
        var input = new Argument<string?>("RULES|IMAGE") { Description = "Rule text or compiled image (required; --rules FILE is accepted too).", Arity = ArgumentArity.ZeroOrOne };
        // The form before the file became an argument; still accepted, not advertised.
        var inputOption = new Option<string?>("--rules") { HelpName = "RULES|IMAGE", Hidden = true };
        var defaultAction = new Option<RuleVerdict?>("--default")
        {
            HelpName = "allow|block",
            Description = "Replace the set's default action (the verdict when no rule matches).",
            CustomParser = DefaultAction,
        };
        var emergency = new Option<string?>("--emergency")
        {
            HelpName = "N,N...",
            Description = "Emergency numbers to add to the built-in ones (they always get through).",
        };
        var className = new Option<string?>("--class")
        {
            HelpName = "NAME",
            Description = "Judge the numbers in this class of the rule set (default: its first class).",
        };
        var command = new Command("check", "Check a rule set (syntax, emergency-number warnings); with numbers piped on stdin, one per line, print each one's verdict.")
        {
            input, inputOption, className, defaultAction, emergency,
        };
        command.Validators.Add(r =>
        {
            bool asArgument = r.GetValue(input) != null, asOption = r.GetValue(inputOption) != null;
            if (!asArgument && !asOption)
                r.AddError("missing RULES|IMAGE");
            else if (asArgument && asOption)
                r.AddError("give the rules once: as RULES|IMAGE or with --rules, not both");
        });
        command.SetAction(parsed => Run(
            (parsed.GetValue(input) ?? parsed.GetValue(inputOption))!,
            parsed.GetValue(defaultAction),
            parsed.GetValue(emergency)?.Split(',', StringSplitOptions.RemoveEmptyEntries),
            parsed.GetValue(className),
            io));
        return command;
    }

    static RuleVerdict? DefaultAction(ArgumentResult result)
    {
        string text = OptionValues.Text(result);
        if (text == "allow") return RuleVerdict.Allow;
        if (text == "block") return RuleVerdict.Block;
        result.AddError($"--default must be allow or block, not '{text}'");
        return null;
    }

    static int Run(string input, RuleVerdict? defaultAction, string[]? extraEmergency, string? className, CliStreams io)
    {
        RuleBook book;
        try { book = new RuleBook(extraEmergency); }
        catch (ArgumentException e) { throw new UsageException("--emergency: " + e.Message); }
        LoadedRules rules = RulesFiles.Load(input, defaultAction);
        book.Install(rules.Trie, rules.Trie.Version);
        if (book.Warnings != null) io.Error.WriteLine("warning: " + book.Warnings.Replace("\n", "\nwarning: "));
        RuleTrie trie = rules.Trie;
        int cls = 0;
        if (className != null)
        {
            cls = trie.IndexOfClass(className);
            if (cls < 0 || className.Length == 0)
                throw new UsageException($"--class: the rules have no class '{ShownText.Of(className)}'" + (trie.ClassName(0).Length == 0 ? " (they have no classes)" : ""));
        }
        bool named = trie.ClassName(0).Length > 0;
        string classes = "";
        if (named)
        {
            var names = new List<string>();
            for (int c = 0; c < trie.Classes; c++) names.Add(trie.ClassName(c) + " (default " + (trie.DefaultOf(c) == RuleVerdict.Block ? "block" : "allow") + ")");
            classes = $", classes {string.Join(", ", names)}";
        }
        io.Error.WriteLine($"{input}: {trie.RuleCount} rules" + (named ? classes : $", default {(trie.Default == RuleVerdict.Block ? "block" : "allow")}") +
            (trie.Version.Length > 0 ? $", version {trie.Version}" : "") + ": valid");
        // Typed at a terminal, the command is the offline check alone: numbers come from a pipe.
        if (io.InputIsTerminal)
        {
            io.Error.WriteLine("(pipe dialled numbers on stdin, one per line, to see the verdict on each)");
            return Program.ExitOk;
        }

        RuleCursor cursor = book.CreateCursor();
        cursor.SelectClass(cls);
        var decision = new RuleDecision();
        int lineNumber = 0;
        string? line;
        while ((line = io.In.ReadLine()) != null)
        {
            lineNumber++;
            // As in rule files, a UTF-8 byte order mark (Windows editors write one) is not part of the first line.
            if (lineNumber == 1 && line.StartsWith('\uFEFF')) line = line[1..];
            string number = line.Trim();
            if (number.Length == 0) continue;
            foreach (char c in number)
                if (RuleKeys.IndexOf(c) < 0)
                    throw new RulesInputException($"stdin line {lineNumber}: '{ShownText.Of(number)}' is not a dialled number (keys are 0-9 * #)");
            cursor.Reset();
            foreach (char c in number) cursor.Advance(c);
            RuleVerdict verdict = cursor.Finish();
            string prefix = cursor.RulePrefixLength == 0 ? "-" : number[..cursor.RulePrefixLength];
            string at = cursor.DecidedAtDigit == 0 ? "end" : cursor.DecidedAtDigit.ToString(CultureInfo.InvariantCulture);
            string columns = $"{number}\t{(verdict == RuleVerdict.Block ? "block" : "allow")}\t{prefix}\t{at}";
            if (named)
            {
                // With classes, say which one judged and by which rule as written.
                cursor.CopyDecisionTo(decision);
                string keys = cursor.RulePrefixLength == 0 ? "" : number[..cursor.RulePrefixLength];
                columns += $"\t{cursor.ClassName}\t{RuleDecision.Describe(decision.Kind, keys, decision.Pattern())}";
            }
            io.Out.WriteLine(columns);
        }
        return Program.ExitOk;
    }
}
