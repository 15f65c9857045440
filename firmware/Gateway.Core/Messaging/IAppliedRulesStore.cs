namespace Gateway.Core.Messaging
{
    /// <summary>Keeps the last rule set applied from the network across restarts (device: a file in
    /// flash), so that a box restarting without network enforces its rules, not the default.</summary>
    /// <remarks>
    /// At boot the app loads what was saved and applies it (RuleBook.TryApply) before it connects;
    /// the retained rules/set replay is then answered "unchanged". Save is called only after the
    /// rules engine accepted the update, under the link's lock; it should write a new file and
    /// rename it over the old one, so that a power cut leaves either set whole.
    /// </remarks>
    public interface IAppliedRulesStore
    {
        void Save(byte[] body, bool isImage, string version);
    }
}
