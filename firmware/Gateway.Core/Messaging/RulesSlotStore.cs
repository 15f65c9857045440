namespace Gateway.Core.Messaging
{
    /// <summary>Saves a whole set applied from rules/set into the rules slot, in the same file a staged
    /// transfer ends in (I:\rules.bin), so that <see cref="RuleTransfer.Restore"/> brings back whichever
    /// came last.</summary>
    /// <remarks>Written to the slot's second file, then renamed over the first: a power cut leaves
    /// the old file or the new one (and Restore takes rules.new when rules.bin is gone).</remarks>
    public sealed class RulesSlotStore : IAppliedRulesStore
    {
        private readonly IRulesSlot _slot;

        public RulesSlotStore(IRulesSlot slot)
        {
            if (slot == null) throw new System.ArgumentNullException("slot");
            _slot = slot;
        }

        public void Save(byte[] body, bool isImage, string version)
        {
            byte[] header = AppliedRulesFile.Header(isImage, version);
            _slot.Delete(RulesSlotFile.Staged);
            _slot.Write(RulesSlotFile.Staged, 0, header, 0, header.Length);
            _slot.Write(RulesSlotFile.Staged, header.Length, body, 0, body.Length);
            _slot.Replace(RulesSlotFile.Staged, RulesSlotFile.Saved);
        }
    }
}
