namespace Gateway.Core.Logging
{
    /// <summary>One box log entry as read back from the log; an instance is reused by its reader.</summary>
    public sealed class LogEntry
    {
        /// <summary>Position in the log: starts at 1, one more per entry, never goes back across restarts.</summary>
        public long Seq;
        /// <summary>Start of the box this entry was logged in: 1 for the first start with this log, one more per restart.</summary>
        public int Boot;
        /// <summary>Milliseconds since that start (monotonic).</summary>
        public long UptimeMs;
        /// <summary>Unix time of the entry per the box's time base (uptime counted from 1970 when not synchronised).</summary>
        public long UnixMs;
        /// <summary>Whether the time base was synchronised (SNTP) when the entry was logged.</summary>
        public bool ClockSynced;
        /// <summary>How much it matters.</summary>
        public LogLevel Level;
        /// <summary>What happened, at most <see cref="BoxLog.MaxTextBytes"/> bytes of UTF-8.</summary>
        public string Text;
    }
}
