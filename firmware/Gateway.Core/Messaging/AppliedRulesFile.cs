using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>The file that keeps the last applied rule set for restarts (I:\rules.bin on the device):
    /// one header line "GWR1 &lt;0|1 image&gt; &lt;version&gt;\n", then the body exactly as received.</summary>
    /// <remarks>
    /// Restored from a source read a chunk at a time: a compiled image streams into its trie
    /// (RuleBook.TryApplyImage, a 256-byte buffer besides the new trie), a text set
    /// needs its body once in memory (the parser reads the whole text), never a second copy.
    /// Restored as a local load (<see cref="RuleBook.TryLoad"/>): when the settings added an
    /// emergency number since the set was saved, a rule blocking it still loads, the number still
    /// gets through and the warnings name the rule; refusing the whole set would leave every
    /// number allowed instead.
    /// </remarks>
    public static class AppliedRulesFile
    {
        /// <summary>Start of the header line (format 1).</summary>
        public const string Magic = "GWR1 ";

        /// <summary>Longest header: magic, kind digit, space, the longest version, newline.</summary>
        public const int MaxHeaderBytes = 5 + 2 + RuleUpdateRequest.MaxVersionLength + 1;

        /// <summary>The header line for a body of this kind and version (printable ASCII, as rules/set requires).</summary>
        public static byte[] Header(bool isImage, string version)
        {
            return Utf8.GetBytes(Magic + (isImage ? "1 " : "0 ") + version + "\n");
        }

        /// <summary>Reads a saved file (<paramref name="fileBytes"/> long, header included) from
        /// <paramref name="file"/> and puts its rules in force in <paramref name="rules"/>. Returns
        /// null when they are in force (<paramref name="version"/> and <paramref name="warnings"/>
        /// set), else why not; the rules in force are then unchanged.</summary>
        public static string TryRestore(IRuleImageSource file, int fileBytes, RuleBook rules, out string version, out string warnings)
        {
            return TryRestore(file, fileBytes, null, rules, out version, out warnings);
        }

        /// <summary>Like <see cref="TryRestore(IRuleImageSource, int, RuleBook, out string, out string)"/>;
        /// an image is left where it lies and read through <paramref name="storedAt"/> (the same file,
        /// its offset set here to the image's start) when one is given: the caller gives one for sets
        /// it keeps in flash (RuleTransfer.StoredImageBytes).</summary>
        public static string TryRestore(IRuleImageSource file, int fileBytes, RulesSlotImage storedAt, RuleBook rules, out string version, out string warnings)
        {
            version = null;
            warnings = null;
            byte[] header = new byte[MaxHeaderBytes];
            int length = 0;
            byte[] one = new byte[1];
            while (true)
            {
                if (length == MaxHeaderBytes) return "no header line within " + MaxHeaderBytes + " bytes (not a saved rule set)";
                if (file.Read(one, 0, 1) != 1) return "the file ends inside its header line (" + length + " bytes)";
                if (one[0] == (byte)'\n') break;
                header[length++] = one[0];
            }
            string reason = CheckHeader(header, length);
            if (reason != null) return reason;
            bool isImage = header[Magic.Length] == (byte)'1';
            string saved = Utf8.GetString(header, Magic.Length + 2, length - Magic.Length - 2);
            int bodyBytes = fileBytes - length - 1;
            if (bodyBytes <= 0) return "the file has a header but no rules";
            bool ok;
            if (isImage)
            {
                if (storedAt != null) storedAt.Offset = length + 1;
                ok = rules.TryApplyImage(file, storedAt, saved, out reason, out warnings);
            }
            else
            {
                byte[] body;
                try
                {
                    body = new byte[bodyBytes];
                }
                catch (System.OutOfMemoryException)
                {
                    return "rule text of " + bodyBytes + " bytes too large for this box's memory";
                }
                int read = 0;
                while (read < bodyBytes)
                {
                    int n = file.Read(body, read, bodyBytes - read);
                    if (n <= 0) return "the file ends after " + read + " of " + bodyBytes + " bytes of rule text";
                    read += n;
                }
                if (file.Read(one, 0, 1) != 0) return "the file is longer than its stated size";
                ok = rules.TryLoad(body, false, saved, out reason, out warnings);
            }
            if (!ok)
            {
                warnings = null;
                return reason == null || reason.Length == 0 ? "refused by the rules engine" : reason;
            }
            version = rules.Version;
            return null;
        }

        // The magic, a kind digit, a space, then a version of printable ASCII.
        private static string CheckHeader(byte[] header, int length)
        {
            if (length < Magic.Length + 3) return "header line too short (not a saved rule set)";
            for (int i = 0; i < Magic.Length; i++)
                if (header[i] != (byte)Magic[i]) return "header does not start with '" + Magic + "' (not a saved rule set, or a newer format)";
            byte kind = header[Magic.Length];
            if ((kind != (byte)'0' && kind != (byte)'1') || header[Magic.Length + 1] != (byte)' ') return "header has no rule kind (0 text, 1 image)";
            for (int i = Magic.Length + 2; i < length; i++)
                if (header[i] <= 0x20 || header[i] > 0x7E) return "header version is not printable ASCII";
            return null;
        }
    }
}
