using System;
using Gateway.Core.Logging;
using Gateway.Core.Messaging;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The box log (Core's <see cref="BoxLog"/>) in I:\log, timestamped with the monotonic clock.</summary>
    /// <remarks>
    /// The Release image has no other log: Debug.WriteLine is compiled out, and the USB serial port
    /// carries nanoFramework's wire protocol, not text. Two 4 KiB segment files through the same
    /// append-only file adapter as the outbox; when the drive cannot be opened the log lives in
    /// RAM until the next restart (and says so). Any thread may log (BoxLog only buffers);
    /// <see cref="Flush"/> writes, from the main loop, outside the gate.
    /// </remarks>
    internal sealed class FlashLog
    {
        private const string LogDirectory = "I:\\log";

        /// <summary>The log itself, for the MQTT link to publish.</summary>
        public readonly BoxLog Log;

        public FlashLog()
        {
            string failure = null;
            try
            {
                Log = new BoxLog(new FlashJournalStorage(LogDirectory), BoxLog.DeviceSegmentBytes);
            }
            catch (Exception e)
            {
                failure = e.Message;
                Log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            }
            if (failure != null) Error("log: " + LogDirectory + " unusable (" + failure + "): kept in RAM until the next restart");
        }

        public void Info(string text)
        {
            Log.Write(LogLevel.Info, text, MonotonicClock.NowMs());
        }

        public void Warning(string text)
        {
            Log.Write(LogLevel.Warning, text, MonotonicClock.NowMs());
        }

        public void Error(string text)
        {
            Log.Write(LogLevel.Error, text, MonotonicClock.NowMs());
        }

        /// <summary>Stores what was logged since the last call (flash I/O: not under the gate).</summary>
        public void Flush()
        {
            Log.Flush();
        }
    }
}
