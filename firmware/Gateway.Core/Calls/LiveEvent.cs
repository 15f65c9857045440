using Gateway.Core.Rules;

namespace Gateway.Core.Calls
{
    /// <summary>One live event; a single instance per line is reused, so sinks copy what they keep.</summary>
    public sealed class LiveEvent
    {
        /// <summary>What happened.</summary>
        public LiveEventKind Kind;
        /// <summary>Line id.</summary>
        public string Line;
        /// <summary>The key for <see cref="LiveEventKind.Key"/>, otherwise '\0'.</summary>
        public char Key;
        /// <summary>How the key was dialled, for <see cref="LiveEventKind.Key"/>.</summary>
        public DialMethod Dial;
        /// <summary>The verdict for <see cref="LiveEventKind.Decision"/>, otherwise Continue.</summary>
        public RuleVerdict Verdict;
        /// <summary>1-based index of the key (Key) or of the key at which the decision fell (Decision).</summary>
        public int DigitIndex;
        /// <summary>Length of the deciding rule's prefix (Decision); 0 for the default or no rules.</summary>
        public int RulePrefixLength;
        /// <summary>True when the decision is a built-in emergency number.</summary>
        public bool Emergency;
        /// <summary>How many wrong codes locked codes (<see cref="LiveEventKind.CodeLockout"/>).</summary>
        public int WrongCodes;
        /// <summary>Monotonic time at which codes unlock (<see cref="LiveEventKind.CodeLockout"/>).</summary>
        public long UntilMs;
        /// <summary>Unix time at which codes unlock, per the box's time base (<see cref="LiveEventKind.CodeLockout"/>).</summary>
        public long UntilUnixMs;
        /// <summary>Monotonic time of the event.</summary>
        public long TimeMs;
        /// <summary>Unix time of the event per the box's time base.</summary>
        public long UnixMs;
        /// <summary>Whether the time base was synchronised.</summary>
        public bool ClockSynced;

        /// <summary>Copies every field into <paramref name="to"/> (sinks that keep an event keep a copy).</summary>
        public void CopyTo(LiveEvent to)
        {
            to.Kind = Kind;
            to.Line = Line;
            to.Key = Key;
            to.Dial = Dial;
            to.Verdict = Verdict;
            to.DigitIndex = DigitIndex;
            to.RulePrefixLength = RulePrefixLength;
            to.Emergency = Emergency;
            to.WrongCodes = WrongCodes;
            to.UntilMs = UntilMs;
            to.UntilUnixMs = UntilUnixMs;
            to.TimeMs = TimeMs;
            to.UnixMs = UnixMs;
            to.ClockSynced = ClockSynced;
        }
    }
}
