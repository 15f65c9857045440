namespace Gateway.Core.Messaging
{
    /// <summary>What a staged transfer did with a manifest or a chunk.</summary>
    public enum RuleTransferResult
    {
        /// <summary>Not for this transfer (no transfer, another transfer's chunk, a malformed chunk): nothing changed.</summary>
        Ignored = 0,
        /// <summary>Chunks are still missing.</summary>
        Receiving = 1,
        /// <summary>Every chunk is in and the CRC-32 holds: the set is applied when the line is idle.</summary>
        Pending = 2,
        /// <summary>The transfer was refused (see the reason); the rules in force are unchanged.</summary>
        Refused = 3,
        /// <summary>The staged set is in force.</summary>
        Applied = 4,
    }
}
