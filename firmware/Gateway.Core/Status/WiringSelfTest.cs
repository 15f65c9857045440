using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Status
{
    /// <summary>Installer's wiring check: reports every raw input change and makes the LEDs echo it.</summary>
    /// <remarks>
    /// Fed the same raw levels the line decoder gets, before any debouncing, so an installer sees
    /// exactly what reaches the pins: lift the handset and the yellow LED follows the hook input,
    /// press a key or let the line ring and red flashes, and each change is published on the
    /// events topic ({"event":"selfTest","line":"1","input":"hook","on":true,"uptimeMs":1234}).
    /// Allocates one small array per
    /// report: self-test is an installation mode, not the call path.
    /// </remarks>
    public sealed class WiringSelfTest
    {
        private readonly StatusInputs _status;
        private readonly ISelfTestReportSink _sink;
        private readonly string _line;
        private readonly JsonWriter _json = new JsonWriter(128);

        /// <summary>Echoes into <paramref name="status"/> and reports inputs of line <paramref name="lineId"/> to <paramref name="sink"/> (may be null).</summary>
        public WiringSelfTest(StatusInputs status, ISelfTestReportSink sink, string lineId)
        {
            _status = status;
            _sink = sink;
            _line = lineId;
        }

        /// <summary>Inputs reported so far (shown in the boot log when self-test ends).</summary>
        public int Reports { get; private set; }

        /// <summary>Raw hook level (true = loop closed).</summary>
        public void OnHookLevel(bool loopClosed, long timeMs)
        {
            _status.HookRaw = loopClosed;
            Report("hook", loopClosed, -1, timeMs);
        }

        /// <summary>MT8870 StD edge with the Q4..Q1 code read at that edge (bit 0 = Q1).</summary>
        public void OnDtmfStrobe(bool strobeHigh, int code, long timeMs)
        {
            if (strobeHigh) _status.LastInputMs = timeMs;
            Report("key", strobeHigh, strobeHigh ? code & 0x0F : -1, timeMs);
        }

        /// <summary>Raw ring-sense level.</summary>
        public void OnRingLevel(bool ringing, long timeMs)
        {
            _status.LastInputMs = timeMs;
            Report("ring", ringing, -1, timeMs);
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
