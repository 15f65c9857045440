using System;
using System.IO;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The last applied rule set on flash (I:\rules.bin), so a box restarting offline enforces it.</summary>
    /// <remarks>
    /// File = one header line "GWR1 &lt;0|1 image&gt; &lt;version&gt;\n" then the body exactly as received.
    /// Written to rules.new, then moved over rules.bin; a cut between the delete and the move
    /// leaves rules.new, which <see cref="LoadInto"/> also accepts.
    /// </remarks>
    internal sealed class FlashRulesStore : IAppliedRulesStore
    {
        private const string Current = "I:\\rules.bin";
        private const string Next = "I:\\rules.new";
        private const string Magic = "GWR1 ";

        private readonly FlashLog _log;

        public FlashRulesStore(FlashLog log)
        {
            _log = log;
        }

        public void Save(byte[] body, bool isImage, string version)
        {
            try
            {
                byte[] header = Utf8.GetBytes(Magic + (isImage ? "1 " : "0 ") + version + "\n");
                using (FileStream f = new FileStream(Next, FileMode.Create, FileAccess.Write))
                {
                    f.Write(header, 0, header.Length);
                    f.Write(body, 0, body.Length);
                    f.Flush();
                }
                if (File.Exists(Current)) File.Delete(Current);
                File.Move(Next, Current);
            }
            catch (Exception e)
            {
                // The link reports it on rules/state ("not saved for restarts"); the log keeps it too.
                _log.Warning("rules: " + version + " not saved for restarts: " + e.Message);
                throw;
            }
            _log.Info("rules: " + version + " saved for restarts");
        }

        /// <summary>Applies the saved rules to <paramref name="rules"/>; false (defaults kept) when none or unusable.</summary>
        public static bool LoadInto(IRuleUpdateTarget rules, FlashLog log)
        {
            string path = File.Exists(Current) ? Current : (File.Exists(Next) ? Next : null);
            if (path == null)
            {
                log.Info("rules: none saved on flash, built-in default until rules arrive");
                return false;
            }
            try
            {
                byte[] file = File.ReadAllBytes(path);
                int nl = 0;
                while (nl < file.Length && file[nl] != (byte)'\n') nl++;  // no boxing Array.IndexOf on the device
                string header = nl == file.Length || nl < Magic.Length + 2 ? null : Utf8.GetString(file, 0, nl);
                if (header == null || !header.StartsWith(Magic))
                {
                    log.Warning("rules: " + path + " has no valid header, built-in default until rules arrive");
                    return false;
                }
                bool isImage = header[Magic.Length] == '1';
                string version = header.Substring(Magic.Length + 2);
                byte[] body = new byte[file.Length - nl - 1];
                Array.Copy(file, nl + 1, body, 0, body.Length);
                string reason, warnings;
                bool ok = rules.TryApply(body, isImage, version, out reason, out warnings);
                if (ok) log.Info("rules: " + version + " restored from flash");
                else log.Warning("rules: saved set " + version + " refused: " + reason);
                return ok;
            }
            catch (Exception e)
            {
                log.Warning("rules: cannot read " + path + ": " + e.Message);
                return false;
            }
        }
    }
}
