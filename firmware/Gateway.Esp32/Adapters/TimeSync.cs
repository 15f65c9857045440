using System;
using Gateway.Core;
using Gateway.Core.Settings;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Waits for the firmware's SNTP client to set the wall clock and, once it is plausible, tells the box what Unix time its monotonic zero was.</summary>
    /// <remarks>
    /// The box never sets Sntp.Server1: nanoFramework hands lwIP a pointer into the string's
    /// text, which the garbage collector moves when it compacts the heap (docs/nanoframework.md,
    /// "SNTP"). The firmware itself starts SNTP with 0.pool.ntp.org and 1.pool.ntp.org each time
    /// it gets an IP address; another sntpServer is a fault (BoxSettings.SntpServerFault).
    /// Until then records carry clockSynced = false and times counted from 1970 plus uptime, so
    /// the backend can tell them apart and re-anchor them on its receive time. Re-anchored every
    /// hour so the crystal's drift against SNTP stays below a second.
    /// </remarks>
    internal sealed class TimeSync
    {
        private const long ResyncMs = 3600000;
        // Long enough for DHCP's first answers and an NTP round trip, short enough to be noticed.
        private const long SlowSyncMs = 60000;
        // Nothing the box records can predate its firmware: an earlier clock is the unset RTC.
        private const int FirstPlausibleYear = 2025;
        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1, 0, 0, 0).Ticks;

        private readonly GatewayBox _box;
        private readonly FlashLog _log;
        private readonly long _startedMs;
        private long _lastSetMs = long.MinValue;
        private bool _slowLogged;

        public TimeSync(GatewayBox box, FlashLog log, long nowMs)
        {
            _box = box;
            _log = log;
            _startedMs = nowMs;
            log.Info("time: waiting for SNTP (" + BoxSettings.FirmwareSntpServers + ")");
        }

        /// <summary>True once the time base came from SNTP.</summary>
        public bool Synced { get; private set; }

        /// <summary>Called from the main loop under the gate.</summary>
        public void Poll(long nowMs)
        {
            if (Synced && nowMs - _lastSetMs < ResyncMs) return;
            DateTime utc = DateTime.UtcNow;
            if (utc.Year < FirstPlausibleYear)
            {
                if (!_slowLogged && nowMs - _startedMs >= SlowSyncMs)
                {
                    _slowLogged = true;
                    _log.Warning("time: no SNTP answer after " + (SlowSyncMs / 1000) + " s (UDP 123 blocked? records carry clockSynced false)");
                }
                return;
            }
            long unixMs = (utc.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            _box.SetTimeBase(unixMs - nowMs, true);
            _log.Log.SetTimeBase(unixMs - nowMs, true);
            if (!Synced) _log.Info("time: synchronised, " + utc.ToString());
            Synced = true;
            _lastSetMs = nowMs;
        }
    }
}
