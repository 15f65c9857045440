namespace Gateway.Core.Line
{
    /// <summary>National break-count to key maps for decadic dialling (index = breaks - 1).</summary>
    public static class PulseDigitMap
    {
        /// <summary>Most countries (ITU-T Q.400-series practice): n breaks = n, 10 breaks = 0.</summary>
        public const string Standard = "1234567890";

        /// <summary>Sweden: 1 break = 0, n breaks = n - 1.</summary>
        public const string Sweden = "0123456789";

        /// <summary>New Zealand: n breaks = 10 - n, 10 breaks = 0.</summary>
        public const string NewZealand = "9876543210";

        /// <summary>Returns null for a usable map (ten distinct digits), else what is wrong with it.</summary>
        public static string Check(string map)
        {
            if (map == null) return "is missing";
            if (map.Length != 10) return "must list 10 keys (is \"" + map + "\")";
            for (int i = 0; i < 10; i++)
            {
                char c = map[i];
                if (c < '0' || c > '9') return "must hold only digits 0-9 (is \"" + map + "\")";
                if (map.IndexOf(c) != i) return "lists '" + c.ToString() + "' twice (\"" + map + "\")";
            }
            return null;
        }
    }
}
