using System;
using System.Diagnostics;
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

        public static void Connect(BoxSettings settings, StatusInputs status)
        {
            NetworkChange.NetworkAvailabilityChanged += (sender, e) =>
            {
                status.NetworkUp = e.IsAvailable;
                Debug.WriteLine("wifi: " + (e.IsAvailable ? "up" : "down"));
            };
            while (!status.NetworkUp)
            {
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                bool ok;
                if (settings.wifiSsid != null && settings.wifiSsid.Length > 0)
                    ok = WifiNetworkHelper.ConnectDhcp(settings.wifiSsid, settings.wifiPassword,
                        System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0, cts.Token);
                else
                    ok = WifiNetworkHelper.Reconnect(false, 0, cts.Token);
                status.NetworkUp = ok;
                if (!ok)
                {
                    Debug.WriteLine("wifi: not connected (NetworkHelperStatus " + (int)WifiNetworkHelper.Status + "), retrying");
                    Thread.Sleep(5000);
                }
            }
            Debug.WriteLine("wifi: connected");
        }
    }
}
