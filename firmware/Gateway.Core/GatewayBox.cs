using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Status;

namespace Gateway.Core
{
    /// <summary>The composition root of one box: line inputs in, rule checks, line cuts, live events and call records out.</summary>
    /// <remarks>
    /// Used unchanged by the simulator, the host MQTT mode and the device. The device calls the
    /// inputs from GPIO and network threads, so every entry point takes one lock; sinks and the relay
    /// port are called under it and must not call back into the box. Times are monotonic
    /// milliseconds from the caller's clock; a time older than the last one seen (threads racing to
    /// the lock) is treated as the last one, so the decoders only ever see time move forward.
    /// </remarks>
    public sealed class GatewayBox : ISelfTestRelay
    {
        private readonly object _gate = new object();
        private readonly LineSignalDecoder _decoder;
        private readonly CallSession _session;
        private readonly LineCutController _cutter;
        private readonly TimeBase _clock = new TimeBase();
        private long _lastMs = long.MinValue;

        /// <summary>A box with one line; null <paramref name="rules"/> runs without rules (nothing checked
        /// or cut); <paramref name="live"/> may be null.</summary>
        public GatewayBox(string boxId, string lineId, LineTimings timings, CallSettings settings,
            IRuleCursorSource rules, ILineRelay relay, ICallRecordSink records, ILiveEventSink live)
        {
            _cutter = new LineCutController(relay, settings.LineCutOpenMs);
            _session = new CallSession(boxId, lineId, settings, rules == null ? null : rules.CreateCursor(),
                _cutter, _clock, records, live);
            _decoder = new LineSignalDecoder(timings, _session);
        }

        /// <summary>The lock every entry point of the box takes. Code on another thread that changes what
        /// the box reads during a call (the link applying a staged rule set resets every rule cursor)
        /// takes it first, then its own lock: the order the box's sinks already follow.</summary>
        public object Gate { get { return _gate; } }

        /// <summary>Where the line's call is.</summary>
        public CallState State { get { lock (_gate) return _session.State; } }

        /// <summary>The fault reported while the last line cut was never seen on the hook input.</summary>
        /// <remarks>A field, not a const: nanoCLR allocates a new string each time a literal is loaded, and the
        /// device's main loop reads <see cref="Fault"/> every pass.</remarks>
        public static readonly string CutNotSeenFault = "line cut not seen on the hook input: check the relay and the hook-sense wiring";

        /// <summary>Why the line guard needs a technician, or null: a blocked call may have got through
        /// when a cut never showed on the hook input (<see cref="CallSession.LastCutUnconfirmed"/>).</summary>
        public string Fault { get { lock (_gate) return _session.LastCutUnconfirmed ? CutNotSeenFault : null; } }

        /// <summary>True while the relay holds the loop open after a block.</summary>
        public bool IsLineCut { get { lock (_gate) return _cutter.IsCutting; } }

        /// <summary>Opens the loop for the wiring self-test's relay step, as a block would (<see cref="CallSession.RequestTestCut"/>).</summary>
        public bool StartTestCut(long timeMs)
        {
            lock (_gate) return _session.RequestTestCut(Forward(timeMs));
        }

        /// <summary>True once the wall clock was set from a synchronised source (<see cref="SetTimeBase"/>).</summary>
        public bool ClockSynced { get { lock (_gate) return _clock.IsSynced; } }

        /// <summary>Why an MQTT connection attempt must wait now, or null when it may start
        /// (<see cref="ConnectPermit"/>, from this box's clock and line).</summary>
        public string ConnectWaitReason(bool tls)
        {
            lock (_gate) return ConnectPermit.WaitReason(tls, _clock.IsSynced, _session.State, _cutter.IsCutting);
        }

        /// <summary>The last will of the box with hardware id <paramref name="hw"/> for a connection
        /// starting at monotonic <paramref name="nowMs"/>, with its time when the clock is set
        /// (<see cref="MessagingTopics.WillPayloadText"/>).</summary>
        public string WillPayloadText(string hw, long nowMs)
        {
            lock (_gate) return MessagingTopics.WillPayloadText(hw, _clock.ToUnixMs(nowMs), _clock.IsSynced);
        }

        /// <summary>Sets the Unix time of monotonic 0 (e.g. after SNTP) and whether it is synchronised.</summary>
        public void SetTimeBase(long unixMsAtZero, bool synced)
        {
            lock (_gate) _clock.Set(unixMsAtZero, synced);
        }

        /// <summary>Line-sense level changed (true = loop closed).</summary>
        public void OnHookLevel(bool loopClosed, long timeMs)
        {
            lock (_gate) _decoder.OnHookLevel(loopClosed, Forward(timeMs));
        }

        /// <summary>MT8870 StD changed; <paramref name="code"/> is Q4..Q1 (bit 0 = Q1).</summary>
        public void OnDtmfStrobe(bool strobeHigh, int code, long timeMs)
        {
            lock (_gate) _decoder.OnDtmfStrobe(strobeHigh, code, Forward(timeMs));
        }

        /// <summary>Ring-sense level changed.</summary>
        public void OnRingLevel(bool ringing, long timeMs)
        {
            lock (_gate) _decoder.OnRingLevel(ringing, Forward(timeMs));
        }

        /// <summary>Time passes: call at least every 10-20 ms so time-outs and the relay fire on time.</summary>
        public void Tick(long timeMs)
        {
            lock (_gate)
            {
                long t = Forward(timeMs);
                _decoder.Tick(t);
                _session.Tick(t);
            }
        }

        private long Forward(long timeMs)
        {
            if (timeMs < _lastMs) return _lastMs;
            _lastMs = timeMs;
            return timeMs;
        }
    }
}
