namespace Gateway.Core.Simulation
{
    /// <summary>One input level change at a scenario time.</summary>
    public struct ScenarioEdge
    {
        /// <summary>An edge of <paramref name="input"/> to <paramref name="level"/> at <paramref name="timeMs"/>;
        /// <paramref name="code"/> is the MT8870 code of a DTMF strobe (0 otherwise).</summary>
        public ScenarioEdge(long timeMs, ScenarioInput input, bool level, int code)
        {
            TimeMs = timeMs;
            Input = input;
            Level = level;
            Code = code;
        }

        /// <summary>Scenario time (ms from the start).</summary>
        public long TimeMs { get; }

        /// <summary>The input that changes.</summary>
        public ScenarioInput Input { get; }

        /// <summary>Its new level.</summary>
        public bool Level { get; }

        /// <summary>MT8870 code (Q4..Q1) of a DTMF strobe edge.</summary>
        public int Code { get; }
    }
}
