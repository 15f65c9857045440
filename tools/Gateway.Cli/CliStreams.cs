namespace Gateway.Cli;

/// <summary>The streams a command reads and writes: the console's, or a test's.</summary>
public sealed record CliStreams(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>True when stdin is the keyboard (nothing piped in): a command must not wait on it.</summary>
    public bool InputIsTerminal => ReferenceEquals(In, Console.In) && !Console.IsInputRedirected;

    /// <summary>True when stdout is a terminal that can be cleared and redrawn.</summary>
    public bool OutputIsTerminal => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>True when stderr is a terminal (a progress bar may redraw its line).</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;
}
