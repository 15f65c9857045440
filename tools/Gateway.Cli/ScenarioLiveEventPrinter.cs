using System.Globalization;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;

namespace Gateway.Cli;

/// <summary>Prints live events to a text stream, one per line, for `simulate --events`: the wire's
/// time, line, event name and fields (docs/mqtt.md "events", docs/schemas/event.schema.json), e.g.
/// <c>2026-01-01T00:30:02.700Z line1 decision verdict=block digit=2 rulePrefixLength=2 emergency=false</c>.</summary>
public sealed class ScenarioLiveEventPrinter(TextWriter output) : ILiveEventSink
{
    public void OnLiveEvent(LiveEvent e)
    {
        string detail = e.Kind switch
        {
            LiveEventKind.Key => $" key={e.Key} dial={CallRecordJson.DialName(e.Dial)} digit={e.DigitIndex}",
            LiveEventKind.Decision => $" verdict={LiveEventJson.VerdictName(e.Verdict)} digit={(e.DigitIndex > 0 ? e.DigitIndex.ToString(CultureInfo.InvariantCulture) : "null")}"
                + $" rulePrefixLength={e.RulePrefixLength} emergency={(e.Emergency ? "true" : "false")}",
            _ => "",
        };
        string time = DateTimeOffset.FromUnixTimeMilliseconds(e.UnixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string synced = e.ClockSynced ? "" : " clockSynced=false";
        output.WriteLine($"{time} {e.Line} {LiveEventJson.KindName(e.Kind)}{detail}{synced}");
    }
}
