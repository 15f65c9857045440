using System;

namespace Gateway.Core.Line
{
    /// <summary>Turns timestamped hook, MT8870 and ring-sense input changes into line events.</summary>
    /// <remarks>API contract for the call logic and the adapters; the decoding itself lands with the
    /// line-signalling work.</remarks>
    public class LineSignalDecoder
    {
        public LineSignalDecoder(LineTimings timings, ILineEventSink sink)
        {
            throw new NotImplementedException();
        }

        /// <summary>Raw line-sense level changed (true = loop closed, i.e. off-hook).</summary>
        public void OnHookLevel(bool loopClosed, long timeMs) { throw new NotImplementedException(); }

        /// <summary>MT8870 StD changed; <c>code</c> is Q4..Q1 read at this edge (bit 0 = Q1).</summary>
        public void OnDtmfStrobe(bool strobeHigh, int code, long timeMs) { throw new NotImplementedException(); }

        /// <summary>Ring-sense level changed (true = ringing voltage present).</summary>
        public void OnRingLevel(bool ringing, long timeMs) { throw new NotImplementedException(); }

        /// <summary>Time passes with no edge: ends pulse digits, hang-ups and ring cadences.</summary>
        public void Tick(long timeMs) { throw new NotImplementedException(); }
    }
}
