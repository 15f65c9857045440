using System.CommandLine;

namespace Gateway.Cli;

/// <summary>Entry point of the `gateway` command: parses with <see cref="GatewayCommandLine"/> and runs the command's action.</summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    /// <summary>Runs a command with explicit streams, so tests can drive the CLI in-process.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliStreams(stdin, stdout, stderr);
        if (args.Length > 0 && args[0] == "help")
            args = [.. args[1..], "--help"]; // `gateway help rules check` = `gateway rules check --help`
        ParseResult parsed = GatewayCommandLine.Parse(args, io);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // commands that run until Ctrl-C (watch) handle it themselves
        };
        if (args.Length == 0)
        {
            // Bare `gateway`: the overview, but as a usage error so scripts notice.
            GatewayCommandLine.Parse(["--help"], io).Invoke(invocation);
            return ExitUsage;
        }
        var errors = UsageErrors.Describe(parsed).ToList();
        if (errors.Count > 0)
            return UsageError(stderr, parsed.CommandResult, errors);
        try
        {
            return parsed.Invoke(invocation);
        }
        catch (UsageException e)
        {
            return UsageError(stderr, parsed.CommandResult, [e.Message]);
        }
        catch (RulesInputException e)
        {
            stderr.WriteLine($"{GatewayCommandLine.PathOf(parsed.CommandResult.Command)}: {e.Message}");
            return ExitUsage;
        }
    }

    static int UsageError(TextWriter stderr, System.CommandLine.Parsing.CommandResult command, IEnumerable<string> messages)
    {
        string path = GatewayCommandLine.PathOf(command.Command);
        foreach (string message in messages)
            stderr.WriteLine($"{path}: {message}");
        stderr.WriteLine($"run '{path} --help' for usage");
        return ExitUsage;
    }
}

/// <summary>Bad command-line input found after parsing (a value that needs a file or another option to judge): reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
