using Gateway.Core.Calls;

namespace Gateway.Core.Simulation
{
    /// <summary>The simulated line loop: the handset from the scenario in series with the box's relay.</summary>
    /// <remarks>While the relay holds the loop open the line sense reads on-hook whatever the handset
    /// does, as on the real line. The box calls the relay under its lock, so the level change is fed
    /// back only after the box call returns (<see cref="Sync"/>).</remarks>
    public sealed class ScenarioLine : ILineRelay
    {
        private bool _fedLoopClosed;

        /// <summary>The handset's state from the scenario (true = off-hook).</summary>
        public bool HandsetOffHook { get; set; }

        /// <summary>True while the box's relay holds the loop open.</summary>
        public bool RelayOpen { get; private set; }

        /// <summary>A welded relay (scenario `relay stuck`): the box's command no longer opens the loop.</summary>
        public bool RelayStuck { get; set; }

        /// <inheritdoc/>
        public void SetLoopOpen(bool open)
        {
            RelayOpen = open;
        }

        /// <summary>The simulated relay has no hold circuit: a scenario's box never freezes.</summary>
        public void ConfirmOpen()
        {
        }

        /// <summary>Feeds the line-sense level to the box if it changed (handset or relay).</summary>
        public void Sync(GatewayBox box, long timeMs)
        {
            for (int guard = 0; guard < 4; guard++)
            {
                bool loopClosed = HandsetOffHook && (!RelayOpen || RelayStuck);
                if (loopClosed == _fedLoopClosed) return;
                _fedLoopClosed = loopClosed;
                box.OnHookLevel(loopClosed, timeMs);
            }
        }
    }
}
