namespace Gateway.Core.Calls
{
    /// <summary>The relay in series with the line loop; the adapter writes the pin.</summary>
    /// <remarks>A normally-closed relay keeps the line working when the box is unpowered, so "open"
    /// is the energised state. Called under the box's lock: write the pin and return.</remarks>
    public interface ILineRelay
    {
        /// <summary>True opens the loop (the exchange sees on-hook); false closes it again.</summary>
        void SetLoopOpen(bool open);

        /// <summary>Confirms, while the loop is open, that the firmware still runs. The relay's hold
        /// circuit (hardware/README.md) lets the loop close by itself when confirmations stop for
        /// <see cref="RelayHoldCircuit.MinHoldMs"/>, so a frozen CPU cannot keep the line dead.</summary>
        void ConfirmOpen();
    }
}
