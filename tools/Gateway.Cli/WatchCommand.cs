namespace Gateway.Cli;

/// <summary>`gateway watch`.</summary>
public static class WatchCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
        => Program.UsageError(stderr, "'watch' is not available in this build yet");
}
