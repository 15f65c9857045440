using System.CommandLine;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules compile|stats|check|code-hash|push`: the rule engine of the box, on a PC.</summary>
public static class RulesCommand
{
    public static Command Create(CliStreams io) => new("rules", "Compile, measure, try and push rule sets (docs/rules.md).")
    {
        RulesCompileCommand.Create(io),
        RulesStatsCommand.Create(io),
        RulesCheckCommand.Create(io),
        RulesCodeHashCommand.Create(io),
        RulesPushCommand.Create(io),
    };

    /// <summary>The rule file argument of every rules command: rule text or a compiled image.</summary>
    public static Argument<string> RulesArgument(string description) => new("RULES|IMAGE") { Description = description };

    /// <summary>Warns on stderr about rules that would block the built-in emergency numbers (they get through anyway).</summary>
    public static void PrintWarnings(RuleTrie trie, TextWriter stderr)
    {
        string? warnings = RuleBook.EmergencyWarnings(trie, new EmergencyNumbers());
        if (warnings != null) stderr.WriteLine("warning: " + warnings.Replace("\n", "\nwarning: "));
    }
}
