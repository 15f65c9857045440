using Gateway.Core.Line;
using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Status
{
    /// <summary>Installer's wiring check: reports every raw input change and makes the LEDs echo it;
    /// the # key starts the relay step.</summary>
    /// <remarks>
    /// Fed the same raw levels the line decoder gets, before any debouncing, so an installer sees
    /// exactly what reaches the pins: lift the handset and the yellow LED follows the hook input,
    /// press a key or let the line ring and red flashes, and each change is published on the
    /// events topic ({"event":"selfTest","line":"1","input":"hook","on":true,"uptimeMs":1234}).
    /// Relay step: with the handset off hook, # makes the box cut the line exactly as a blocked call
    /// does (same relay, hold circuit and <c>lineCutOpenMs</c>, refused during an emergency call): the
    /// installer hears the relay click and the line go dead, then come back. Reported as
    /// <c>"input":"relay","on":true</c> when it opens and <c>"on":false,"hookSawCut":B</c> when it
    /// closes, B telling whether the hook input showed the loop open meanwhile (false: the relay or
    /// the hook sense is wired wrong, and blocked calls would get through).
    /// Allocates one small array per report: self-test is an installation mode, not the call path.
    /// </remarks>
    public sealed class WiringSelfTest
    {
        /// <summary>The key that starts the relay step (MT8870 code 12).</summary>
        public const char RelayStepKey = '#';

        private readonly StatusInputs _status;
        private readonly ISelfTestReportSink _sink;
        private readonly string _line;
        private readonly ISelfTestRelay _relay;
        private readonly JsonWriter _json = new JsonWriter(128);
        private bool _relayStep;
        private bool _hookSawCut;

        /// <summary>Echoes into <paramref name="status"/> and reports inputs of line <paramref name="lineId"/> to <paramref name="sink"/> (may be null); no relay step.</summary>
        public WiringSelfTest(StatusInputs status, ISelfTestReportSink sink, string lineId)
            : this(status, sink, lineId, null)
        {
        }

        /// <summary>As the other constructor, with the relay step cutting through <paramref name="relay"/> (null: no relay step).</summary>
        public WiringSelfTest(StatusInputs status, ISelfTestReportSink sink, string lineId, ISelfTestRelay relay)
        {
            _status = status;
            _sink = sink;
            _line = lineId;
            _relay = relay;
        }

        /// <summary>Inputs reported so far (shown in the boot log when self-test ends).</summary>
        public int Reports { get; private set; }

        /// <summary>True from the relay step's cut until the relay closes the loop again.</summary>
        public bool RelayStepRunning { get { return _relayStep; } }

        /// <summary>Raw hook level (true = loop closed).</summary>
        public void OnHookLevel(bool loopClosed, long timeMs)
        {
            _status.HookRaw = loopClosed;
            if (_relayStep && !loopClosed) _hookSawCut = true;
            Report("hook", loopClosed, -1, timeMs);
        }

        /// <summary>MT8870 StD edge with the Q4..Q1 code read at that edge (bit 0 = Q1).</summary>
        public void OnDtmfStrobe(bool strobeHigh, int code, long timeMs)
        {
            if (strobeHigh) _status.LastInputMs = timeMs;
            Report("key", strobeHigh, strobeHigh ? code & 0x0F : -1, timeMs);
            if (strobeHigh && _relay != null && !_relayStep && Mt8870Code.KeyFor(code) == RelayStepKey && _relay.StartTestCut(timeMs))
            {
                _relayStep = true;
                _hookSawCut = false;
                Report("relay", true, -1, timeMs);
            }
        }

        /// <summary>Raw ring-sense level.</summary>
        public void OnRingLevel(bool ringing, long timeMs)
        {
            _status.LastInputMs = timeMs;
            Report("ring", ringing, -1, timeMs);
        }

        /// <summary>Time passes (after the box's own tick, which closes the relay): ends the relay step once the loop is closed again.</summary>
        public void Tick(long timeMs)
        {
            if (!_relayStep || _relay.IsLineCut) return;
            _relayStep = false;
            Report("relay", false, -1, timeMs);
        }

        private void Report(string input, bool on, int code, long timeMs)
        {
            Reports++;
            if (_sink == null) return;
            _json.Reset();
            _json.BeginObject();
            _json.String("event", "selfTest");
            _json.String("line", _line);
            _json.String("input", input);
            _json.Bool("on", on);
            if (code >= 0) _json.Int("code", code);
            if (input == "relay" && !on) _json.Bool("hookSawCut", _hookSawCut);
            _json.Int("uptimeMs", timeMs);
            _json.EndObject();
            _sink.OnSelfTestReport(_json.ToArray());
        }
    }

    /// <summary>Receives self-test reports (JSON, one per input change); the device publishes them on the events topic.</summary>
    public interface ISelfTestReportSink
    {
        void OnSelfTestReport(byte[] json);
    }
}
