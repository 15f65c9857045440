namespace Gateway.Core.Simulation
{
    /// <summary>Plays a scenario into a box: edges at their times, ticks in between, then a tail so time-outs fire.</summary>
    /// <remarks>Shared by `gateway simulate` and the box rehearsal on the nanoFramework runtime
    /// (tests/nano/BoxRun), so both drive the box with exactly the same calls. Edges are played one
    /// at a time (<see cref="Play"/>), so a caller can feed them from packed data without holding
    /// them all as objects.</remarks>
    public sealed class ScenarioRunner
    {
        /// <summary>Tick step of scenario time (ms): finer than any line timing the decoders resolve.</summary>
        public const int TickMs = 10;

        /// <summary>Scenario time played after the last edge (ms): longer than every time-out.</summary>
        public const int TailMs = 10000;

        private readonly GatewayBox _box;
        private readonly ScenarioLine _line;
        private readonly IScenarioObserver _observer;
        private long _next;
        private long _lastMs;

        /// <summary>A runner for <paramref name="box"/>, whose relay is <paramref name="line"/>;
        /// <paramref name="observer"/> (may be null) sees the scenario time after every tick and edge.</summary>
        public ScenarioRunner(GatewayBox box, ScenarioLine line, IScenarioObserver observer)
        {
            _box = box;
            _line = line;
            _observer = observer;
        }

        /// <summary>Plays every edge of <paramref name="edges"/> (in non-decreasing time order), then the tail.</summary>
        public static void Run(ScenarioEdge[] edges, GatewayBox box, ScenarioLine line, IScenarioObserver observer)
        {
            ScenarioRunner runner = new ScenarioRunner(box, line, observer);
            for (int i = 0; i < edges.Length; i++) runner.Play(edges[i].TimeMs, edges[i].Input, edges[i].Level, edges[i].Code);
            runner.Finish();
        }

        /// <summary>Ticks the box up to <paramref name="timeMs"/> (not before the previous edge), then
        /// changes <paramref name="input"/> to <paramref name="level"/> (<paramref name="code"/>: the
        /// MT8870 code of a DTMF strobe).</summary>
        public void Play(long timeMs, ScenarioInput input, bool level, int code)
        {
            TickBefore(timeMs);
            switch (input)
            {
                case ScenarioInput.Handset:
                    _line.HandsetOffHook = level;
                    break;
                case ScenarioInput.DtmfStrobe:
                    _box.OnDtmfStrobe(level, code, timeMs);
                    break;
                case ScenarioInput.Ring:
                    _box.OnRingLevel(level, timeMs);
                    break;
                case ScenarioInput.RelayStuck:
                    _line.RelayStuck = level;
                    break;
            }
            _line.Sync(_box, timeMs);
            if (_observer != null) _observer.At(timeMs);
            _lastMs = timeMs;
        }

        /// <summary>Plays the tail after the last edge, its last tick included.</summary>
        public void Finish()
        {
            TickBefore(_lastMs + TailMs + 1);
        }

        private void TickBefore(long until)
        {
            for (; _next < until; _next += TickMs)
            {
                _box.Tick(_next);
                _line.Sync(_box, _next);
                if (_observer != null) _observer.At(_next);
            }
        }
    }
}
