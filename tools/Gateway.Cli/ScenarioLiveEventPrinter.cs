using Gateway.Core.Calls;

namespace Gateway.Cli;

/// <summary>Prints live events to a text stream, one per line, for `simulate --events`.</summary>
public sealed class ScenarioLiveEventPrinter(TextWriter output) : ILiveEventSink
{
    public void OnLiveEvent(LiveEvent e)
    {
        string detail = e.Kind switch
        {
            LiveEventKind.Key => $" {e.Key} ({(e.Dial == DialMethod.Pulse ? "pulse" : "dtmf")}, key {e.DigitIndex})",
            LiveEventKind.Decision => $" {e.Verdict.ToString().ToLowerInvariant()} at key {e.DigitIndex}{(e.Emergency ? " (emergency)" : "")}",
            _ => "",
        };
        output.WriteLine($"{e.TimeMs,9} ms  {e.Line}  {e.Kind.ToString().ToLowerInvariant()}{detail}");
    }
}
