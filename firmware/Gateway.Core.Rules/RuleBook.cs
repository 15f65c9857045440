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
        // Every cursor handed out, so that Unload can make them let go of the old trie.
        private RuleCursor[] _cursors = new RuleCursor[0];

        /// <summary>Default profile plus <paramref name="extraEmergencyNumbers"/> (from the device settings; may be null); allows everything until rules are applied.</summary>
        public RuleBook(string[] extraEmergencyNumbers)
        {
            Emergency = new EmergencyNumbers(extraEmergencyNumbers);
            Lockout = new CodeLockout();
            RuleTrie none = RuleTrieBuilder.Build(new RuleSet(), "");
            _current = new RulesInForce(none, Emergency, "");
        }

        /// <summary>Default emergency profile, no rules (everything allowed).</summary>
        public RuleBook() : this(null) { }

        /// <summary>Numbers that always get through.</summary>
        public EmergencyNumbers Emergency { get; private set; }

        /// <summary>The box's authorization code lockout: one for all its lines, kept across rule updates, cleared by a restart.</summary>
        public CodeLockout Lockout { get; private set; }

        /// <summary>The compiled rules in force.</summary>
        public RuleTrie Trie { get { return _current.Trie; } }

        /// <inheritdoc/>
        public string Version { get { return _current.Version; } }

        /// <summary>Trie, emergency paths and version, swapped as one reference so a cursor never sees a mix.</summary>
        internal RulesInForce Current { get { return _current; } }

        /// <summary>Warnings of the last successful update (null when none).</summary>
        public string Warnings { get; private set; }

        /// <summary>A cursor over the rules in force.</summary>
        public RuleCursor CreateCursor()
        {
            RuleCursor cursor = new RuleCursor(this);
            RuleCursor[] more = new RuleCursor[_cursors.Length + 1];
            for (int i = 0; i < _cursors.Length; i++) more[i] = _cursors[i];
            more[_cursors.Length] = cursor;
            _cursors = more;
            return cursor;
        }

        /// <summary>Puts the built-in default in force (emergency numbers, allow the rest) and makes
        /// every cursor let go of the old trie, so that its memory can be reused before a large set
        /// is loaded (at most one trie in RAM). Only between calls: a cursor in a call is reset too.</summary>
        public void Unload()
        {
            RuleTrie none = RuleTrieBuilder.Build(new RuleSet(), "");
            _current = new RulesInForce(none, Emergency, "");
            Warnings = null;
            for (int i = 0; i < _cursors.Length; i++) _cursors[i].Reset();
        }

        /// <summary>Like <see cref="TryApply"/> for an image read a chunk at a time (a staged transfer
        /// from the network): a block rule aimed at an emergency number refuses the set.</summary>
        public bool TryApplyImageUpdate(IRuleImageSource source, string version, out string reason, out string warnings)
        {
            return TryApplyImageUpdate(source, null, version, out reason, out warnings);
        }

        /// <summary>Like <see cref="TryApplyImageUpdate(IRuleImageSource, string, out string, out string)"/>;
        /// with <paramref name="storedAt"/> the set's largest arrays are read from there, not copied
        /// (<see cref="RuleImage.TryRead(IRuleImageSource, IRuleImageFile, out RuleTrie, out string)"/>).</summary>
        public bool TryApplyImageUpdate(IRuleImageSource source, IRuleImageFile storedAt, string version, out string reason, out string warnings)
        {
            warnings = null;
            RuleTrie trie;
            try
            {
                if (!RuleImage.TryRead(source, storedAt, out trie, out reason)) return false;
            }
            catch (System.OutOfMemoryException)
            {
                reason = "rule image too large for this box's memory";
                return false;
            }
            string targeting = EmergencyTargetingRules(trie, Emergency);
            if (targeting != null)
            {
                reason = "an update may never block emergency numbers: " + targeting;
                return false;
            }
            return Apply(trie, version, out reason, out warnings);
        }

        /// <summary>What a call session plugs in (see <see cref="IRuleCursorSource"/>).</summary>
        IRuleCursor IRuleCursorSource.CreateCursor() { return CreateCursor(); }

        /// <summary>Applies an update from the network (rules/set). Like <see cref="TryLoad"/>, but
        /// refuses a set in which a block rule targets an emergency number itself (see
        /// <see cref="EmergencyTargetingRules"/>); the old rules stay in force.</summary>
        /// <remarks>
        /// Emergency numbers get through whatever the rules say, so such a rule could never take
        /// effect; but a backend that sends one is mistaken or hostile, and refusing it makes the
        /// mistake visible on rules/state and the "rules refused" LED instead of leaving a rule in
        /// force that reads as if it worked. Broad rules that merely cover an emergency number
        /// (`block 1`, `default block`) are accepted with a warning: they have a real purpose and the
        /// built-in override keeps the emergency numbers open.
        /// </remarks>
        public bool TryApply(byte[] body, bool isImage, string version, out string reason, out string warnings)
        {
            warnings = null;
            RuleTrie trie;
            if (!TryBuild(body, isImage, version, out trie, out reason)) return false;
            string targeting = EmergencyTargetingRules(trie, Emergency);
            if (targeting != null)
            {
                reason = "an update may never block emergency numbers: " + targeting;
                return false;
            }
            return Apply(trie, version, out reason, out warnings);
        }

        /// <summary>Loads rules from a local source (a file named by the installer or on the command
        /// line): a set that would block an emergency number loads, the number still gets through, and
        /// <paramref name="warnings"/> names the rule. A bad set is refused with the reason and the old
        /// rules stay in force.</summary>
        public bool TryLoad(byte[] body, bool isImage, string version, out string reason, out string warnings)
        {
            warnings = null;
            RuleTrie trie;
            if (!TryBuild(body, isImage, version, out trie, out reason)) return false;
            return Apply(trie, version, out reason, out warnings);
        }

        // Parses or checks the whole update before anything is replaced.
        private static bool TryBuild(byte[] body, bool isImage, string version, out RuleTrie trie, out string reason)
        {
            trie = null;
            if (body == null || body.Length == 0)
            {
                // An empty retained message means "delete", never "no rules"; clearing takes `default allow`.
                reason = "empty rule update (to clear the rules send the text 'default allow')";
                return false;
            }
            try
            {
                if (isImage) return RuleImage.TryRead(body, out trie, out reason);
                RuleSet rules;
                if (!RuleTextParser.TryParse(body, out rules, out reason)) return false;
                trie = RuleTrieBuilder.Build(rules, version);
                return true;
            }
            catch (System.OutOfMemoryException)
            {
                // The old rules are untouched until Install's single reference write.
                trie = null;
                reason = "rule set too large for this box's memory (" + body.Length + " bytes" + (isImage ? "" : " of text; send a compiled image") + ")";
                return false;
            }
        }

        /// <summary>Like <see cref="TryApply"/> for an image read a chunk at a time (e.g. from flash at
        /// boot), so the whole image is never in memory next to the trie built from it.</summary>
        public bool TryApplyImage(IRuleImageSource source, string version, out string reason, out string warnings)
        {
            return TryApplyImage(source, null, version, out reason, out warnings);
        }

        /// <summary>Like <see cref="TryApplyImage(IRuleImageSource, string, out string, out string)"/>;
        /// with <paramref name="storedAt"/> the set's largest arrays are read from there, not copied.</summary>
        public bool TryApplyImage(IRuleImageSource source, IRuleImageFile storedAt, string version, out string reason, out string warnings)
        {
            warnings = null;
            try
            {
                RuleTrie trie;
                if (!RuleImage.TryRead(source, storedAt, out trie, out reason)) return false;
                return Apply(trie, version, out reason, out warnings);
            }
            catch (System.OutOfMemoryException)
            {
                reason = "rule image too large for this box's memory";
                return false;
            }
        }

        // An empty version takes the one the image carries.
        private bool Apply(RuleTrie trie, string version, out string reason, out string warnings)
        {
            warnings = null;
            // The box's own emergency numbers (the settings may add some) come first: a code prefix that
            // overlaps one would take it for a code entry, or never be reached.
            reason = trie.Codes == null ? null : trie.Codes.EmergencyProblem(Emergency);
            if (reason != null) return false;
            if (version == null || version.Length == 0) version = trie.Version;
            Install(trie, version);
            warnings = Warnings;
            return true;
        }

        /// <summary>Puts an already compiled trie in force (tools, tests).</summary>
        public void Install(RuleTrie trie, string version)
        {
            string warnings = EmergencyWarnings(trie, Emergency);
            _current = new RulesInForce(trie, Emergency, version == null ? "" : version);
            Warnings = warnings;
        }

        /// <summary>Names the block rules aimed at an emergency number itself: `block N` for an
        /// emergency number N, or a block rule that extends it (`block 1101`); null when there is none.
        /// Shorter rules that only cover a number (`block 1`, `default block`) are not listed.</summary>
        public static string EmergencyTargetingRules(RuleTrie trie, EmergencyNumbers emergency)
        {
            return ListEmergencyBlocks(trie, emergency, true);
        }

        /// <summary>Names every rule that would block an emergency number (which still gets
        /// through): the rule that decides the number itself, and block rules that extend it.</summary>
        public static string EmergencyWarnings(RuleTrie trie, EmergencyNumbers emergency)
        {
            return ListEmergencyBlocks(trie, emergency, false);
        }

        // targetedOnly: only rules at or below an emergency number (a reason, one line); otherwise
        // also the broader rule that decides it (warnings, a line each).
        private static string ListEmergencyBlocks(RuleTrie trie, EmergencyNumbers emergency, bool targetedOnly)
        {
            string separator = targetedOnly ? "; " : "\n";
            string text = null;
            int listed = 0, more = 0;
            char[] written = new char[RuleKeys.MaxPrefixLength * 16];
            for (int c = 0; c < trie.ClassCount; c++)
            {
                string inClass = trie.ClassNames[c].Length > 0 ? "class " + trie.ClassNames[c] + ": " : "";
                for (int i = 0; i < emergency.Count; i++)
                {
                    string number = emergency[i];
                    int length;
                    if (trie.Match(c, number, out length) == RuleVerdict.Block)
                    {
                        if (!targetedOnly)
                        {
                            string rule = length == 0 ? "default block" : "block " + Written(trie, c, number, length, written);
                            Append(ref text, ref listed, ref more, inClass + "rule '" + rule + "' would block emergency number " + number + " (it still gets through)", separator);
                        }
                        else if (length == number.Length)
                        {
                            Append(ref text, ref listed, ref more, inClass + "rule 'block " + Written(trie, c, number, length, written) + "' targets emergency number " + number, separator);
                        }
                    }
                    RuleSet below = new RuleSet();
                    trie.CollectBlocksBelow(c, number, below, MaxWarningsListed + 1);
                    for (int j = 0; j < below.Count; j++)
                    {
                        string prefix = below.PrefixAt(j);
                        string rule = inClass + "rule 'block " + Written(trie, c, prefix, prefix.Length, written) + "'";
                        Append(ref text, ref listed, ref more, targetedOnly
                            ? rule + " targets calls to emergency number " + number
                            : rule + " would block calls to emergency number " + number + " (they still get through)", separator);
                    }
                }
            }
            if (more > 0) text = text + (targetedOnly ? "; further rules left out" : "\n(further warnings left out)");
            return text;
        }

        // The deciding rule for keys[0..length) as written: its wildcard pattern, or the keys themselves.
        private static string Written(RuleTrie trie, int c, string keys, int length, char[] buffer)
        {
            for (int i = 0; i < length; i++) buffer[i] = keys[i];
            int p = trie.DecidingPattern(c, buffer, 0, length);
            if (p < 0) return keys.Substring(0, length);
            return new string(buffer, 0, trie.AppendPattern(buffer, 0, p));
        }

        private static void Append(ref string text, ref int listed, ref int more, string line, string separator)
        {
            if (listed >= MaxWarningsListed) { more++; return; }
            text = text == null ? line : text + separator + line;
            listed++;
        }
    }
}
