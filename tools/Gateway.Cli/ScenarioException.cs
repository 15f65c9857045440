namespace Gateway.Cli;

/// <summary>A scenario line that cannot be used; the message is <c>file:line: reason</c>.</summary>
public sealed class ScenarioException(string file, int line, string reason)
    : Exception($"{file}:{line}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
