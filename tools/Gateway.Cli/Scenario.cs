namespace Gateway.Cli;

/// <summary>A parsed scenario: input edges in time order, ready to drive a box.</summary>
public sealed class Scenario(string name, IReadOnlyList<ScenarioEdge> edges, bool endsOffHook)
{
    /// <summary>The file name used in messages.</summary>
    public string Name { get; } = name;

    /// <summary>Every input change, in non-decreasing time order (ties keep file order).</summary>
    public IReadOnlyList<ScenarioEdge> Edges { get; } = edges;

    /// <summary>True when the handset is still off-hook after the last line.</summary>
    public bool EndsOffHook { get; } = endsOffHook;

    /// <summary>Time of the last edge (0 for an empty scenario).</summary>
    public long LastMs => Edges.Count == 0 ? 0 : Edges[^1].TimeMs;
}
