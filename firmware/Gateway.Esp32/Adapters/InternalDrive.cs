using System;
using System.IO;
using Gateway.Core.Settings;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The size of the internal drive I:, which <see cref="FlashBudget"/> shares out.</summary>
    /// <remarks>
    /// nanoFramework's ESP32 LittleFS driver reports no size (nf-interpreter a3e8139,
    /// targets/ESP32/_littlefs/littlefs_FS_Driver.cpp, GetSizeInfo: -1), so DriveInfo.TotalSize is
    /// -1 there and the box assumes the drive of the BOM's 4 MB module: on a larger module the
    /// journal is smaller than it could be, never larger than the drive. The block size has no
    /// API at all; esp_littlefs fixes it at 4096 on the ESP32.
    /// </remarks>
    internal static class InternalDrive
    {
        /// <summary>Bytes of I: as reported, or the 4 MB module's partition when the runtime does not say.</summary>
        public static int SizeBytes()
        {
            try
            {
                long total = new DriveInfo("I:").TotalSize;
                if (total > 0 && total <= int.MaxValue) return (int)total;
            }
            catch (Exception)
            {
                // No size to be had: the assumption below is the safe one.
            }
            return FlashBudget.FourMbModuleDriveBytes;
        }
    }
}
