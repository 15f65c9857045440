using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Gateway.Core;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules check RULES|IMAGE [--at TIME|unsynced | --class NAME] [--default allow|block] [--emergency N,N...]`: checks a
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
        var at = new Option<string?>("--at")
        {
            HelpName = "TIME|unsynced",
            Description = "Judge the numbers as calls that go off-hook at TIME (ISO 8601 with an offset, e.g. 2026-11-30T09:00:00+08:00): the class the schedule gives then; 'unsynced': as with the clock not yet set.",
        };
        var command = new Command("check", "Check a rule set (syntax, emergency-number warnings); with numbers piped on stdin, one per line, print each one's verdict.")
        {
            input, inputOption, className, at, defaultAction, emergency,
        };
        command.Validators.Add(r =>
        {
            bool asArgument = r.GetValue(input) != null, asOption = r.GetValue(inputOption) != null;
            if (!asArgument && !asOption)
                r.AddError("missing RULES|IMAGE");
            else if (asArgument && asOption)
                r.AddError("give the rules once: as RULES|IMAGE or with --rules, not both");
            if (r.GetValue(at) != null && r.GetValue(className) != null)
                r.AddError("give --at or --class, not both (--at picks the class by the schedule)");
        });
        command.SetAction(parsed => Run(
            (parsed.GetValue(input) ?? parsed.GetValue(inputOption))!,
            parsed.GetValue(defaultAction),
            parsed.GetValue(emergency)?.Split(',', StringSplitOptions.RemoveEmptyEntries),
            parsed.GetValue(className),
            parsed.GetValue(at),
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

    // An instant with an explicit offset (a time without one would depend on the PC's zone), or "unsynced".
    static (long UnixMs, bool Synced) CallTime(string at)
    {
        if (at == "unsynced") return (0, false);
        bool hasOffset = at.EndsWith('Z') || at.EndsWith('z') || (at.Length > 6 && (at[^6] == '+' || at[^6] == '-') && at[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset t))
            throw new UsageException($"--at: '{ShownText.Of(at)}' is not a time with an offset (e.g. 2026-11-30T09:00:00+08:00 or 2026-11-30T01:00:00Z) or 'unsynced'");
        return (t.ToUnixTimeMilliseconds(), true);
    }

    static int Run(string input, RuleVerdict? defaultAction, string[]? extraEmergency, string? className, string? at, CliStreams io)
    {
        RuleBook book;
        try { book = new RuleBook(extraEmergency); }
        catch (ArgumentException e) { throw new UsageException("--emergency: " + e.Message); }
        LoadedRules rules = RulesFiles.Load(input, defaultAction);
        book.Install(rules.Trie, rules.Trie.Version);
        if (book.Warnings != null) io.Error.WriteLine("warning: " + book.Warnings.Replace("\n", "\nwarning: "));
        RuleTrie trie = rules.Trie;
        int cls = 0;
        if (at != null)
        {
            (long unixMs, bool synced) = CallTime(at);
            cls = trie.ClassAt(unixMs, synced);
        }
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
            string decidedAt = cursor.DecidedAtDigit == 0 ? "end" : cursor.DecidedAtDigit.ToString(CultureInfo.InvariantCulture);
            string columns = $"{number}\t{(verdict == RuleVerdict.Block ? "block" : "allow")}\t{prefix}\t{decidedAt}";
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
