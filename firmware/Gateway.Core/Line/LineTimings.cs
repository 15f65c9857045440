namespace Gateway.Core.Line
{
    /// <summary>All line-signalling timings in one place, with defaults from the standards.</summary>
    /// <remarks>
    /// Every figure is in milliseconds of the monotonic clock the adapters stamp edges with. The
    /// defaults leave room for +/-15 ms of GPIO-callback jitter on each edge (so +/-30 ms on any
    /// measured interval); docs/line-signalling.md derives each one. Installers may override them in
    /// the settings, so <see cref="Validate"/> must pass before a decoder is built from them.
    /// </remarks>
    public class LineTimings
    {
        /// <summary>One pulse period at the fastest rate decoders must accept.</summary>
        // Decadic dialling practice: exchanges accept ~8-12 pps; we design for 7-14 pps, 1000/14 = 71 ms.
        public const int FastestPulsePeriodMs = 71;

        /// <summary>Edge-time error the defaults are designed for, either way.</summary>
        // nanoFramework managed GPIO callbacks arrive late and unevenly: design figure +/-15 ms (project notes).
        public const int DesignEdgeJitterMs = 15;

        /// <summary>Edges less than this after an accepted hook change are contact bounce.</summary>
        // Contact practice: springs settle in < 8 ms, + 12 ms for bounce edges reported up to 6 ms off each; 2 x 20 <= 41.
        public int DebounceMs { get; set; } = 20;

        /// <summary>A loop closure from idle must last this long to be an off-hook (seizure).</summary>
        // Exchange practice: PBXs require ~95 ms of loop before seizing (NEC SL2100 default).
        public int OffHookMinMs { get; set; } = 100;

        /// <summary>Shorter loop breaks are noise spikes, ignored as if the loop had stayed closed; 0 = off.</summary>
        // Off by default: with +/-15 ms jitter and bounce a real 14 pps break can measure ~5 ms (docs/line-signalling.md).
        public int PulseBreakMinMs { get; set; } = 0;

        /// <summary>Longest loop break still counted as a dial pulse.</summary>
        // Decadic dialling (Q.400-series national practice): 7 pps at 72 % break = 103 ms, + 30 ms jitter.
        public int PulseBreakMaxMs { get; set; } = 135;

        /// <summary>Loop closure that ends a pulse-dialled digit (inter-digit pause).</summary>
        // Decadic dialling practice: pauses are >= 200 ms (rotary 500-800 ms); longest make is 64 ms + 30 ms jitter.
        public int InterDigitPauseMs { get; set; } = 150;

        /// <summary>Decode loop breaks as dial pulses; false for DTMF-only lines, where loop breaks
        /// shorter than <see cref="FlashMinMs"/> are ignored and the flash may be short.</summary>
        // A 100 ms timed-break recall (R key on many exchanges) falls inside the pulse range: with
        // pulse dialling on it would read as the digit 1, so such lines turn pulses off.
        public bool PulseDialling { get; set; } = true;

        /// <summary>Shortest loop break taken as a hook flash (register recall).</summary>
        // Exchange practice: recall 80-600 ms; must exceed the longest pulse break, so 140.
        public int FlashMinMs { get; set; } = 140;

        /// <summary>Longest loop break taken as a hook flash; a longer one is a hang-up.</summary>
        // Exchange practice: flash up to ~600 ms, exchanges release on 0.6-1 s of open loop.
        public int FlashMaxMs { get; set; } = 600;

        /// <summary>Break count to key map: entry n-1 is the key for n breaks.</summary>
        // Decadic dialling (Q.400-series national practice): n breaks = n, 10 breaks = 0.
        public string PulseDigits { get; set; } = PulseDigitMap.Standard;

        /// <summary>MT8870 StD pulses shorter than this are glitches, not keys.</summary>
        // ITU-T Q.24: tones >= 40 ms must be accepted; 40 ms minus 30 ms of edge jitter.
        public int DtmfMinStrobeMs { get; set; } = 10;

        /// <summary>Ring-sense edges closer than this belong to one ring burst.</summary>
        // Ringing is 20-25 Hz (20-25 ms half-cycles, China 25 Hz, North America 20 Hz) + jitter.
        public int RingBurstGapMs { get; set; } = 100;

        /// <summary>A ring burst must last this long before it counts as ringing.</summary>
        // Exchange practice: shortest cadence bursts 0.3-0.4 s (EN 300 001, GR-506, Centrex); China 1 s, North America 2 s.
        public int RingMinBurstMs { get; set; } = 200;

        /// <summary>No ring burst for longer than this ends the ringing.</summary>
        // Exchange practice: longest off period is 4 s (China 1 s on/4 s off, North America 2 s on/4 s off).
        public int RingStopAfterMs { get; set; } = 5000;

        /// <summary>Returns null when the timings can work together, else the first problem found.</summary>
        public string Validate()
        {
            if (DebounceMs < 0) return "DebounceMs must not be negative (is " + DebounceMs + ")";
            int shortestPeriod = FastestPulsePeriodMs - 2 * DesignEdgeJitterMs;
            if (2 * DebounceMs > shortestPeriod)
                return "DebounceMs (" + DebounceMs + ") must be at most half of " + shortestPeriod
                    + " ms (a 14 pps period less edge jitter), or a bounce window could swallow a whole pulse";
            if (OffHookMinMs <= DebounceMs) return "OffHookMinMs (" + OffHookMinMs + ") must exceed DebounceMs (" + DebounceMs + ")";
            if (PulseBreakMinMs < 0) return "PulseBreakMinMs must not be negative (is " + PulseBreakMinMs + ")";
            if (PulseBreakMaxMs < PulseBreakMinMs) return "PulseBreakMaxMs (" + PulseBreakMaxMs + ") must not be below PulseBreakMinMs (" + PulseBreakMinMs + ")";
            if (PulseBreakMaxMs <= DebounceMs) return "PulseBreakMaxMs (" + PulseBreakMaxMs + ") must exceed DebounceMs (" + DebounceMs + ")";
            if (InterDigitPauseMs <= DebounceMs) return "InterDigitPauseMs (" + InterDigitPauseMs + ") must exceed DebounceMs (" + DebounceMs + ")";
            if (PulseDialling && FlashMinMs <= PulseBreakMaxMs)
                return "FlashMinMs (" + FlashMinMs + ") must exceed PulseBreakMaxMs (" + PulseBreakMaxMs + "), the longest pulse break (or turn PulseDialling off)";
            if (FlashMinMs <= DebounceMs) return "FlashMinMs (" + FlashMinMs + ") must exceed DebounceMs (" + DebounceMs + ")";
            if (FlashMaxMs < FlashMinMs) return "FlashMaxMs (" + FlashMaxMs + ") must not be below FlashMinMs (" + FlashMinMs + ")";
            string map = PulseDigitMap.Check(PulseDigits);
            if (map != null) return "PulseDigits " + map;
            if (DtmfMinStrobeMs < 0) return "DtmfMinStrobeMs must not be negative (is " + DtmfMinStrobeMs + ")";
            if (RingBurstGapMs <= 0) return "RingBurstGapMs must be positive (is " + RingBurstGapMs + ")";
            if (RingMinBurstMs < 0) return "RingMinBurstMs must not be negative (is " + RingMinBurstMs + ")";
            if (RingStopAfterMs <= RingBurstGapMs) return "RingStopAfterMs (" + RingStopAfterMs + ") must exceed RingBurstGapMs (" + RingBurstGapMs + ")";
            return null;
        }

        /// <summary>An independent copy, so later edits to the settings object do not reach a running decoder.</summary>
        public LineTimings Clone()
        {
            return (LineTimings)MemberwiseClone();
        }
    }
}
