using Gateway.Core;
using Gateway.Core.Logging;
using Gateway.Core.Messaging;
using Gateway.Core.Simulation;
using Gateway.Core.Status;

namespace Gateway.Nano.BoxRun
{
    /// <summary>What the device's main loop does beside the box at every step: the broker's acks
    /// arrive, the box's fault goes to the link and the LEDs, the link ticks, the log is flushed.</summary>
    internal sealed class BoxStep : IScenarioObserver
    {
        private readonly GatewayBox _box;
        private readonly BoxLink _link;
        private readonly LoopbackTransport _transport;
        private readonly StatusInputs _status;
        private readonly BoxLog _log;
        private string _loggedFault;

        public BoxStep(GatewayBox box, BoxLink link, LoopbackTransport transport, StatusInputs status, BoxLog log)
        {
            _log = log;
            _box = box;
            _link = link;
            _transport = transport;
            _status = status;
        }

        public void At(long timeMs)
        {
            _transport.Acknowledge();
            _link.Fault = _box.Fault;
            _status.Fault = _link.CurrentFault;
            if (_status.Fault != _loggedFault)
            {
                if (_status.Fault != null) _log.Write(LogLevel.Error, "FAULT (line still guarded): " + _status.Fault, timeMs);
                else _log.Write(LogLevel.Info, "fault cleared: " + _loggedFault, timeMs);
                _loggedFault = _status.Fault;
            }
            _link.Tick(timeMs);
            StatusTable.LedsAt(_status, timeMs);
            _log.Flush();
        }
    }
}
