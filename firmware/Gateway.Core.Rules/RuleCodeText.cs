namespace Gateway.Core.Rules
{
    /// <summary>Reads the authorization code statements of rule text: `codes`, `code`, `lockout` (docs/rules.md).</summary>
    internal static class RuleCodeText
    {
        public static bool IsStatement(byte[] t, int start, int end)
        {
            return RuleTextParser.Is(t, start, end, "codes") || RuleTextParser.Is(t, start, end, "code")
                || RuleTextParser.Is(t, start, end, "lockout");
        }

        /// <summary>Parses one statement line; returns the error (naming the line) or null.</summary>
        public static string Parse(byte[] t, int wordStart, int wordEnd, int stop, int line, RuleSet set)
        {
            // Up to three words after the keyword; a # after white space starts a comment, except where
            // the code prefix (whose keys may be #) is expected.
            bool prefixNext = RuleTextParser.Is(t, wordStart, wordEnd, "codes");
            int[] from = new int[4], to = new int[4];
            int words = 0, pos = wordEnd;
            while (true)
            {
                while (pos < stop && (t[pos] == (byte)' ' || t[pos] == (byte)'\t')) pos++;
                if (pos >= stop || (t[pos] == (byte)'#' && !(prefixNext && words == 0))) break;
                if (words == 4) break;
                from[words] = pos;
                while (pos < stop && t[pos] != (byte)' ' && t[pos] != (byte)'\t') pos++;
                to[words++] = pos;
            }
            RuleCodes codes = set.Codes;
            if (codes == null) codes = set.Codes = new RuleCodes();
            if (RuleTextParser.Is(t, wordStart, wordEnd, "codes"))
            {
                if (words != 2) return Usage(line, "codes PREFIX LENGTH");
                if (codes.CodesLine != 0) return "line " + line + ": a second 'codes' line (first on line " + codes.CodesLine + ")";
                int n = to[0] - from[0];
                bool good = n >= 1 && n <= RuleCodes.MaxPrefixLength;
                for (int i = 0; i < n && good; i++) good = RuleKeys.IndexOf((char)t[from[0] + i]) >= 0;
                if (!good)
                    return "line " + line + ": bad code prefix '" + ShownText.Of(t, from[0], to[0]) + "' (1-" + RuleCodes.MaxPrefixLength + " keys of 0-9 * #)";
                int length = to[1] - from[1] == 1 ? t[from[1]] - (byte)'0' : -1;
                if (length < RuleCodes.MinLength || length > RuleCodes.MaxLength)
                    return "line " + line + ": bad code length '" + ShownText.Of(t, from[1], to[1]) + "' (" + RuleCodes.MinLength + " to " + RuleCodes.MaxLength + " digits)";
                for (int i = 0; i < n; i++) codes.Prefix[i] = (byte)RuleKeys.IndexOf((char)t[from[0] + i]);
                codes.PrefixLength = n;
                codes.CodeLength = length;
                codes.CodesLine = line;
                return codes.EmergencyProblem(new EmergencyNumbers());
            }
            if (RuleTextParser.Is(t, wordStart, wordEnd, "lockout"))
            {
                if (words != 3) return Usage(line, "lockout COUNT WINDOW DURATION");
                if (codes.LockoutLine != 0) return "line " + line + ": a second 'lockout' line (first on line " + codes.LockoutLine + ")";
                int count = -1;
                if (to[0] - from[0] <= 2)
                {
                    count = 0;
                    for (int i = from[0]; i < to[0] && count >= 0; i++)
                        count = t[i] >= (byte)'0' && t[i] <= (byte)'9' ? count * 10 + t[i] - (byte)'0' : -1;
                }
                if (count < 1 || count > RuleCodes.MaxLockoutCount)
                    return "line " + line + ": bad lockout count '" + ShownText.Of(t, from[0], to[0]) + "' (1 to " + RuleCodes.MaxLockoutCount + " wrong codes)";
                int window = RuleDuration.Parse(t, from[1], to[1]);
                if (window < 0) return BadDuration(t, from[1], to[1], line);
                int duration = RuleDuration.Parse(t, from[2], to[2]);
                if (duration < 0) return BadDuration(t, from[2], to[2], line);
                codes.LockoutCount = count;
                codes.LockoutWindowSeconds = window;
                codes.LockoutSeconds = duration;
                codes.LockoutLine = line;
                return null;
            }
            // code LABEL CLASS SALT:HASH
            if (words != 3) return Usage(line, "code LABEL CLASS SALT:HASH");
            int labelLength = to[0] - from[0];
            bool labelGood = labelLength >= 1 && labelLength <= RuleCodes.MaxLabelLength;
            for (int i = from[0]; i < to[0] && labelGood; i++) labelGood = IsLabelChar(t[i]);
            if (!labelGood)
                return "line " + line + ": bad code label '" + ShownText.Of(t, from[0], to[0]) + "' (1-" + RuleCodes.MaxLabelLength + " of a-z A-Z 0-9 - _)";
            string label = Text(t, from[0], to[0]);
            int existing = codes.IndexOfLabel(label);
            if (existing >= 0) return "line " + line + ": code label '" + label + "' is used twice (first on line " + codes.Lines[existing] + ")";
            if (codes.Count == RuleCodes.MaxCodes) return "line " + line + ": more than " + RuleCodes.MaxCodes + " codes";
            byte[] salt = new byte[RuleCodes.SaltBytes], hash = new byte[Sha256.DigestBytes];
            int h = from[2];
            bool hashGood = to[2] - h == 2 * RuleCodes.SaltBytes + 1 + 2 * Sha256.DigestBytes && t[h + 2 * RuleCodes.SaltBytes] == (byte)':'
                && Hex(t, h, salt) && Hex(t, h + 2 * RuleCodes.SaltBytes + 1, hash);
            if (!hashGood)
                return "line " + line + ": bad code hash '" + ShownText.Of(t, from[2], to[2]) + "' (SALT:HASH, " + 2 * RuleCodes.SaltBytes + " and "
                    + 2 * Sha256.DigestBytes + " hex digits; gateway rules code-hash CODE writes one)";
            codes.Add(label, Text(t, from[1], to[1]), salt, hash, line);
            int same = codes.SameAs(codes.Count - 1);
            if (same >= 0)
                return "line " + line + ": code '" + label + "' has the salt and hash of code '" + codes.Labels[same] + "' on line " + codes.Lines[same] + " (the same code twice)";
            return null;
        }

        /// <summary>True for the characters a code label may hold: a-z A-Z 0-9 - _.</summary>
        internal static bool IsLabelChar(int b)
        {
            return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
        }

        // Hex digits at t[start..] into every byte of <into>.
        private static bool Hex(byte[] t, int start, byte[] into)
        {
            for (int i = 0; i < into.Length; i++)
            {
                int hi = Nibble(t[start + 2 * i]), lo = Nibble(t[start + 2 * i + 1]);
                if (hi < 0 || lo < 0) return false;
                into[i] = (byte)((hi << 4) | lo);
            }
            return true;
        }

        private static int Nibble(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9') return b - (byte)'0';
            if (b >= (byte)'A' && b <= (byte)'F') return b - (byte)'A' + 10;
            if (b >= (byte)'a' && b <= (byte)'f') return b - (byte)'a' + 10;
            return -1;
        }

        private static string Usage(int line, string form)
        {
            return "line " + line + ": expected '" + form + "'";
        }

        private static string BadDuration(byte[] t, int start, int end, int line)
        {
            return "line " + line + ": bad duration '" + ShownText.Of(t, start, end) + "' (a whole number and s, m or h, 1s to 24h, e.g. 10m)";
        }

        private static string Text(byte[] t, int start, int end)
        {
            char[] chars = new char[end - start];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)t[start + i];
            return new string(chars);
        }
    }
}
