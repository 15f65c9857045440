namespace Gateway.Core.Settings
{
    /// <summary>Which settings the box starts with: the settings file when usable, else the last
    /// settings that worked (with a fault saying why), else none (the box shows Fault and leaves the line alone).</summary>
    /// <remarks>
    /// A bad edit of I:\gateway.json must not switch the line guard off: the last good state is kept.
    /// The adapter parses both files; this decides, so the rule is tested on the host.
    /// </remarks>
    public sealed class SettingsSelection
    {
        /// <summary>The settings to run with, or null when neither file is usable.</summary>
        public BoxSettings Settings;

        /// <summary>Why the box runs in fault (the settings file was refused), or null.</summary>
        public string Fault;

        /// <summary>True when the settings file itself was used: the adapter keeps a copy as the last good one.</summary>
        public bool SaveAsLastGood;

        /// <summary>Decides between the parsed settings file (<paramref name="current"/>, null when
        /// unusable, with <paramref name="currentReasons"/>) and the last good copy (null when missing or unusable).</summary>
        public static SettingsSelection Choose(BoxSettings current, string[] currentReasons, BoxSettings lastGood)
        {
            SettingsSelection s = new SettingsSelection();
            if (current != null)
            {
                s.Settings = current;
                s.SaveAsLastGood = true;
                return s;
            }
            string why = currentReasons != null && currentReasons.Length > 0 ? currentReasons[0] : "unusable";
            if (currentReasons != null && currentReasons.Length > 1) why = why + " (and " + (currentReasons.Length - 1) + " more)";
            if (lastGood != null && lastGood.Validate().Length == 0)
            {
                s.Settings = lastGood;
                s.Fault = "settings: " + why + "; running on the last good settings";
            }
            else s.Fault = "settings: " + why;
            return s;
        }
    }
}
