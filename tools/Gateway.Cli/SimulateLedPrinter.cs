using Gateway.Core.Calls;
using Gateway.Core.Status;

namespace Gateway.Cli;

/// <summary>`simulate --leds`: prints every change of what the LEDs show, at scenario time, from the
/// same Core status logic the device drives its LEDs with (docs/leds.md names the states and patterns).</summary>
/// <remarks>
/// Only changes of the legend row (state, line state, patterns) are printed, not blink phases. In
/// the simulator the box has booted and its network is up for the whole run; "Rules refused" follows
/// the last rule update that arrived over MQTT, and "Fault" the box's own fault (a cut never seen).
/// </remarks>
public sealed class SimulateLedPrinter(TextWriter output, long startUnixMs, Func<bool> rulesRefused)
{
    readonly StatusInputs status = new() { Booting = false, NetworkUp = true, BrokerUp = true };
    string? shown;

    /// <summary>The live-event sink to give the box: keeps the LED inputs in step, then forwards to <paramref name="next"/>.</summary>
    public ILiveEventSink Track(ILiveEventSink? next) => new StatusLineTracker(status, next);

    /// <summary>Evaluates the LEDs at scenario time <paramref name="ms"/>, with the box's <paramref name="fault"/>
    /// (or null), and prints a line if what they show changed.</summary>
    public void At(long ms, string? fault)
    {
        status.RulesRefused = rulesRefused();
        status.Fault = fault;
        StatusRow row = StatusTable.RowOf(StatusTable.StateOf(status, ms));
        string what = row.Name;
        LedPattern yellow = row.Yellow;
        if (yellow.Kind == LedPatternKind.Line)
        {
            StatusRow line = StatusTable.LineRows[(int)StatusTable.LineOf(status) - 1];
            what += ", " + line.Name.ToLowerInvariant();
            yellow = line.Yellow;
        }
        string text = $"{what}: green={row.Green.Name} yellow={yellow.Name} red={row.Red.Name}";
        if (text == shown) return;
        shown = text;
        output.WriteLine($"{DateTimeOffset.FromUnixTimeMilliseconds(startUnixMs + ms).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} leds {text}");
    }
}
