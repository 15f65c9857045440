using System;

namespace Gateway.Core.Line
{
    /// <summary>Turns timestamped hook, MT8870 and ring-sense input changes into line events.</summary>
    /// <remarks>
    /// Pure logic: it never reads a clock or a pin. Adapters pass each edge with the monotonic time
    /// they saw it; Tick lets time-outs fire (pulse digit end, hang-up, ringing stop) when no edge
    /// comes. Event times depend only on the input times, never on how often Tick runs. Inputs with a
    /// time earlier than one already seen are taken at the latest time seen. No allocation after
    /// construction. Pipeline: HookDebouncer -> LoopBreakClassifier (+ PulseDialDecoder),
    /// DtmfDecoder, RingCadenceDetector; see docs/line-signalling.md.
    /// </remarks>
    public class LineSignalDecoder
    {
        private readonly HookDebouncer _hook;
        private readonly LoopBreakClassifier _loop;
        private readonly DtmfDecoder _dtmf;
        private readonly RingCadenceDetector _ring;
        private long _nowMs = long.MinValue;

        /// <summary>Builds a decoder; throws ArgumentException with the reason when the timings do not validate.</summary>
        public LineSignalDecoder(LineTimings timings, ILineEventSink sink)
        {
            if (timings == null) throw new ArgumentNullException("timings");
            if (sink == null) throw new ArgumentNullException("sink");
            string problem = timings.Validate();
            if (problem != null) throw new ArgumentException(problem, "timings");
            LineTimings t = timings.Clone();
            EventRouter router = new EventRouter(sink);
            PulseDialDecoder pulses = new PulseDialDecoder(t.PulseDigits, t.InterDigitPauseMs, router);
            _loop = new LoopBreakClassifier(t, pulses, router);
            _hook = new HookDebouncer(t.DebounceMs, _loop);
            _dtmf = new DtmfDecoder(t.DtmfMinStrobeMs, router);
            _dtmf.Enabled = false;
            _ring = new RingCadenceDetector(t, router);
            router.Dtmf = _dtmf;
            router.Ring = _ring;
        }

        /// <summary>Raw line-sense level changed (true = loop closed, i.e. off-hook).</summary>
        public void OnHookLevel(bool loopClosed, long timeMs)
        {
            timeMs = Now(timeMs);
            AdvanceAll(timeMs);
            _hook.OnEdge(loopClosed, timeMs);
            _loop.Advance(timeMs);
        }

        /// <summary>MT8870 StD changed; <c>code</c> is Q4..Q1 read at this edge (bit 0 = Q1).</summary>
        public void OnDtmfStrobe(bool strobeHigh, int code, long timeMs)
        {
            timeMs = Now(timeMs);
            AdvanceAll(timeMs);
            _dtmf.OnStrobe(strobeHigh, code, timeMs);
        }

        /// <summary>Ring-sense level changed (true = ringing voltage present).</summary>
        public void OnRingLevel(bool ringing, long timeMs)
        {
            timeMs = Now(timeMs);
            AdvanceAll(timeMs);
            _ring.OnLevel(ringing, timeMs);
        }

        /// <summary>Time passes with no edge: ends pulse digits, hang-ups and ring cadences.</summary>
        public void Tick(long timeMs)
        {
            AdvanceAll(Now(timeMs));
        }

        private long Now(long timeMs)
        {
            if (timeMs > _nowMs) _nowMs = timeMs;
            return _nowMs;
        }

        private void AdvanceAll(long timeMs)
        {
            _hook.Advance(timeMs);
            _loop.Advance(timeMs);
            _dtmf.Advance(timeMs);
            _ring.Advance(timeMs);
        }

        /// <summary>Passes events to the caller's sink and gates DTMF and ringing on the hook state.</summary>
        private sealed class EventRouter : ILineEventSink
        {
            private readonly ILineEventSink _sink;
            public DtmfDecoder Dtmf;
            public RingCadenceDetector Ring;

            public EventRouter(ILineEventSink sink) { _sink = sink; }

            public void OnLineEvent(LineEventKind kind, char key, DialSource source, long timeMs)
            {
                if (kind == LineEventKind.OffHook)
                {
                    // Answering ends ringing at once; a phone off-hook cannot ring, and keys only count off-hook.
                    Ring.Answer(timeMs);
                    Ring.Enabled = false;
                    Dtmf.Enabled = true;
                }
                else if (kind == LineEventKind.OnHook)
                {
                    Dtmf.Enabled = false;
                    Ring.Enabled = true;
                }
                _sink.OnLineEvent(kind, key, source, timeMs);
            }
        }
    }
}
