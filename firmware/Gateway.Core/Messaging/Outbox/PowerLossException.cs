using System;

namespace Gateway.Core.Messaging
{
    /// <summary>Thrown by <see cref="MemoryJournalStorage"/> once its simulated power is cut.</summary>
    public sealed class PowerLossException : Exception
    {
        public PowerLossException() : base("simulated power loss") { }
    }
}
