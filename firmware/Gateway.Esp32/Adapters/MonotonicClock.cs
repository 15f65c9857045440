using nanoFramework.Hardware.Esp32;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Milliseconds since boot from the ESP32's 64-bit microsecond timer (esp_timer): monotonic, unaffected by SNTP.</summary>
    internal static class MonotonicClock
    {
        public static long NowMs()
        {
            return (long)(HighResTimer.GetCurrent() / 1000UL);
        }
    }
}
