namespace Gateway.Core.Simulation
{
    /// <summary>Sees the scenario time after every tick and edge a <see cref="ScenarioRunner"/> plays
    /// (to drive what the device's main loop drives beside the box: link ticks, LEDs).</summary>
    public interface IScenarioObserver
    {
        /// <summary>The box has been brought to scenario time <paramref name="timeMs"/>.</summary>
        void At(long timeMs);
    }
}
