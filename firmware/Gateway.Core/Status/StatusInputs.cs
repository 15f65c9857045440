namespace Gateway.Core.Status
{
    /// <summary>Everything the status LEDs depend on, set by the adapters and the box as things change.</summary>
    /// <remarks>Plain fields so the device's LED thread can read them without allocating; a torn
    /// read only shows a stale pattern for one frame.</remarks>
    public sealed class StatusInputs
    {
        /// <summary>No timestamp: the event never happened.</summary>
        public const long Never = long.MinValue;

        /// <summary>Set at power-up, cleared when the box has its settings and line inputs running.</summary>
        public bool Booting = true;
        /// <summary>Why the box is in fault (shown in the boot log and the status topic); null when fine.</summary>
        public string Fault;
        /// <summary>Wi-Fi associated with an IP address.</summary>
        public bool NetworkUp;
        /// <summary>MQTT session established.</summary>
        public bool BrokerUp;
        /// <summary>The last rule update was refused.</summary>
        public bool RulesRefused;
        /// <summary>Monotonic time of the last block decision, or <see cref="Never"/>.</summary>
        public long LastBlockMs = Never;
        /// <summary>How long <see cref="StatusState.Blocked"/> is shown after a block (ms).</summary>
        public int BlockedHoldMs = StatusTable.DefaultBlockedHoldMs;
        /// <summary>Off hook or ringing.</summary>
        public bool LineInUse;
        /// <summary>The relay holds the loop open.</summary>
        public bool LineCut;
        /// <summary>Wiring self-test mode is on.</summary>
        public bool SelfTest;
        /// <summary>Self-test: the raw (undebounced) hook input says the loop is closed.</summary>
        public bool HookRaw;
        /// <summary>Self-test: monotonic time of the last key or ring edge, or <see cref="Never"/>.</summary>
        public long LastInputMs = Never;
    }
}
