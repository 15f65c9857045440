using System;

namespace Gateway.Core.Rules
{
    /// <summary>Numbers that always get through, whatever the rule set says: the default profile plus the installer's additions.</summary>
    public sealed class EmergencyNumbers
    {
        /// <summary>Most numbers one box can hold (the cursor tracks candidates in one 32-bit mask).</summary>
        public const int MaxCount = 32;

        /// <summary>The default profile.</summary>
        /// <remarks>China's public emergency numbers (110 police, 119 fire, 120 ambulance, 122 road
        /// traffic accidents) and 112, the emergency number every GSM/UMTS phone must dial (3GPP TS 22.101, clause 10).</remarks>
        public static readonly string[] DefaultProfile = new string[] { "110", "119", "120", "122", "112" };

        private readonly string[] _numbers;

        /// <summary>The default profile plus <paramref name="extra"/> (may be null), duplicates dropped.</summary>
        /// <exception cref="ArgumentException">An extra number is not 1-24 keys, or there are too many.</exception>
        public EmergencyNumbers(string[] extra)
        {
            int extraCount = extra == null ? 0 : extra.Length;
            string[] all = new string[DefaultProfile.Length + extraCount];
            int n = 0;
            for (int i = 0; i < DefaultProfile.Length + extraCount; i++)
            {
                string number = i < DefaultProfile.Length ? DefaultProfile[i] : extra[i - DefaultProfile.Length];
                if (!RuleKeys.IsKeyString(number))
                    throw new ArgumentException("emergency number '" + number + "' is not 1-" + RuleKeys.MaxPrefixLength + " keys of 0-9 * #");
                bool seen = false;
                for (int j = 0; j < n; j++)
                    if (all[j] == number) seen = true;
                if (!seen) all[n++] = number;
            }
            if (n > MaxCount)
                throw new ArgumentException("at most " + MaxCount + " emergency numbers, got " + n);
            _numbers = new string[n];
            Array.Copy(all, _numbers, n);
        }

        /// <summary>The default profile only.</summary>
        public EmergencyNumbers() : this(null) { }

        /// <summary>How many numbers.</summary>
        public int Count { get { return _numbers.Length; } }

        /// <summary>The number at <paramref name="index"/>.</summary>
        public string this[int index] { get { return _numbers[index]; } }

        /// <summary>Mask with one bit per number: the candidates before any key is dialled.</summary>
        internal uint AllMask { get { return _numbers.Length == 32 ? 0xFFFFFFFFu : (1u << _numbers.Length) - 1; } }
    }
}
