namespace Gateway.Cli;

/// <summary>Entry point of the `gateway` command: dispatches to one class per command.</summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    /// <summary>Runs a command with explicit streams, so tests can drive the CLI in-process.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? ExitUsage : ExitOk;
        }
        string[] rest = args[1..];
        try
        {
            return args[0] switch
            {
                "simulate" => SimulateCommand.Run(rest, stdin, stdout, stderr),
                "rules" => RulesCommand.Run(rest, stdin, stdout, stderr),
                "watch" => WatchCommand.Run(rest, stdin, stdout, stderr),
                _ => UsageError(stderr, $"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            return UsageError(stderr, e.Message);
        }
    }

    public static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gateway: {message}");
        stderr.WriteLine("run 'gateway --help' for usage");
        return ExitUsage;
    }

    public const string Usage = """
        gateway: the Gateway telephone line box on a PC

          gateway simulate SCENARIO [--start ISO] [--box ID] [--line ID] [--rules RULES|IMAGE] [--events] [--leds]
                           [--broker mqtt[s]://HOST[:PORT]] [--user U --password P] [--tls --ca FILE]
                           [--journal DIR] [--speed X] [--drain-timeout S] [--linger S]
          gateway rules compile RULES -o IMAGE [--version V]
          gateway rules stats RULES|IMAGE
          gateway rules check --rules RULES|IMAGE [--default allow|block] [--emergency N,N...]
          gateway rules push RULES|IMAGE --box ID [--broker ...] [--version V] [--timeout S] [--max-bytes N]
          gateway watch [--broker ...] [--prefix P] [--box ID] [--once | --duration S]
        """;
}

/// <summary>Bad command-line input: reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
