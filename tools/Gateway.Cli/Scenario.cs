using Gateway.Core.Simulation;

namespace Gateway.Cli;

/// <summary>A parsed scenario: input edges in time order, ready to drive a box (<see cref="ScenarioRunner"/>).</summary>
public sealed class Scenario(string name, ScenarioEdge[] edges, bool endsOffHook)
{
    /// <summary>The file name used in messages.</summary>
    public string Name { get; } = name;

    /// <summary>Every input change, in non-decreasing time order (ties keep file order).</summary>
    public ScenarioEdge[] Edges { get; } = edges;

    /// <summary>True when the handset is still off-hook after the last line.</summary>
    public bool EndsOffHook { get; } = endsOffHook;
}
