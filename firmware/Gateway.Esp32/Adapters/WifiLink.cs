using System;
using System.Net.NetworkInformation;
using System.Threading;
using Gateway.Core.Settings;
using Gateway.Core.Status;
using nanoFramework.Networking;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Joins Wi-Fi (the settings' network, or the one nanoff stored) and keeps <see cref="StatusInputs.NetworkUp"/> current.</summary>
    /// <remarks>The ESP32 Wi-Fi driver reconnects by itself, also after a failed first attempt;
    /// this hands it the network once (a flash write), waits for the address, and reports
    /// availability changes.</remarks>
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
            bool configure = named;
            while (!status.NetworkUp)
            {
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                bool ok;
                if (configure)
                    ok = WifiNetworkHelper.ConnectDhcp(settings.wifiSsid, settings.wifiPassword,
                        System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0, cts.Token);
                else
                    ok = WifiNetworkHelper.Reconnect(false, 0, cts.Token);
                status.NetworkUp = ok;
                if (!ok)
                {
                    failures++;
                    // ConnectDhcp disconnects and writes the Wi-Fi configuration to flash every time
                    // (System.Device.Wifi 282a906, WifiNetworkHelper.cs:371-374,435-444). Once the
                    // driver has it, it retries by itself after each failure (nf-interpreter a3e8139,
                    // NF_ESP32_Wireless.cpp:289, targetHAL_Network.cpp:217-220): later attempts only
                    // wait for the address. Only an exception in the helper (the driver may never have
                    // been told) configures again, at attempts 1, 2, 4, 8, ... so no fault can wear the flash.
                    configure = named && WifiNetworkHelper.Status == NetworkHelperStatus.ExceptionOccurred
                        && (failures & (failures - 1)) == 0;
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
