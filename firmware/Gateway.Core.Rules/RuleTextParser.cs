namespace Gateway.Core.Rules
{
    /// <summary>Reads rule text (UTF-8/ASCII bytes): `class NAME`, `allow PATTERN`, `block PATTERN`, `default allow|block`, `#` comments.</summary>
    /// <remarks>
    /// Works on the bytes directly (the device library has no text decoder) and builds no string
    /// per line, so a large update does not churn the heap. A `#` starts a comment only at the
    /// start of a line or after white space, because `#` is also a key inside prefixes.
    /// </remarks>
    public static class RuleTextParser
    {
        /// <summary>Parses and normalizes <paramref name="text"/>; on failure <paramref name="error"/> names the line.</summary>
        public static bool TryParse(byte[] text, out RuleSet rules, out string error)
        {
            rules = null;
            RuleSet set = new RuleSet();
            ParseState state = new ParseState();
            int pos = 0, line = 0, n = text == null ? 0 : text.Length;
            if (n >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) pos = 3; // UTF-8 byte order mark
            while (pos < n)
            {
                line++;
                int end = pos;
                while (end < n && text[end] != (byte)'\n') end++;
                int stop = end;
                if (stop > pos && text[stop - 1] == (byte)'\r') stop--;
                error = ParseLine(text, pos, stop, line, set, state);
                if (error != null) return false;
                pos = end + 1;
            }
            if (set.Schedule != null)
            {
                error = set.Schedule.Resolve(set);
                if (error != null) return false;
            }
            error = set.Normalize();
            if (error != null) return false;
            rules = set;
            return true;
        }

        private static bool IsSpace(byte b) { return b == (byte)' ' || b == (byte)'\t'; }

        // What one line needs to know of the lines before it.
        private sealed class ParseState
        {
            public int Class;                   // class the rules being read belong to
            public int FirstUnclassedLine;      // first rule or default before any class line, 0 when none
            public readonly int[] ClassLines = new int[RuleSet.MaxClasses];
            public readonly ushort[] Sets = new ushort[RuleKeys.MaxPrefixLength];
        }

        private static string ParseLine(byte[] t, int pos, int stop, int line, RuleSet set, ParseState state)
        {
            while (pos < stop && IsSpace(t[pos])) pos++;
            if (pos == stop || t[pos] == (byte)'#') return null;

            int wordStart = pos;
            while (pos < stop && !IsSpace(t[pos])) pos++;
            int wordEnd = pos;
            if (RuleScheduleText.IsStatement(t, wordStart, wordEnd))
                return RuleScheduleText.Parse(t, wordStart, wordEnd, stop, line, set);
            while (pos < stop && IsSpace(t[pos])) pos++;
            int argStart = pos;
            while (pos < stop && !IsSpace(t[pos])) pos++;
            int argEnd = pos;
            while (pos < stop && IsSpace(t[pos])) pos++;
            // `allow PATTERN limit DURATION`: a talk time limit for the calls the rule allows.
            int limit = 0, limitEnd = argEnd;
            if (pos + 5 < stop && Is(t, pos, pos + 5, "limit") && IsSpace(t[pos + 5]) && Is(t, wordStart, wordEnd, "allow"))
            {
                pos += 5;
                while (pos < stop && IsSpace(t[pos])) pos++;
                int durationStart = pos;
                while (pos < stop && !IsSpace(t[pos])) pos++;
                limit = RuleDuration.Parse(t, durationStart, pos);
                if (limit < 0) return BadDuration(t, durationStart, pos, line);
                limitEnd = pos;
                while (pos < stop && IsSpace(t[pos])) pos++;
            }
            if (pos < stop && t[pos] != (byte)'#')
                return "line " + line + ": unexpected '" + ShownText.Of(t, pos, stop) + "' after '" + ShownText.Of(t, wordStart, limitEnd) + "' (one rule per line)";

            if (Is(t, wordStart, wordEnd, "class")) return ParseClass(t, argStart, argEnd, line, set, state);
            if (Is(t, wordStart, wordEnd, "limit")) return ParseClassLimit(t, argStart, argEnd, line, set, state);
            bool isDefault = Is(t, wordStart, wordEnd, "default");
            bool block = Is(t, wordStart, wordEnd, "block");
            if (!isDefault && !block && !Is(t, wordStart, wordEnd, "allow"))
                return "line " + line + ": unknown action '" + ShownText.Of(t, wordStart, wordEnd) + "' (expected allow, block or default)";
            if (argStart == argEnd)
                return "line " + line + ": missing " + (isDefault ? "action after 'default' (allow or block)" : "prefix after '" + ShownText.Of(t, wordStart, wordEnd) + "'");
            if (!set.HasNamedClasses && state.FirstUnclassedLine == 0) state.FirstUnclassedLine = line;
            int c = state.Class;

            if (isDefault)
            {
                RuleVerdict action;
                if (Is(t, argStart, argEnd, "allow")) action = RuleVerdict.Allow;
                else if (Is(t, argStart, argEnd, "block")) action = RuleVerdict.Block;
                else return "line " + line + ": unknown default '" + ShownText.Of(t, argStart, argEnd) + "' (expected allow or block)";
                if (set.DefaultLineOf(c) != 0 && set.DefaultOf(c) != action)
                    return "line " + line + ": default " + (action == RuleVerdict.Block ? "block" : "allow") + " contradicts the default on line " + set.DefaultLineOf(c);
                if (set.DefaultLineOf(c) == 0) set.SetDefaultLine(c, line);
                set.SetDefault(c, action);
                return null;
            }

            // Positions: a key, x (any digit) or a digit set [2-5]; a plain prefix is stored as is.
            ushort[] sets = state.Sets;
            int length = 0;
            bool wild = false;
            for (int i = argStart; i < argEnd; i++)
            {
                int set1;
                byte b = t[i];
                if (b == (byte)'x') set1 = RuleSet.AnyDigit;
                else if (b == (byte)'[')
                {
                    int close = i + 1;
                    while (close < argEnd && t[close] != (byte)']') close++;
                    set1 = close < argEnd ? DigitSet(t, i + 1, close) : -1;
                    if (set1 <= 0)
                        return "line " + line + ": bad digit set '" + ShownText.Of(t, i, close < argEnd ? close + 1 : argEnd) + "' in prefix '" + ShownText.Of(t, argStart, argEnd)
                            + "' (digits and ranges between [ and ], e.g. [2-5] or [13])";
                    i = close;
                }
                else
                {
                    int k = RuleKeys.IndexOf((char)b);
                    if (k < 0)
                        return "line " + line + ": bad key '" + ShownText.Of(t, i, i + 1) + "' in prefix '" + ShownText.Of(t, argStart, argEnd) + "' (keys are 0-9 * #)";
                    set1 = 1 << k;
                }
                if (Bits.PopCount((uint)set1) > 1) wild = true;
                if (length < sets.Length) sets[length] = (ushort)set1;
                length++;
            }
            if (length > RuleKeys.MaxPrefixLength)
                return "line " + line + ": prefix '" + ShownText.Of(t, argStart, argEnd) + "' is too long (" + length + " keys, at most " + RuleKeys.MaxPrefixLength + ")";
            if (wild)
            {
                int expansion = set.AddPattern(c, block, line, sets, length);
                if (expansion == 0)
                    return "line " + line + ": '" + ShownText.Of(t, wordStart, argEnd) + "' stands for " + Expansion(sets, length) + " prefixes, at most " + RuleSet.MaxExpansion;
                if (limit > 0) set.SetLimitOfLast(limit, expansion);
                return null;
            }
            set.BeginRule(block, line, c, -1);
            for (int d = 0; d < length; d++) set.AppendKey(Bits.PopCount((uint)(sets[d] - 1)));
            if (limit > 0) set.SetLimitOfCurrent(limit);
            return null;
        }

        // How many prefixes a pattern stands for, in text (it may not fit an int).
        private static string Expansion(ushort[] sets, int length)
        {
            long product = 1;
            for (int d = 0; d < length; d++)
            {
                product *= Bits.PopCount(sets[d]);
                if (product > 1000000000L) return "more than 1000000000";
            }
            return product.ToString();
        }

        // Digits and ranges between the brackets [start, end): a set of at least two digits, else -1.
        private static int DigitSet(byte[] t, int start, int end)
        {
            int set = 0;
            for (int i = start; i < end; i++)
            {
                int d = t[i] - (byte)'0';
                if (d < 0 || d > 9) return -1;
                if (i + 2 < end && t[i + 1] == (byte)'-')
                {
                    int to = t[i + 2] - (byte)'0';
                    if (to < d || to > 9) return -1;
                    for (int k = d; k <= to; k++) set |= 1 << k;
                    i += 2;
                }
                else set |= 1 << d;
            }
            return Bits.PopCount((uint)set) >= 2 ? set : -1;
        }

        private static string BadDuration(byte[] t, int start, int end, int line)
        {
            return "line " + line + ": bad duration '" + ShownText.Of(t, start, end) + "' (a whole number and s, m or h, 1s to 24h, e.g. 10m)";
        }

        // `limit DURATION`: the class's limit for the calls it allows without a rule limit of their own.
        private static string ParseClassLimit(byte[] t, int start, int end, int line, RuleSet set, ParseState state)
        {
            if (start == end) return "line " + line + ": missing duration after 'limit'";
            int seconds = RuleDuration.Parse(t, start, end);
            if (seconds < 0) return BadDuration(t, start, end, line);
            if (!set.HasNamedClasses && state.FirstUnclassedLine == 0) state.FirstUnclassedLine = line;
            int c = state.Class;
            if (set.ClassLimitLine(c) != 0) return "line " + line + ": a second 'limit' line in this class (first on line " + set.ClassLimitLine(c) + ")";
            set.SetClassLimit(c, seconds);
            set.SetClassLimitLine(c, line);
            return null;
        }

        private static string ParseClass(byte[] t, int start, int end, int line, RuleSet set, ParseState state)
        {
            if (start == end) return "line " + line + ": missing name after 'class'";
            bool good = end - start <= RuleSet.MaxClassNameLength && t[start] >= (byte)'a' && t[start] <= (byte)'z';
            for (int i = start; i < end && good; i++)
            {
                byte b = t[i];
                good = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'-' || b == (byte)'_';
            }
            if (!good)
                return "line " + line + ": bad class name '" + ShownText.Of(t, start, end) + "' (1-" + RuleSet.MaxClassNameLength + " of a-z 0-9 - _, starting with a letter)";
            if (state.FirstUnclassedLine != 0)
                return "line " + line + ": the rule on line " + state.FirstUnclassedLine + " is in no class (with classes, every rule and default follows a class line)";
            char[] chars = new char[end - start];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)t[start + i];
            string name = new string(chars);
            int existing = set.IndexOfClass(name);
            if (set.HasNamedClasses && existing >= 0)
                return "line " + line + ": class '" + name + "' is defined twice (first on line " + state.ClassLines[existing] + ")";
            if (set.HasNamedClasses && set.ClassCount == RuleSet.MaxClasses)
                return "line " + line + ": more than " + RuleSet.MaxClasses + " classes";
            state.Class = set.AddClass(name);
            state.ClassLines[state.Class] = line;
            return null;
        }

        internal static bool Is(byte[] t, int start, int end, string word)
        {
            if (end - start != word.Length) return false;
            for (int i = 0; i < word.Length; i++)
                if (t[start + i] != (byte)word[i]) return false;
            return true;
        }
    }
}
