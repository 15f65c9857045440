namespace Gateway.Core.Rules
{
    /// <summary>The authorization codes of a rule set: the code prefix, the code length, each code's label,
    /// class and salted SHA-256, and the lockout (docs/rules.md, "Authorization codes").</summary>
    /// <remarks>
    /// Only the salt and the hash of a code are kept, in the rule text and the image alike. Checking a
    /// code entered on the line (<see cref="Match"/>) hashes it once per code line into buffers this
    /// object owns: no allocation on the per-key path. Class references are kept by name while the
    /// text is read and resolved when it ends, as the schedule's are.
    /// </remarks>
    public sealed class RuleCodes
    {
        /// <summary>Most `code` lines one rule set may have.</summary>
        public const int MaxCodes = 32;

        /// <summary>Shortest code, in digits.</summary>
        public const int MinLength = 4;

        /// <summary>Longest code, in digits.</summary>
        public const int MaxLength = 8;

        /// <summary>Longest code prefix, in keys.</summary>
        public const int MaxPrefixLength = 4;

        /// <summary>Bytes of salt per code.</summary>
        public const int SaltBytes = 8;

        /// <summary>Longest code label.</summary>
        public const int MaxLabelLength = 16;

        /// <summary>Most wrong codes a lockout may wait for.</summary>
        public const int MaxLockoutCount = 20;

        /// <summary>Lockout when the text has no `lockout` line: 5 wrong codes within 10 minutes lock codes for 30 minutes.</summary>
        public const int DefaultLockoutCount = 5;

        /// <summary>Default lockout window in seconds.</summary>
        public const int DefaultLockoutWindowSeconds = 600;

        /// <summary>Default lockout duration in seconds.</summary>
        public const int DefaultLockoutSeconds = 1800;

        internal readonly byte[] Prefix = new byte[MaxPrefixLength];   // key indices
        internal int PrefixLength;
        internal int CodeLength;
        internal int Count;
        internal string[] Labels = new string[4];
        internal byte[] Classes = new byte[4];
        internal byte[] Salts = new byte[4 * SaltBytes];
        internal byte[] Hashes = new byte[4 * Sha256.DigestBytes];
        internal int LockoutCount = DefaultLockoutCount;
        internal int LockoutWindowSeconds = DefaultLockoutWindowSeconds;
        internal int LockoutSeconds = DefaultLockoutSeconds;

        // While the text is read: lines of the statements and the class named by each code.
        internal int CodesLine;
        internal int LockoutLine;
        internal int FirstCodeLine;
        internal string[] PendingClass = new string[4];
        internal int[] Lines = new int[4];

        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.DigestBytes];

        /// <summary>Keys of the code prefix.</summary>
        public int PrefixKeys { get { return PrefixLength; } }

        /// <summary>Key index (0-11) at position <paramref name="i"/> of the code prefix.</summary>
        public int PrefixKeyAt(int i) { return Prefix[i]; }

        /// <summary>Digits of every code.</summary>
        public int Length { get { return CodeLength; } }

        /// <summary>Number of codes.</summary>
        public int Codes { get { return Count; } }

        /// <summary>Label of code <paramref name="i"/>.</summary>
        public string LabelOf(int i) { return Labels[i]; }

        /// <summary>Class code <paramref name="i"/> switches a call to.</summary>
        public int ClassOf(int i) { return Classes[i]; }

        /// <summary>Wrong codes that lock codes.</summary>
        public int LockoutWrongCodes { get { return LockoutCount; } }

        /// <summary>Window, in seconds, within which that many wrong codes lock codes.</summary>
        public int LockoutWindow { get { return LockoutWindowSeconds; } }

        /// <summary>How long, in seconds, codes stay locked after the last wrong one.</summary>
        public int LockoutDuration { get { return LockoutSeconds; } }

        /// <summary>The code prefix as text (allocates).</summary>
        public string PrefixText()
        {
            char[] c = new char[PrefixLength];
            for (int i = 0; i < PrefixLength; i++) c[i] = RuleKeys.KeyAt(Prefix[i]);
            return new string(c);
        }

        /// <summary>The code whose salted hash the ASCII keys <paramref name="code"/>[0..<paramref name="length"/>)
        /// give, the first written when several do; -1 for none. No allocation.</summary>
        public int Match(byte[] code, int length)
        {
            for (int i = 0; i < Count; i++)
            {
                _sha.Update(Salts, i * SaltBytes, SaltBytes);
                _sha.Update(code, 0, length);
                _sha.Final(_digest, 0);
                int diff = 0;
                for (int b = 0; b < Sha256.DigestBytes; b++) diff |= _digest[b] ^ Hashes[i * Sha256.DigestBytes + b];
                if (diff == 0) return i;
            }
            return -1;
        }

        /// <summary>SHA-256 of <paramref name="salt"/> followed by the ASCII digits of <paramref name="code"/> (allocates; for tools and tests).</summary>
        public static byte[] Hash(byte[] salt, string code)
        {
            Sha256 sha = new Sha256();
            sha.Update(salt, 0, salt.Length);
            for (int i = 0; i < code.Length; i++) sha.Update((byte)code[i]);
            byte[] digest = new byte[Sha256.DigestBytes];
            sha.Final(digest, 0);
            return digest;
        }

        /// <summary>The `SALT:HASH` text of a `code` line for <paramref name="code"/> under <paramref name="salt"/> (8 bytes; upper-case hex).</summary>
        public static string HashText(byte[] salt, string code)
        {
            return HexText(salt, 0, salt.Length) + ":" + HexText(Hash(salt, code), 0, Sha256.DigestBytes);
        }

        /// <summary>Salt and hash of code <paramref name="i"/> as written on its `code` line (allocates).</summary>
        public string HashTextOf(int i)
        {
            return HexText(Salts, i * SaltBytes, SaltBytes) + ":" + HexText(Hashes, i * Sha256.DigestBytes, Sha256.DigestBytes);
        }

        private static string HexText(byte[] b, int start, int count)
        {
            const string digits = "0123456789ABCDEF";
            char[] c = new char[2 * count];
            for (int i = 0; i < count; i++)
            {
                c[2 * i] = digits[b[start + i] >> 4];
                c[2 * i + 1] = digits[b[start + i] & 15];
            }
            return new string(c);
        }

        /// <summary>Why the code prefix may not be used beside <paramref name="emergency"/>: it is an
        /// emergency number, starts one or begins with one (so that an emergency number dialled first is
        /// never taken for a code entry); null when it may. The message names the `codes` line when known.</summary>
        public string EmergencyProblem(EmergencyNumbers emergency)
        {
            for (int e = 0; e < emergency.Count; e++)
            {
                string number = emergency[e];
                int common = 0;
                while (common < PrefixLength && common < number.Length && RuleKeys.KeyAt(Prefix[common]) == number[common]) common++;
                string how = null;
                if (common == PrefixLength && common == number.Length) how = "is";
                else if (common == PrefixLength) how = "starts";
                else if (common == number.Length) how = "begins with";
                if (how != null)
                    return (CodesLine > 0 ? "line " + CodesLine + ": " : "") + "code prefix '" + PrefixText() + "' " + how + " emergency number " + number;
            }
            return null;
        }

        internal void Add(string label, string className, byte[] salt, byte[] hash, int line)
        {
            if (Count == Labels.Length)
            {
                int n = Count * 2;
                string[] l = new string[n]; System.Array.Copy(Labels, l, Count); Labels = l;
                byte[] c = new byte[n]; System.Array.Copy(Classes, c, Count); Classes = c;
                byte[] s = new byte[n * SaltBytes]; System.Array.Copy(Salts, s, Count * SaltBytes); Salts = s;
                byte[] h = new byte[n * Sha256.DigestBytes]; System.Array.Copy(Hashes, h, Count * Sha256.DigestBytes); Hashes = h;
                string[] p = new string[n]; System.Array.Copy(PendingClass, p, Count); PendingClass = p;
                int[] ln = new int[n]; System.Array.Copy(Lines, ln, Count); Lines = ln;
            }
            Labels[Count] = label;
            PendingClass[Count] = className;
            Lines[Count] = line;
            System.Array.Copy(salt, 0, Salts, Count * SaltBytes, SaltBytes);
            System.Array.Copy(hash, 0, Hashes, Count * Sha256.DigestBytes, Sha256.DigestBytes);
            if (Count == 0) FirstCodeLine = line;
            Count++;
        }

        /// <summary>Index of the code labelled <paramref name="label"/>, or -1.</summary>
        public int IndexOfLabel(string label)
        {
            for (int i = 0; i < Count; i++)
                if (Labels[i] == label) return i;
            return -1;
        }

        // Two codes with the same salt and hash are the same code.
        internal int SameAs(int i)
        {
            for (int o = 0; o < i; o++)
            {
                bool same = true;
                for (int b = 0; b < SaltBytes && same; b++) same = Salts[o * SaltBytes + b] == Salts[i * SaltBytes + b];
                for (int b = 0; b < Sha256.DigestBytes && same; b++) same = Hashes[o * Sha256.DigestBytes + b] == Hashes[i * Sha256.DigestBytes + b];
                if (same) return o;
            }
            return -1;
        }

        /// <summary>Resolves the class names against <paramref name="set"/> and checks what needs the
        /// whole text; the error names the line (null when fine).</summary>
        internal string Resolve(RuleSet set)
        {
            if (CodesLine == 0)
            {
                int line = FirstCodeLine != 0 && (LockoutLine == 0 || FirstCodeLine < LockoutLine) ? FirstCodeLine : LockoutLine;
                return "line " + line + ": '" + (line == FirstCodeLine ? "code" : "lockout") + "' lines need a 'codes' line (e.g. codes *7 4)";
            }
            for (int i = 0; i < Count; i++)
            {
                int c = set.HasNamedClasses ? set.IndexOfClass(PendingClass[i]) : -1;
                if (c < 0) return "line " + Lines[i] + ": class '" + PendingClass[i] + "' is not defined by a 'class' line";
                Classes[i] = (byte)c;
            }
            PendingClass = null;
            return null;
        }
    }
}
