namespace Gateway.Core.Status
{
    /// <summary>The LED legend (docs/leds.md) as data, and the pure function from status to LEDs.</summary>
    /// <remarks>
    /// Three LEDs: green = the box, yellow = the line, red = attention. The state with the highest
    /// priority decides green and red (ESPHome's status_led idea: error over warning over normal);
    /// yellow keeps showing the line in every state below self-test, so staff can always see
    /// whether the phone is in use. Patterns are picked so no two rows look alike: only Fault
    /// blinks red fast, only Offline blinks green, only Blocked lights red (almost) steadily.
    /// </remarks>
    public static class StatusTable
    {
        /// <summary>Bit of the green LED in <see cref="LedsAt"/>'s result.</summary>
        public const int GreenBit = 1;
        /// <summary>Bit of the yellow LED.</summary>
        public const int YellowBit = 2;
        /// <summary>Bit of the red LED.</summary>
        public const int RedBit = 4;

        /// <summary>How long a block keeps the red LED on, so staff walking past still see it (ms).</summary>
        public const int DefaultBlockedHoldMs = 60000;

        /// <summary>How long the self-test lights red after a key or ring edge (ms).</summary>
        public const int InputEchoMs = 300;

        /// <summary>Rows indexed by <c>(int)StatusState - 1</c>, in priority order.</summary>
        public static readonly StatusRow[] Rows = new StatusRow[]
        {
            // ESPHome's error blink (150 on / 100 off): fast enough to look alarming.
            new StatusRow("Fault", LedPattern.Off, LedPattern.Off, LedPattern.Blink(150, 100)),
            // Lamp test: a dead LED is noticed at every power-up.
            new StatusRow("Booting", LedPattern.On, LedPattern.On, LedPattern.On),
            new StatusRow("Wiring self-test", LedPattern.Blink(100, 900), LedPattern.Hook, LedPattern.Input),
            // Red nearly steady; the short wink tells it apart from the boot lamp test.
            new StatusRow("Blocked attempt", LedPattern.On, LedPattern.Line, LedPattern.Blink(900, 100)),
            // ESPHome's warning shape (short flash, long pause): needs attention, not urgent.
            new StatusRow("Rules refused", LedPattern.On, LedPattern.Line, LedPattern.Blink(250, 1250)),
            // Slow 1 Hz blink for a lost network, as WLED does.
            new StatusRow("Offline", LedPattern.Blink(500, 500), LedPattern.Line, LedPattern.Off),
            // Calm when all is well: green steady, nothing else.
            new StatusRow("Online", LedPattern.On, LedPattern.Line, LedPattern.Off),
        };

        /// <summary>What "line" means on the yellow LED, indexed by <c>(int)LineLedState - 1</c>.</summary>
        public static readonly StatusRow[] LineRows = new StatusRow[]
        {
            new StatusRow("Line idle", null, LedPattern.Off, null),
            new StatusRow("Line in use", null, LedPattern.On, null),
            new StatusRow("Line cut", null, LedPattern.Blink(100, 100), null),
        };

        /// <summary>The state shown at <paramref name="nowMs"/>: the first in priority order that applies.</summary>
        public static StatusState StateOf(StatusInputs s, long nowMs)
        {
            if (s.Fault != null) return StatusState.Fault;
            if (s.Booting) return StatusState.Booting;
            if (s.SelfTest) return StatusState.SelfTest;
            if (s.LastBlockMs != StatusInputs.Never && nowMs - s.LastBlockMs < s.BlockedHoldMs) return StatusState.Blocked;
            if (s.RulesRefused) return StatusState.RulesRefused;
            if (!s.NetworkUp || !s.BrokerUp) return StatusState.Offline;
            return StatusState.Online;
        }

        /// <summary>What the yellow LED shows when the state shows the line.</summary>
        public static LineLedState LineOf(StatusInputs s)
        {
            if (s.LineCut) return LineLedState.Cut;
            return s.LineInUse ? LineLedState.InUse : LineLedState.Idle;
        }

        /// <summary>The row for a state.</summary>
        public static StatusRow RowOf(StatusState state)
        {
            return Rows[(int)state - 1];
        }

        /// <summary>Which LEDs are lit at <paramref name="nowMs"/> (<see cref="GreenBit"/> | <see cref="YellowBit"/> | <see cref="RedBit"/>).</summary>
        public static int LedsAt(StatusInputs s, long nowMs)
        {
            StatusRow row = RowOf(StateOf(s, nowMs));
            int leds = 0;
            if (IsOn(row.Green, s, nowMs)) leds |= GreenBit;
            if (IsOn(row.Yellow, s, nowMs)) leds |= YellowBit;
            if (IsOn(row.Red, s, nowMs)) leds |= RedBit;
            return leds;
        }

        private static bool IsOn(LedPattern p, StatusInputs s, long nowMs)
        {
            switch (p.Kind)
            {
                case LedPatternKind.Line:
                    return LineRows[(int)LineOf(s) - 1].Yellow.CycleIsOn(nowMs);
                case LedPatternKind.Hook:
                    return s.HookRaw;
                case LedPatternKind.Input:
                    return s.LastInputMs != StatusInputs.Never && nowMs - s.LastInputMs < InputEchoMs;
                default:
                    return p.CycleIsOn(nowMs);
            }
        }
    }
}
