using Gateway.Core;

namespace Gateway.Cli;

/// <summary>Plays a scenario into a box: edges at their times, ticks in between, then a tail so time-outs fire.</summary>
public static class ScenarioRunner
{
    /// <summary>Tick step of scenario time (ms): finer than any line timing the decoders resolve.</summary>
    public const int TickMs = 10;

    /// <summary>Scenario time played after the last edge (ms): longer than every time-out.</summary>
    public const int TailMs = 10_000;

    /// <summary>Drives <paramref name="box"/>, whose relay is <paramref name="line"/>, through <paramref name="scenario"/>;
    /// <paramref name="observe"/> (may be null) sees the scenario time after every tick and edge.</summary>
    public static void Run(Scenario scenario, GatewayBox box, ScenarioLine line, Action<long>? observe = null)
    {
        long next = 0;
        void TickBefore(long until)
        {
            for (; next < until; next += TickMs)
            {
                box.Tick(next);
                line.Sync(box, next);
                observe?.Invoke(next);
            }
        }
        foreach (ScenarioEdge e in scenario.Edges)
        {
            TickBefore(e.TimeMs);
            switch (e.Input)
            {
                case ScenarioInput.Handset:
                    line.HandsetOffHook = e.Level;
                    break;
                case ScenarioInput.DtmfStrobe:
                    box.OnDtmfStrobe(e.Level, e.Code, e.TimeMs);
                    break;
                case ScenarioInput.Ring:
                    box.OnRingLevel(e.Level, e.TimeMs);
                    break;
                case ScenarioInput.RelayStuck:
                    line.RelayStuck = e.Level;
                    break;
            }
            line.Sync(box, e.TimeMs);
            observe?.Invoke(e.TimeMs);
        }
        TickBefore(scenario.LastMs + TailMs + 1);  // the tail's last tick included
    }
}
