namespace Gateway.Core.Simulation
{
    /// <summary>Which box input a scenario edge drives.</summary>
    public enum ScenarioInput
    {
        /// <summary>The handset's loop (before the relay): true = off-hook.</summary>
        Handset,
        /// <summary>MT8870 StD with the key's code on Q1-Q4.</summary>
        DtmfStrobe,
        /// <summary>Ring sense: true = ringing voltage present.</summary>
        Ring,
        /// <summary>A wiring fault to rehearse: true = the relay no longer opens the sensed loop.</summary>
        RelayStuck,
    }
}
