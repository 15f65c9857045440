namespace Gateway.Core.Logging
{
    /// <summary>How much a box log entry matters; stored as its number, published by name (<c>LogEntryJson.LevelName</c>).</summary>
    public enum LogLevel
    {
        /// <summary>Normal progress: boot report, connections made, rules restored.</summary>
        Info = 0,
        /// <summary>Something failed that the box retries or works around: Wi-Fi or broker not reachable, a connection closed.</summary>
        Warning = 1,
        /// <summary>A fault that needs a technician: unusable settings, flash or CA failure, the watchdog restarting the box.</summary>
        Error = 2,
    }
}
