namespace Gateway.Core.Rules
{
    /// <summary>Reads rule text (UTF-8/ASCII bytes): `allow PREFIX`, `block PREFIX`, `default allow|block`, `#` comments.</summary>
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
            int pos = 0, line = 0, n = text == null ? 0 : text.Length;
            if (n >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) pos = 3; // UTF-8 byte order mark
            while (pos < n)
            {
                line++;
                int end = pos;
                while (end < n && text[end] != (byte)'\n') end++;
                int stop = end;
                if (stop > pos && text[stop - 1] == (byte)'\r') stop--;
                error = ParseLine(text, pos, stop, line, set);
                if (error != null) return false;
                pos = end + 1;
            }
            error = set.Normalize();
            if (error != null) return false;
            rules = set;
            return true;
        }

        private static bool IsSpace(byte b) { return b == (byte)' ' || b == (byte)'\t'; }

        private static string ParseLine(byte[] t, int pos, int stop, int line, RuleSet set)
        {
            while (pos < stop && IsSpace(t[pos])) pos++;
            if (pos == stop || t[pos] == (byte)'#') return null;

            int wordStart = pos;
            while (pos < stop && !IsSpace(t[pos])) pos++;
            int wordEnd = pos;
            while (pos < stop && IsSpace(t[pos])) pos++;
            int argStart = pos;
            while (pos < stop && !IsSpace(t[pos])) pos++;
            int argEnd = pos;
            while (pos < stop && IsSpace(t[pos])) pos++;
            if (pos < stop && t[pos] != (byte)'#')
                return "line " + line + ": unexpected '" + ShownText.Of(t, pos, stop) + "' after '" + ShownText.Of(t, wordStart, argEnd) + "' (one rule per line)";

            bool isDefault = Is(t, wordStart, wordEnd, "default");
            bool block = Is(t, wordStart, wordEnd, "block");
            if (!isDefault && !block && !Is(t, wordStart, wordEnd, "allow"))
                return "line " + line + ": unknown action '" + ShownText.Of(t, wordStart, wordEnd) + "' (expected allow, block or default)";
            if (argStart == argEnd)
                return "line " + line + ": missing " + (isDefault ? "action after 'default' (allow or block)" : "prefix after '" + ShownText.Of(t, wordStart, wordEnd) + "'");

            if (isDefault)
            {
                RuleVerdict action;
                if (Is(t, argStart, argEnd, "allow")) action = RuleVerdict.Allow;
                else if (Is(t, argStart, argEnd, "block")) action = RuleVerdict.Block;
                else return "line " + line + ": unknown default '" + ShownText.Of(t, argStart, argEnd) + "' (expected allow or block)";
                if (set.DefaultLine != 0 && set.Default != action)
                    return "line " + line + ": default " + (action == RuleVerdict.Block ? "block" : "allow") + " contradicts the default on line " + set.DefaultLine;
                if (set.DefaultLine == 0) set.DefaultLine = line;
                set.Default = action;
                return null;
            }

            int length = argEnd - argStart;
            for (int i = argStart; i < argEnd; i++)
                if (RuleKeys.IndexOf((char)t[i]) < 0)
                    return "line " + line + ": bad key '" + ShownText.Of(t, i, i + 1) + "' in prefix '" + ShownText.Of(t, argStart, argEnd) + "' (keys are 0-9 * #)";
            if (length > RuleKeys.MaxPrefixLength)
                return "line " + line + ": prefix '" + ShownText.Of(t, argStart, argEnd) + "' is too long (" + length + " keys, at most " + RuleKeys.MaxPrefixLength + ")";
            set.BeginRule(block, line);
            for (int i = argStart; i < argEnd; i++) set.AppendKey(RuleKeys.IndexOf((char)t[i]));
            return null;
        }

        private static bool Is(byte[] t, int start, int end, string word)
        {
            if (end - start != word.Length) return false;
            for (int i = 0; i < word.Length; i++)
                if (t[start + i] != (byte)word[i]) return false;
            return true;
        }
    }
}
