namespace Gateway.Cli;

/// <summary>`gateway simulate`.</summary>
public static class SimulateCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
        => Program.UsageError(stderr, "'simulate' is not available in this build yet");
}
