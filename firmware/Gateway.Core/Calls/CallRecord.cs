using Gateway.Core.Rules;

namespace Gateway.Core.Calls
{
    /// <summary>One finished call, as published on the calls topic and kept in the outbox.</summary>
    /// <remarks>
    /// Times are milliseconds since the Unix epoch, UTC; the JSON encoder writes them as ISO 8601.
    /// Zero for BlockedAtDigit and null for Rule mean "none" and are written as JSON null.
    /// </remarks>
    public class CallRecord
    {
        /// <summary>Per-box sequence number, monotonic across restarts within an epoch (assigned by the outbox).</summary>
        public long Seq;
        /// <summary>The outbox journal's epoch (16 lowercase hex digits), set by the outbox: with
        /// Box and Seq the record's identity (docs/journal-and-flash.md).</summary>
        public string Epoch;
        public string Box;
        /// <summary>The box's hardware id (factory MAC, 12 lowercase hex digits), set by the link
        /// that publishes the record; not kept in the journal.</summary>
        public string Hw;
        public string Line;
        public CallDirection Direction;
        /// <summary>Keys as dialled (0-9 * # A-D), empty when none.</summary>
        public string Digits;
        public DialMethod Dial;
        public long StartUnixMs;
        public long EndUnixMs;
        public long DurationMs;
        public CallOutcome Outcome;
        /// <summary>Prefix of the rule that decided, or null when the default decided.</summary>
        public string Rule;
        /// <summary>1-based digit index at which a block fell; 0 when not blocked.</summary>
        public int BlockedAtDigit;
        public int Flashes;
        /// <summary>True when the deciding rule was a built-in emergency number.</summary>
        public bool Emergency;
        /// <summary>False when the wall clock was not yet synchronised when the call started.</summary>
        public bool ClockSynced;
        /// <summary>Version of the rules in force when the call started ("" when none).</summary>
        public string RulesVersion = "";
        /// <summary>Class the call was judged in; null when the rules have no classes.</summary>
        public string Class;
        /// <summary>What kind of rule decided the number <see cref="Rule"/> belongs to (None when nothing was decided).</summary>
        public DecisionKind Decision;
        /// <summary>The deciding rule's wildcard pattern as written; null when the rule is plain (then its keys are <see cref="Rule"/>).</summary>
        public string DecidedPattern;

        /// <summary>Talk time limit of the call in ms (docs/rules.md, "Call time limits"); 0 when none.</summary>
        public long LimitMs;

        /// <summary>The deciding rule as written: `block 00`, `allow 0x[2-5]`, `default allow`, `emergency 112`; null when nothing was decided (allocates).</summary>
        public string DecidedBy() { return RuleDecision.Describe(Decision, Rule == null ? "" : Rule, DecidedPattern); }

        /// <summary>Copies every field into <paramref name="to"/> (the call session reuses its record).</summary>
        public void CopyTo(CallRecord to)
        {
            to.Seq = Seq;
            to.Epoch = Epoch;
            to.Box = Box;
            to.Hw = Hw;
            to.Line = Line;
            to.Direction = Direction;
            to.Digits = Digits;
            to.Dial = Dial;
            to.StartUnixMs = StartUnixMs;
            to.EndUnixMs = EndUnixMs;
            to.DurationMs = DurationMs;
            to.Outcome = Outcome;
            to.Rule = Rule;
            to.BlockedAtDigit = BlockedAtDigit;
            to.Flashes = Flashes;
            to.Emergency = Emergency;
            to.ClockSynced = ClockSynced;
            to.RulesVersion = RulesVersion;
            to.Class = Class;
            to.Decision = Decision;
            to.DecidedPattern = DecidedPattern;
            to.LimitMs = LimitMs;
        }
    }
}
