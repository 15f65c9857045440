namespace Gateway.Core.Calls
{
    /// <summary>Timings and limits of the call logic, with their defaults; one instance per box.</summary>
    public sealed class CallSettings
    {
        /// <summary>Dialling ends this long after the last key (ms).</summary>
        /// <remarks>PBXs use 4-6 s inter-digit time-outs; 4 s ends dialling soon enough that the record
        /// and the decision do not lag, and is long enough for rotary dials (0.5-0.7 s between digits).</remarks>
        public int InterDigitTimeoutMs = 4000;

        /// <summary>How long the relay holds the loop open on a block (ms).</summary>
        /// <remarks>The exchange must see an on-hook longer than its release time (about 0.6-1 s) and
        /// longer than any hook flash (at most about 0.6 s), so 1.5 s releases the call with margin.</remarks>
        public int LineCutOpenMs = 1500;

        /// <summary>After ringing stops, an off-hook within this time still answers the call (ms).</summary>
        /// <remarks>Covers a ring-stop reported just before the off-hook that caused it. Keep it short:
        /// keys dialled in an incoming call are not checked against the rules.</remarks>
        public int RingAnswerGraceMs = 300;

        /// <summary>Keys kept per call for the record; further keys are still checked by the rules.</summary>
        public int MaxDigits = 32;
    }
}
