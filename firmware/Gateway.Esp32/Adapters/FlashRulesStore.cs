using System;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The last applied rule set on flash (I:\rules.bin), so a box restarting offline enforces
    /// it, and the rules slot that staged transfers fill (<see cref="RuleTransfer"/>).</summary>
    /// <remarks>
    /// A whole set from rules/set is saved through <see cref="RulesSlotStore"/> (rules.new, then
    /// renamed over rules.bin); a staged transfer ends in the same file. At boot
    /// <see cref="LoadInto"/> restores whichever came last and resumes a transfer cut short.
    /// </remarks>
    internal sealed class FlashRulesStore : IAppliedRulesStore
    {
        private readonly RulesSlotStore _store;
        private readonly FlashLog _log;

        public FlashRulesStore(IRulesSlot slot, FlashLog log)
        {
            _store = new RulesSlotStore(slot);
            _log = log;
        }

        public void Save(byte[] body, bool isImage, string version)
        {
            try
            {
                _store.Save(body, isImage, version);
            }
            catch (Exception e)
            {
                // The link reports it on rules/state ("not saved for restarts"); the log keeps it too.
                _log.Warning("rules: " + version + " not saved for restarts: " + e.Message);
                throw;
            }
            _log.Info("rules: " + version + " saved for restarts");
        }

        /// <summary>Puts the saved rules in force through <paramref name="transfer"/> and resumes a staged
        /// transfer. Null when they are in force, or when none were saved; otherwise the fault to show
        /// (the built-in default stays in force).</summary>
        /// <remarks>Read a chunk at a time: an image never sits in memory next to the trie built from it.</remarks>
        public static string LoadInto(RuleTransfer transfer, RuleBook rules, FlashLog log)
        {
            string reason, version = null, warnings = null;
            try
            {
                reason = transfer.Restore(out version, out warnings);
            }
            catch (Exception e)
            {
                reason = "cannot read it: " + e.Message;
            }
            if (transfer.Manifest != null)
                log.Info("rules: staged transfer of " + transfer.Manifest.Version + " resumes, " + transfer.Received + " of " + transfer.Manifest.ChunkCount + " chunks on flash");
            if (reason == null)
            {
                if (version == null) log.Info("rules: none saved on flash, built-in default until rules arrive");
                else log.Info("rules: " + version + " restored from flash");
                if (warnings != null) log.Warning("rules: " + warnings);
                return null;
            }
            string fault = "rules: the set saved in I:\\" + RuleTransfer.SavedName + " was not restored (" + reason + "): every number is allowed until rules arrive";
            log.Error(fault);
            return fault;
        }
    }
}
