namespace Gateway.Core
{
    /// <summary>Input quoted in a message: clipped and masked, so any bad input makes a short, printable message.</summary>
    /// <remarks>
    /// A message echoes what it refuses, but the input may be megabytes long or carry escape
    /// sequences meant for a terminal or a log viewer. Each byte or char is shown as itself only
    /// when it is printable ASCII, else as '?', and at most <see cref="MaxChars"/> are shown.
    /// It lives in the lowest assembly, beside the rule text parser, so every assembly above can use it.
    /// </remarks>
    public static class ShownText
    {
        /// <summary>Most characters of the input a message shows; "..." marks a cut.</summary>
        public const int MaxChars = 40;

        /// <summary>Bytes <paramref name="start"/> to <paramref name="end"/> (exclusive) of <paramref name="t"/>, one char each.</summary>
        public static string Of(byte[] t, int start, int end)
        {
            int n = end - start > MaxChars ? MaxChars : end - start;
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = Shown(t[start + i]);
            return end - start > MaxChars ? new string(c) + "..." : new string(c);
        }

        /// <summary>The text <paramref name="s"/>, clipped and masked the same way.</summary>
        public static string Of(string s)
        {
            int n = s.Length > MaxChars ? MaxChars : s.Length;
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = Shown(s[i]);
            return s.Length > MaxChars ? new string(c) + "..." : new string(c);
        }

        private static char Shown(int code)
        {
            return code >= 0x20 && code < 0x7F ? (char)code : '?';
        }
    }
}
