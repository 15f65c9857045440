using System.CommandLine;
using System.CommandLine.Parsing;

namespace Gateway.Cli;

/// <summary>Turns the parser's errors into the CLI's messages: each names the option or argument
/// at fault in the words the user typed.</summary>
public static class UsageErrors
{
    public static IEnumerable<string> Describe(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        if (command.Action == null && command.Subcommands.Count > 0)
        {
            // A group (`gateway`, `gateway rules`): what matters is the missing or unknown subcommand.
            string names = string.Join(", ", command.Subcommands.Select(c => c.Name));
            string? first = parsed.UnmatchedTokens.FirstOrDefault();
            string group = command.Parents.Any() ? $"{command.Name} subcommand" : "command";
            if (first == null)
                yield return $"'{command.Name}' needs a subcommand: {names}";
            else if (first.StartsWith('-') && first.Length > 1)
                yield return $"unknown option '{first}' (subcommands: {names})";
            else
                yield return $"unknown {group} '{first}' ({names})";
            yield break;
        }

        var seen = new HashSet<string>();
        foreach (string token in parsed.UnmatchedTokens)
        {
            string message = token.StartsWith('-') && token.Length > 1 ? $"unknown option '{token}'" : $"unexpected argument '{token}'";
            if (seen.Add(message))
                yield return message;
        }
        foreach (ParseError error in parsed.Errors)
        {
            if (error.SymbolResult is CommandResult && parsed.UnmatchedTokens.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
                continue; // said above, as unknown option or unexpected argument
            string message = error.SymbolResult switch
            {
                ArgumentResult { Tokens.Count: 0 } a when a.Argument.Arity.MinimumNumberOfValues > 0 => $"missing {a.Argument.HelpName ?? a.Argument.Name}",
                OptionResult { Tokens.Count: 0 } o when o.Option.Arity.MinimumNumberOfValues > 0 && o.IdentifierToken != null => $"{o.IdentifierToken.Value} needs a value",
                OptionResult { Tokens.Count: 0, IdentifierToken: null } o when o.Option.Required => $"{ShortestName(o.Option)} {o.Option.HelpName} is required",
                OptionResult { Tokens.Count: > 1 } o when o.Option.Arity.MaximumNumberOfValues == 1 => $"{o.Option.Name} given twice",
                _ => error.Message,
            };
            if (seen.Add(message))
                yield return message;
        }
    }

    /// <summary>The name an option is usually typed as: `-o` for `--output`.</summary>
    public static string ShortestName(Option option) => option.Aliases.Append(option.Name).MinBy(n => n.Length)!;
}
