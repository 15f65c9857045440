using System;
using System.Net.NetworkInformation;

namespace Gateway.Esp32.Adapters
{
    /// <summary>What only the hardware knows: the factory MAC (the box's <c>hw</c> in status and
    /// records) and random bits for a fresh journal's epoch (docs/journal-and-flash.md).</summary>
    internal static class HardwareIdentity
    {
        /// <summary>The Wi-Fi station MAC, which the ESP32 takes from its factory (eFuse) base MAC,
        /// as 12 lowercase hex digits; "" when no interface reports one.</summary>
        public static string FactoryMac()
        {
            NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
            byte[] mac = null;
            for (int i = 0; i < all.Length && mac == null; i++)
                if (all[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211) mac = all[i].PhysicalAddress;
            if (mac == null && all.Length > 0) mac = all[0].PhysicalAddress;
            if (mac == null || mac.Length != 6) return "";
            char[] c = new char[12];
            for (int i = 0; i < 6; i++)
            {
                c[2 * i] = HexDigit(mac[i] >> 4);
                c[2 * i + 1] = HexDigit(mac[i] & 0xF);
            }
            return new string(c);
        }

        /// <summary>64 random bits. On the ESP32 nanoFramework's System.Random reads the hardware RNG
        /// (esp_random(), nf-interpreter targets/ESP32/_nanoCLR/targetRandom.cpp), whatever the seed.</summary>
        public static long RandomEpoch()
        {
            byte[] b = new byte[8];
            new Random().NextBytes(b);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | b[i];
            return v;
        }

        private static char HexDigit(int d)
        {
            return (char)(d < 10 ? '0' + d : 'a' + d - 10);
        }
    }
}
