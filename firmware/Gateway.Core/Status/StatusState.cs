namespace Gateway.Core.Status
{
    /// <summary>What the box's green and red LEDs say, in priority order: the lowest value that
    /// applies is shown.</summary>
    public enum StatusState
    {
        /// <summary>Something needs a technician: bad settings, storage or hardware failure.</summary>
        Fault = 1,
        /// <summary>Powered and starting (also a lamp test: every LED lit).</summary>
        Booting = 2,
        /// <summary>Installer's wiring self-test: LEDs echo the line inputs.</summary>
        SelfTest = 3,
        /// <summary>A call was blocked recently (held for a while after it happened).</summary>
        Blocked = 4,
        /// <summary>The last rule update was refused; the previous rules are still in force.</summary>
        RulesRefused = 5,
        /// <summary>No Wi-Fi or no broker: the line is still guarded, records wait on flash.</summary>
        Offline = 6,
        /// <summary>All well.</summary>
        Online = 7,
    }

    /// <summary>What the yellow LED says when a state shows the line.</summary>
    public enum LineLedState
    {
        /// <summary>On hook, nothing happening.</summary>
        Idle = 1,
        /// <summary>Off hook or ringing.</summary>
        InUse = 2,
        /// <summary>The relay is holding the loop open after a block.</summary>
        Cut = 3,
    }
}
