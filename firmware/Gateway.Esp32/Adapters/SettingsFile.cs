using System;
using System.IO;
using Gateway.Core.Settings;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Reads I:\gateway.json into <see cref="BoxSettings"/>; Core validates it.</summary>
    internal static class SettingsFile
    {
        /// <summary>The settings, or null with <paramref name="reasons"/> saying why they cannot be used
        /// (also when the rules and a useful outbox do not fit an I: drive of <paramref name="driveBytes"/>).</summary>
        public static BoxSettings Load(string path, int driveBytes, out string[] reasons)
        {
            if (!File.Exists(path))
            {
                reasons = new string[] { path + " not found: write it with nanoff --filedeployment (docs/installer.md)" };
                return null;
            }
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e)
            {
                reasons = new string[] { path + " cannot be read: " + e.Message };
                return null;
            }
            string error;
            BoxSettings settings = BoxSettingsJson.Read(bytes, path, out error);
            if (settings == null)
            {
                reasons = new string[] { error };
                return null;
            }
            reasons = settings.Validate(driveBytes, FlashBudget.Esp32BlockBytes);
            return reasons.Length == 0 ? settings : null;
        }

        /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> unless they already hold
        /// the same bytes (flash wear); true when they differed (new settings). A failure is logged, never fatal.</summary>
        public static bool KeepCopy(string from, string to, FlashLog log)
        {
            try
            {
                byte[] bytes = File.ReadAllBytes(from);
                if (File.Exists(to) && Same(bytes, File.ReadAllBytes(to))) return false;
                File.WriteAllBytes(to, bytes);
                return true;
            }
            catch (Exception e)
            {
                log.Warning("settings: cannot keep a copy in " + to + ": " + e.Message);
                return true;
            }
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }
    }
}
