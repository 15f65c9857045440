namespace Gateway.Core.Messaging
{
    /// <summary>What the box did with the last rules/set message or chunk (the "result" of rules/state).</summary>
    public enum RuleUpdateResult
    {
        /// <summary>No update processed since start: the state reports the rules in force.</summary>
        Startup = 0,
        /// <summary>The new rules are in force.</summary>
        Applied = 1,
        /// <summary>The requested version is already in force; nothing was reloaded.</summary>
        Unchanged = 2,
        /// <summary>The update was refused (see reason); the old rules stay in force.</summary>
        Refused = 3,
        /// <summary>A staged transfer is under way: chunks are missing (rules/state lists them).</summary>
        Receiving = 4,
        /// <summary>Every chunk of a staged transfer is in and checked; applied when the line is idle.</summary>
        Pending = 5,
    }
}
