namespace Gateway.Core.Simulation
{
    /// <summary>Plays a scenario into a box: edges at their times, ticks in between, then a tail so time-outs fire.</summary>
    /// <remarks>Shared by `gateway simulate` and the box rehearsal on the nanoFramework runtime
    /// (tests/nano/BoxRun), so both drive the box with exactly the same calls.</remarks>
    public static class ScenarioRunner
    {
        /// <summary>Tick step of scenario time (ms): finer than any line timing the decoders resolve.</summary>
        public const int TickMs = 10;

        /// <summary>Scenario time played after the last edge (ms): longer than every time-out.</summary>
        public const int TailMs = 10000;

        /// <summary>Drives <paramref name="box"/>, whose relay is <paramref name="line"/>, through
        /// <paramref name="edges"/> (in non-decreasing time order); <paramref name="observer"/> (may be
        /// null) sees the scenario time after every tick and edge.</summary>
        public static void Run(ScenarioEdge[] edges, GatewayBox box, ScenarioLine line, IScenarioObserver observer)
        {
            long next = 0;
            for (int i = 0; i < edges.Length; i++)
            {
                ScenarioEdge e = edges[i];
                next = TickBefore(e.TimeMs, next, box, line, observer);
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
                if (observer != null) observer.At(e.TimeMs);
            }
            long lastMs = edges.Length == 0 ? 0 : edges[edges.Length - 1].TimeMs;
            TickBefore(lastMs + TailMs + 1, next, box, line, observer);  // the tail's last tick included
        }

        // Ticks from `next` (a multiple of TickMs) up to, not including, `until`; returns the next tick time.
        private static long TickBefore(long until, long next, GatewayBox box, ScenarioLine line, IScenarioObserver observer)
        {
            for (; next < until; next += TickMs)
            {
                box.Tick(next);
                line.Sync(box, next);
                if (observer != null) observer.At(next);
            }
            return next;
        }
    }
}
