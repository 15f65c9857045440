namespace Gateway.Cli;

/// <summary>`gateway rules push`: publishes a rule update and waits for the box's answer.</summary>
public static class RulesPushCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
        => Program.UsageError(stderr, "'rules push' is not available in this build yet");
}
