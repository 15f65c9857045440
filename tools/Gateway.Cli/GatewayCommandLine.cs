using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Text;

namespace Gateway.Cli;

/// <summary>The `gateway` command tree (System.CommandLine): its commands, how arguments are read, help and version.</summary>
/// <remarks>
/// Each command is defined in one file by its <c>Create(CliStreams)</c>: arguments and options with
/// their help, the checks of their values (as parse errors, exit 2), and the action. A new command
/// is one more such file, added to its parent here or in its group (<see cref="RulesCommand"/>).
/// Both `--opt value` and `--opt=value` work; an option's value is the next argument whatever it
/// starts with (`--password --x`), and after `--` every argument is positional.
/// </remarks>
public static class GatewayCommandLine
{
    public const string Name = "gateway";

    /// <summary>`@file` arguments are taken literally, not as response files: a password or a file
    /// name may start with '@'.</summary>
    public static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    const string Description = "The Gateway telephone line box on a PC.";

    /// <param name="directives">Under a <see cref="RootCommand"/>, the only kind of command that takes
    /// directives: <c>[suggest]</c> answers shell completion (dotnet-suggest). Its name is the running
    /// executable's, so it is used only when the first argument is a directive.</param>
    public static Command Create(CliStreams io, bool directives = false)
    {
        var help = new HelpOption();
        help.Action = new OverviewHelpAction((HelpAction)help.Action!);
        Command root = directives ? new RootCommand(Description) : new Command(Name, Description);
        root.Options.Clear(); // a RootCommand brings the library's own help and version options
        root.Options.Add(help);
        root.Options.Add(new VersionOption { Action = new VersionAction() });
        root.Subcommands.Add(SimulateCommand.Create(io));
        root.Subcommands.Add(RulesCommand.Create(io));
        root.Subcommands.Add(WatchCommand.Create(io));
        root.Subcommands.Add(CollectCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
        root.Subcommands.Add(DocsCommand.Create(io));
        return root;
    }

    /// <summary>A directive (<c>[suggest:POSITION]</c>, sent by dotnet-suggest) comes first, in brackets.</summary>
    public static bool IsDirective(IReadOnlyList<string> args) =>
        args.Count > 0 && args[0].StartsWith('[') && args[0].EndsWith(']');

    public static ParseResult Parse(IReadOnlyList<string> args, CliStreams io) => Create(io, IsDirective(args)).Parse(args, Configuration);

    /// <summary>The version `gateway --version` prints: the CLI assembly's informational version.</summary>
    public static string Version =>
        typeof(GatewayCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GatewayCommandLine).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>"gateway rules check" for the check command: how the user typed it, for messages.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c != null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c is RootCommand ? Name : c.Name);
        return string.Join(' ', names);
    }

    /// <summary>One line per runnable command with its arguments and options, as on the overview.</summary>
    public static IEnumerable<string> Synopsis(Command command)
    {
        if (command.Action != null)
            yield return SynopsisLine(command);
        foreach (Command sub in command.Subcommands)
            foreach (string line in Synopsis(sub))
                yield return line;
    }

    static string SynopsisLine(Command command)
    {
        var parts = new List<string>();
        foreach (Argument a in command.Arguments)
            parts.Add(a.Arity.MinimumNumberOfValues == 0 ? $"[{a.HelpName ?? a.Name}]" : a.HelpName ?? a.Name);
        foreach (Option o in command.Options)
        {
            if (o.Hidden || o is HelpOption)
                continue;
            string name = UsageErrors.ShortestName(o);
            string text = o.Arity.MaximumNumberOfValues == 0 || o.ValueType == typeof(bool) ? name : $"{name} {o.HelpName ?? "VALUE"}";
            parts.Add(o.Required ? text : $"[{text}]");
        }
        // Wrapped under the command's first argument so long lines stay readable in a terminal.
        string head = PathOf(command);
        var line = new StringBuilder(head);
        int column = line.Length;
        foreach (string part in parts)
        {
            if (column + 1 + part.Length > 100)
            {
                line.Append('\n').Append(' ', head.Length);
                column = head.Length;
            }
            line.Append(' ').Append(part);
            column += 1 + part.Length;
        }
        return line.ToString();
    }

    /// <summary>The library's help; on `gateway --help` followed by the synopsis of every command.</summary>
    sealed class OverviewHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            Command command = parseResult.CommandResult.Command;
            if (command.Subcommands.Count > 0)
            {
                TextWriter output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Every command (run 'COMMAND --help' for its options in full):");
                foreach (string line in Synopsis(command))
                    output.WriteLine("  " + line.Replace("\n", "\n  "));
                output.WriteLine();
            }
            return code;
        }
    }

    sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return Program.ExitOk;
        }
    }
}
