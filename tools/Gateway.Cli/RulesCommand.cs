namespace Gateway.Cli;

/// <summary>`gateway rules`.</summary>
public static class RulesCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
        => Program.UsageError(stderr, "'rules' is not available in this build yet");
}
