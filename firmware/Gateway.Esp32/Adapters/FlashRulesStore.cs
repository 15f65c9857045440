using System;
using System.IO;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The last applied rule set on flash (I:\rules.bin), so a box restarting offline enforces it.</summary>
    /// <remarks>
    /// File format: <see cref="AppliedRulesFile"/> (a header line, then the body exactly as received).
    /// Written to rules.new, then moved over rules.bin; a cut between the delete and the move
    /// leaves rules.new, which <see cref="LoadInto"/> also accepts.
    /// </remarks>
    internal sealed class FlashRulesStore : IAppliedRulesStore
    {
        private const string Current = "I:\\rules.bin";
        private const string Next = "I:\\rules.new";

        private readonly FlashLog _log;

        public FlashRulesStore(FlashLog log)
        {
            _log = log;
        }

        public void Save(byte[] body, bool isImage, string version)
        {
            try
            {
                byte[] header = AppliedRulesFile.Header(isImage, version);
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

        /// <summary>Puts the saved rules in force in <paramref name="rules"/>. Null when they are, or when
        /// none were saved; otherwise the fault to show (the built-in default stays in force).</summary>
        /// <remarks>Read a chunk at a time (AppliedRulesFile): an image never sits in memory next to
        /// the trie built from it; a text set needs its body once.</remarks>
        public static string LoadInto(RuleBook rules, FlashLog log)
        {
            string path = File.Exists(Current) ? Current : (File.Exists(Next) ? Next : null);
            if (path == null)
            {
                log.Info("rules: none saved on flash, built-in default until rules arrive");
                return null;
            }
            string reason, version = null, warnings = null;
            try
            {
                using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    reason = f.Length > int.MaxValue ? "file too large"
                        : AppliedRulesFile.TryRestore(new FileSource(f), (int)f.Length, rules, out version, out warnings);
                }
            }
            catch (Exception e)
            {
                reason = "cannot read it: " + e.Message;
            }
            if (reason == null)
            {
                log.Info("rules: " + version + " restored from flash");
                if (warnings != null) log.Warning("rules: " + warnings);
                return null;
            }
            string fault = "rules: the set saved in " + path + " was not restored (" + reason + "): every number is allowed until rules arrive";
            log.Error(fault);
            return fault;
        }

        /// <summary>The open file as Core's chunked source.</summary>
        private sealed class FileSource : IRuleImageSource
        {
            private readonly FileStream _file;

            public FileSource(FileStream file)
            {
                _file = file;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                return _file.Read(buffer, offset, count);
            }
        }
    }
}
