using Gateway.Core.Calls;

namespace Gateway.Core.Rules
{
    /// <summary>The rules in force on the box plus its emergency numbers: applies updates (text or image) and hands out cursors.</summary>
    /// <remarks>
    /// An update is parsed or checked completely before it replaces anything, so a bad one leaves
    /// the old rules in force. The trie is swapped with one reference write; cursors pick up the
    /// new rules at their next Reset.
    /// </remarks>
    public sealed class RuleBook : IRuleUpdateTarget, IRuleCursorSource
    {
        /// <summary>Most warnings listed in one message.</summary>
        public const int MaxWarningsListed = 8;

        private RulesInForce _current;

        /// <summary>Default profile plus <paramref name="extraEmergencyNumbers"/> (from the device settings; may be null); allows everything until rules are applied.</summary>
        public RuleBook(string[] extraEmergencyNumbers)
        {
            Emergency = new EmergencyNumbers(extraEmergencyNumbers);
            RuleTrie none = RuleTrieBuilder.Build(new RuleSet(), "");
            _current = new RulesInForce(none, new EmergencyPaths(none, Emergency), "");
        }

        /// <summary>Default emergency profile, no rules (everything allowed).</summary>
        public RuleBook() : this(null) { }

        /// <summary>Numbers that always get through.</summary>
        public EmergencyNumbers Emergency { get; private set; }

        /// <summary>The compiled rules in force.</summary>
        public RuleTrie Trie { get { return _current.Trie; } }

        /// <inheritdoc/>
        public string Version { get { return _current.Version; } }

        /// <summary>Trie, emergency paths and version, swapped as one reference so a cursor never sees a mix.</summary>
        internal RulesInForce Current { get { return _current; } }

        /// <summary>Warnings of the last successful update (null when none).</summary>
        public string Warnings { get; private set; }

        /// <summary>A cursor over the rules in force.</summary>
        public RuleCursor CreateCursor() { return new RuleCursor(this); }

        /// <summary>What a call session plugs in (see <see cref="IRuleCursorSource"/>).</summary>
        IRuleCursor IRuleCursorSource.CreateCursor() { return CreateCursor(); }

        /// <inheritdoc/>
        public bool TryApply(byte[] body, bool isImage, string version, out string reason, out string warnings)
        {
            warnings = null;
            if (body == null || body.Length == 0)
            {
                // An empty retained message means "delete", never "no rules"; clearing takes `default allow`.
                reason = "empty rule update (to clear the rules send the text 'default allow')";
                return false;
            }
            try
            {
                RuleTrie trie;
                if (isImage)
                {
                    if (!RuleImage.TryRead(body, out trie, out reason)) return false;
                }
                else
                {
                    RuleSet rules;
                    if (!RuleTextParser.TryParse(body, out rules, out reason)) return false;
                    trie = RuleTrieBuilder.Build(rules, version);
                }
                return Apply(trie, version, out warnings);
            }
            catch (System.OutOfMemoryException)
            {
                // The old rules are untouched until Install's single reference write.
                reason = "rule set too large for this box's memory (" + body.Length + " bytes" + (isImage ? "" : " of text; send a compiled image") + ")";
                return false;
            }
        }

        /// <summary>Like <see cref="TryApply"/> for an image read a chunk at a time (e.g. from flash at
        /// boot), so the whole image is never in memory next to the trie built from it.</summary>
        public bool TryApplyImage(IRuleImageSource source, string version, out string reason, out string warnings)
        {
            warnings = null;
            try
            {
                RuleTrie trie;
                if (!RuleImage.TryRead(source, out trie, out reason)) return false;
                return Apply(trie, version, out warnings);
            }
            catch (System.OutOfMemoryException)
            {
                reason = "rule image too large for this box's memory";
                return false;
            }
        }

        // An empty version takes the one the image carries.
        private bool Apply(RuleTrie trie, string version, out string warnings)
        {
            if (version == null || version.Length == 0) version = trie.Version;
            Install(trie, version);
            warnings = Warnings;
            return true;
        }

        /// <summary>Puts an already compiled trie in force (tools, tests).</summary>
        public void Install(RuleTrie trie, string version)
        {
            string warnings = EmergencyWarnings(trie, Emergency);
            _current = new RulesInForce(trie, new EmergencyPaths(trie, Emergency), version == null ? "" : version);
            Warnings = warnings;
        }

        /// <summary>Names every rule that would block an emergency number (which still gets
        /// through): the rule that decides the number itself, and block rules that extend it.</summary>
        public static string EmergencyWarnings(RuleTrie trie, EmergencyNumbers emergency)
        {
            string text = null;
            int listed = 0, more = 0;
            for (int i = 0; i < emergency.Count; i++)
            {
                string number = emergency[i];
                int length;
                if (trie.Match(number, out length) == RuleVerdict.Block)
                {
                    string rule = length == 0 ? "default block" : "block " + number.Substring(0, length);
                    Append(ref text, ref listed, ref more, "rule '" + rule + "' would block emergency number " + number + " (it still gets through)");
                }
                RuleSet below = new RuleSet();
                trie.CollectBlocksBelow(number, below, MaxWarningsListed + 1);
                for (int j = 0; j < below.Count; j++)
                    Append(ref text, ref listed, ref more, "rule 'block " + below.PrefixAt(j) + "' would block calls to emergency number " + number + " (they still get through)");
            }
            if (more > 0) text = text + "\n(further warnings left out)";
            return text;
        }

        private static void Append(ref string text, ref int listed, ref int more, string line)
        {
            if (listed >= MaxWarningsListed) { more++; return; }
            text = text == null ? line : text + "\n" + line;
            listed++;
        }
    }
}
