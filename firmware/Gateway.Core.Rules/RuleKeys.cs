namespace Gateway.Core.Rules
{
    /// <summary>The twelve telephone keys (0-9 * #) and their index in a trie node's child bitmap.</summary>
    public static class RuleKeys
    {
        /// <summary>Number of distinct keys: a trie node has at most this many children.</summary>
        public const int Count = 12;

        /// <summary>Longest prefix a rule may have (E.164 numbers are at most 15 digits; access codes and * / # services need room).</summary>
        public const int MaxPrefixLength = 24;

        /// <summary>Index 0-11 of a key (0-9, then * and #), or -1 for anything else.</summary>
        public static int IndexOf(char key)
        {
            if (key >= '0' && key <= '9') return key - '0';
            if (key == '*') return 10;
            if (key == '#') return 11;
            return -1;
        }

        /// <summary>The key with index 0-11.</summary>
        public static char KeyAt(int index)
        {
            if (index < 10) return (char)('0' + index);
            return index == 10 ? '*' : '#';
        }

        /// <summary>True when <paramref name="text"/> is 1-24 keys.</summary>
        public static bool IsKeyString(string text)
        {
            if (text == null || text.Length == 0 || text.Length > MaxPrefixLength) return false;
            for (int i = 0; i < text.Length; i++)
                if (IndexOf(text[i]) < 0) return false;
            return true;
        }
    }
}
