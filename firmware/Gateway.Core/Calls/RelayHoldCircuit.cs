namespace Gateway.Core.Calls
{
    /// <summary>The hardware that makes a line cut fail-safe: a retriggerable monostable between the
    /// firmware and the relay driver (hardware/README.md, "Relay").</summary>
    /// <remarks>The relay stays energised (loop open) only while the firmware keeps confirming it
    /// (<see cref="ILineRelay.ConfirmOpen"/>, every tick of the main loop), so a CPU frozen in native
    /// code, a hung runtime or a crash lets the normally-closed contact reconnect the line within
    /// the hold time, instead of leaving it dead until someone cuts the power.</remarks>
    public static class RelayHoldCircuit
    {
        /// <summary>Shortest hold after the last confirmation: 74HC123 tW = K x Rext x Cext with
        /// Rext 1 MOhm, Cext 10 uF (about 4.5 s nominal, K about 0.45 in the datasheet), less the parts'
        /// tolerances (the ceramic capacitor's DC-bias loss included).</summary>
        /// <remarks>At least the longest cut the settings allow (BoxSettings.MaxLineCutOpenMs): every
        /// managed thread stops during a flash erase, a GC or a TLS handshake, and a stall that began
        /// inside a cut must never end it early (the exchange would keep the blocked call); it can only
        /// make it longer, by at most <see cref="MaxHoldMs"/>.</remarks>
        public const int MinHoldMs = 3000;

        /// <summary>Longest hold after the last confirmation (the same parts at the other end of their
        /// tolerances): the longest a frozen CPU can keep the line open.</summary>
        public const int MaxHoldMs = 7000;
    }
}
