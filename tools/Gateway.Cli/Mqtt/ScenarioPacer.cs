using System.Diagnostics;

namespace Gateway.Cli.Mqtt;

/// <summary>Holds the scenario back to a multiple of real time (`simulate --speed X`), so a box
/// process stays live long enough to be watched, disconnected or killed mid-run.</summary>
/// <remarks>Paces the player after every step (each 10 ms tick and each edge of the scenario), so
/// a step's output comes at most one step early. Waits happen on the scenario thread between steps,
/// outside the box's lock and Core's, so the network side (the link's Tick takes both) keeps working.</remarks>
public sealed class ScenarioPacer(long scenarioStartUnixMs, double speed)
{
    readonly Stopwatch wall = Stopwatch.StartNew();

    public double Speed { get; } = speed;

    /// <summary>Blocks until the wall clock has caught up with scenario time <paramref name="unixMs"/>.</summary>
    public void WaitFor(long unixMs)
    {
        double dueMs = (unixMs - scenarioStartUnixMs) / Speed;
        double leftMs = dueMs - wall.Elapsed.TotalMilliseconds;
        if (leftMs > 0)
            Thread.Sleep(TimeSpan.FromMilliseconds(leftMs)); // pacing to the wall clock is the point here
    }
}
