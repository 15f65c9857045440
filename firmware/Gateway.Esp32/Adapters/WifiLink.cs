using System;
using System.Net.NetworkInformation;
using System.Threading;
using Gateway.Core.Settings;
using Gateway.Core.Status;
using nanoFramework.Networking;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Joins Wi-Fi (the settings' network, or the one nanoff stored) and keeps <see cref="StatusInputs.NetworkUp"/> current.</summary>
    /// <remarks>The ESP32 Wi-Fi driver reconnects by itself (WifiReconnectionKind.Automatic);
    /// this only makes the first connection and reports availability changes.</remarks>
    internal static class WifiLink
    {
        private const int ConnectTimeoutMs = 60000;

        public static void Connect(BoxSettings settings, StatusInputs status, FlashLog log)
        {
            NetworkChange.NetworkAvailabilityChanged += (sender, e) =>
            {
                status.NetworkUp = e.IsAvailable;
                if (e.IsAvailable) log.Info("wifi: up");
                else log.Warning("wifi: down");
            };
            bool named = settings.wifiSsid != null && settings.wifiSsid.Length > 0;
            log.Info("wifi: joining " + (named ? settings.wifiSsid : "the network stored on the device"));
            int failures = 0;
            while (!status.NetworkUp)
            {
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                bool ok;
                if (named)
                    ok = WifiNetworkHelper.ConnectDhcp(settings.wifiSsid, settings.wifiPassword,
                        System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0, cts.Token);
                else
                    ok = WifiNetworkHelper.Reconnect(false, 0, cts.Token);
                status.NetworkUp = ok;
                if (!ok)
                {
                    failures++;
                    // Attempts 1, 2, 4, 8, ...: a long outage must not fill the 8 KiB log with one line.
                    if ((failures & (failures - 1)) == 0)
                        log.Warning("wifi: not connected (NetworkHelperStatus " + (int)WifiNetworkHelper.Status + "), retrying; attempt " + failures);
                    Thread.Sleep(5000);
                }
            }
            log.Info("wifi: connected" + (failures > 0 ? " after " + (failures + 1) + " attempts" : ""));
        }
    }
}
