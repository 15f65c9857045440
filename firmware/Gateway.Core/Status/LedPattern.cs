namespace Gateway.Core.Status
{
    /// <summary>How one LED behaves in a state: a fixed on/off cycle, or following an input.</summary>
    /// <remarks>
    /// Fixed cycles are derived from the time alone (on while nowMs mod period is below the on
    /// time, like ESPHome's status_led), so every box blinks in step and a pattern needs no
    /// state or timer. The names are what docs/leds.md prints, and a test keeps the two equal.
    /// </remarks>
    public sealed class LedPattern
    {
        /// <summary>What decides the LED.</summary>
        public readonly LedPatternKind Kind;
        /// <summary>On time per cycle (ms) for <see cref="LedPatternKind.Cycle"/>.</summary>
        public readonly int OnMs;
        /// <summary>Off time per cycle (ms) for <see cref="LedPatternKind.Cycle"/>.</summary>
        public readonly int OffMs;
        /// <summary>The legend's name: "on", "off", "blink ON/OFF", "line", "hook", "input".</summary>
        public readonly string Name;

        private LedPattern(LedPatternKind kind, int onMs, int offMs, string name)
        {
            Kind = kind;
            OnMs = onMs;
            OffMs = offMs;
            Name = name;
        }

        /// <summary>Always off.</summary>
        public static readonly LedPattern Off = new LedPattern(LedPatternKind.Cycle, 0, 1, "off");
        /// <summary>Always on.</summary>
        public static readonly LedPattern On = new LedPattern(LedPatternKind.Cycle, 1, 0, "on");
        /// <summary>Shows the line: see <see cref="StatusTable.LineRows"/>.</summary>
        public static readonly LedPattern Line = new LedPattern(LedPatternKind.Line, 0, 0, "line");
        /// <summary>Self-test: on while the raw hook input says off-hook.</summary>
        public static readonly LedPattern Hook = new LedPattern(LedPatternKind.Hook, 0, 0, "hook");
        /// <summary>Self-test: on for a moment after each key or ring edge.</summary>
        public static readonly LedPattern Input = new LedPattern(LedPatternKind.Input, 0, 0, "input");

        /// <summary>On for <paramref name="onMs"/>, off for <paramref name="offMs"/>, repeating.</summary>
        public static LedPattern Blink(int onMs, int offMs)
        {
            return new LedPattern(LedPatternKind.Cycle, onMs, offMs, "blink " + onMs + "/" + offMs);
        }

        /// <summary>Whether a cycle pattern is lit at <paramref name="nowMs"/>.</summary>
        public bool CycleIsOn(long nowMs)
        {
            if (OnMs <= 0) return false;
            if (OffMs <= 0) return true;
            long phase = nowMs % (OnMs + OffMs);
            if (phase < 0) phase += OnMs + OffMs;
            return phase < OnMs;
        }
    }

    /// <summary>What decides an LED in a pattern.</summary>
    public enum LedPatternKind
    {
        /// <summary>A fixed on/off cycle from the time alone.</summary>
        Cycle = 0,
        /// <summary>Follows the line state (idle, in use, cut).</summary>
        Line = 1,
        /// <summary>Follows the raw hook input (self-test).</summary>
        Hook = 2,
        /// <summary>Lit briefly after each key or ring input (self-test).</summary>
        Input = 3,
    }
}
