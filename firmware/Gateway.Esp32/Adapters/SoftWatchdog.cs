using System.Threading;
using nanoFramework.Runtime.Native;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Restarts the box when the main loop stops feeding it (a deadlock or a stuck call).</summary>
    /// <remarks>
    /// nanoFramework exposes no hardware watchdog API to C# on ESP32 (docs/nanoframework.md), so
    /// this is a managed thread: it catches hung application threads, not a hung CLR. The relay
    /// is normally closed, so the restart itself cannot cut the line.
    /// </remarks>
    internal sealed class SoftWatchdog
    {
        private readonly long _timeoutMs;
        private readonly FlashLog _log;
        private readonly object _lock = new object();
        private long _lastFeedMs;

        public SoftWatchdog(int timeoutSeconds, FlashLog log)
        {
            _timeoutMs = timeoutSeconds * 1000L;
            _log = log;
            _lastFeedMs = MonotonicClock.NowMs();
            Thread t = new Thread(Watch);
            t.Priority = ThreadPriority.Highest;
            t.Start();
        }

        public void Feed(long nowMs)
        {
            lock (_lock) _lastFeedMs = nowMs; // no 64-bit Interlocked in nanoFramework
        }

        private void Watch()
        {
            while (true)
            {
                Thread.Sleep(1000);
                long last;
                lock (_lock) last = _lastFeedMs;
                long quiet = MonotonicClock.NowMs() - last;
                if (quiet > _timeoutMs)
                {
                    _log.Error("watchdog: main loop silent for " + quiet + " ms, restarting");
                    // The flash may be what hangs the loop: store the entry if it can within a second, restart either way.
                    Thread flush = new Thread(_log.Flush);
                    flush.Start();
                    flush.Join(1000);
                    Power.RebootDevice();
                }
            }
        }
    }
}
