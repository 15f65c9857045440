namespace Gateway.Core.Calls
{
    /// <summary>What happened on a line, as shown live (the MQTT events topic, the simulator's trace).</summary>
    public enum LiveEventKind
    {
        /// <summary>Handset lifted (outgoing or answering).</summary>
        OffHook = 1,
        /// <summary>A key of the number being dialled; see Key.</summary>
        Key = 2,
        /// <summary>The rules decided; see Verdict, DigitIndex, RulePrefixLength, Emergency.</summary>
        Decision = 3,
        /// <summary>The relay opened the loop on a block.</summary>
        LineCut = 4,
        /// <summary>The relay closed the loop again after a cut.</summary>
        LineRestored = 5,
        /// <summary>Handset put down (or the loop opened by a cut).</summary>
        OnHook = 6,
        /// <summary>A hook flash (recall).</summary>
        Flash = 7,
        /// <summary>The line started ringing.</summary>
        RingStart = 8,
        /// <summary>The line stopped ringing.</summary>
        RingStop = 9,
        /// <summary>Wrong authorization codes locked codes; see WrongCodes, UntilMs.</summary>
        CodeLockout = 10,
    }
}
