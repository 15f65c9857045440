using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Gateway.Cli;

/// <summary>Turns the parser's errors into the CLI's messages: each names the option or argument
/// at fault in the words the user typed.</summary>
public static class UsageErrors
{
    /// <summary>What is wrong with the command line, one message per fault; none when it can run
    /// (or when it asks for help, which ignores the rest).</summary>
    public static IEnumerable<string> Describe(ParseResult parsed)
    {
        if (parsed.Action is not ParseErrorAction)
            return parsed.Action?.ClearsParseErrors == true ? [] : DashedArguments(parsed);
        return ParseErrors(parsed);
    }

    /// <summary>The parser takes an unknown `--frob` as a file name when a file argument is still
    /// free; the CLI refuses it, so a mistyped option is never read as a file. A name that does
    /// start with '-' goes after `--`.</summary>
    static IEnumerable<string> DashedArguments(ParseResult parsed)
    {
        List<Token> tokens = [.. parsed.Tokens];
        int doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        foreach (ArgumentResult argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
            foreach (Token token in argument.Tokens)
                if (token.Value.Length > 1 && token.Value[0] == '-'
                    && (doubleDash < 0 || tokens.FindIndex(t => ReferenceEquals(t, token)) < doubleDash))
                    yield return $"unknown option '{token.Value}' (a file name starting with '-' goes after '--')";
    }

    static IEnumerable<string> ParseErrors(ParseResult parsed)
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
