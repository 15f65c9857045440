using System.Diagnostics;

namespace Gateway.Cli.Mqtt;

/// <summary>Holds the scenario back to a multiple of real time (`simulate --speed X`), so a box
/// process stays live long enough to be watched, disconnected or killed mid-run.</summary>
/// <remarks>Paces at call-record granularity: the player runs ahead freely between records. Waits
/// happen on the scenario thread, outside the Core lock, so the network side keeps working.</remarks>
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
