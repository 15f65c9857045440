using Gateway.Core;
using Gateway.Core.Messaging;
using Gateway.Core.Simulation;
using Gateway.Core.Status;

namespace Gateway.Nano.BoxRun
{
    /// <summary>What the device's main loop does beside the box at every step: the broker's acks
    /// arrive, the box's fault goes to the link, the link ticks, the LEDs are worked out.</summary>
    internal sealed class BoxStep : IScenarioObserver
    {
        private readonly GatewayBox _box;
        private readonly BoxLink _link;
        private readonly LoopbackTransport _transport;
        private readonly StatusInputs _status;

        public BoxStep(GatewayBox box, BoxLink link, LoopbackTransport transport, StatusInputs status)
        {
            _box = box;
            _link = link;
            _transport = transport;
            _status = status;
        }

        public void At(long timeMs)
        {
            _transport.Acknowledge();
            string fault = _box.Fault;
            _status.Fault = fault;
            _link.Fault = fault;
            _link.Tick(timeMs);
            StatusTable.LedsAt(_status, timeMs);
        }
    }
}
