using System.Text.Json;

namespace Gateway.Cli.Mqtt;

/// <summary>One call record as `watch` shows it (docs/schemas/call-record.schema.json); fields are null when absent.</summary>
public sealed record CallView(string Box, string Summary, long? Seq, string? Line, string? Direction, string? Digits, string? Start,
    bool ClockSynced, string? Outcome, string? Rule, long? BlockedAtDigit, bool Emergency, long? DurationMs, string? Dial = null, string? Epoch = null)
{
    public bool Blocked => Outcome == "blocked";

    public static CallView From(string box, string summary, JsonElement? record)
    {
        if (record is not JsonElement r)
            return new CallView(box, summary, null, null, null, null, null, false, null, null, null, false, null);
        return new CallView(box, summary, FleetView.Int(r, "seq"), FleetView.Str(r, "line"), FleetView.Str(r, "direction"),
            FleetView.Str(r, "digits"), FleetView.Str(r, "start"), FleetView.Bool(r, "clockSynced") == true, FleetView.Str(r, "outcome"),
            FleetView.Str(r, "rule"), FleetView.Int(r, "blockedAtDigit"), FleetView.Bool(r, "emergency") == true, FleetView.Int(r, "durationMs"), FleetView.Str(r, "dial"), FleetView.Str(r, "epoch"));
    }
}
