using System.Text.Json;

namespace Gateway.Cli.Mqtt;

/// <summary>A box's answer on rules/state, as docs/schemas/rules-state.schema.json defines it.</summary>
public sealed record RulesAnswer(string? Version, string? Result, string? Requested, string? Reason)
{
    public bool Refused => Result == "refused";

    public static RulesAnswer From(JsonElement o) =>
        new(FleetView.Str(o, "version"), FleetView.Str(o, "result"), FleetView.Str(o, "requested"), FleetView.Str(o, "reason"));
}
