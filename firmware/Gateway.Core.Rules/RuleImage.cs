namespace Gateway.Core.Rules
{
    /// <summary>The compiled binary form of a rule set: a checked header, then the trie's arrays as they sit in RAM.</summary>
    /// <remarks>
    /// Little-endian. Format 2 (written and read): a 36-byte header (magic "GWRT", format, key count,
    /// total length, CRC-32 of every byte after the CRC field, longest prefix, version length, rule,
    /// node and internal node counts, class count, pattern count), the version text and the class
    /// table padded to 4 bytes, then the sections: internal bits, rank samples, node words, child
    /// bases, the further classes' flags and every class's leaf bits (sparse), the wildcard patterns.
    /// Format 1 (one class, no wildcards; read only) is the same trie with a 32-byte header and dense
    /// leaf action bits. Byte layout in docs/rules.md. Reading only checks and copies.
    /// </remarks>
    public static class RuleImage
    {
        /// <summary>"GWRT": Gateway rule trie.</summary>
        public static readonly byte[] Magic = new byte[] { (byte)'G', (byte)'W', (byte)'R', (byte)'T' };

        /// <summary>Layout version this firmware writes (it reads 1 too).</summary>
        public const int FormatVersion = 2;

        /// <summary>The first layout (one class, no wildcards), still read.</summary>
        public const int FormatVersion1 = 1;

        /// <summary>Bytes before the version text in format 1.</summary>
        public const int HeaderSize = 32;

        /// <summary>Bytes before the version text in format 2.</summary>
        public const int HeaderSize2 = 36;

        /// <summary>Longest rule-set version text an image can carry.</summary>
        public const int MaxVersionLength = 64;

        private const int CrcStart = 16;
        private const int FlagDefaultBlock = 1;
        private const int FlagLeavesAgree = 2;
        private const int FlagLeavesBlock = 4;

        // Format 2 class table flags.
        private const int ClassDefaultBlock = 1;
        private const int ClassEveryLeafRule = 2;   // no leaf rule section
        private const int ClassLeavesAgree = 4;     // no leaf action section
        private const int ClassLeavesBlock = 8;
        private const int ClassHasLimit = 16;       // a u32 talk time limit (seconds) follows the name

        // Header byte 33: a schedule section follows the patterns.
        private const int HasSchedule = 1;
        private const int ScheduleHeader = 8;
        private const int ScheduleEntry = 12;

        // Header byte 33: a code section follows the schedule (or the patterns).
        private const int HasCodes = 2;
        private const int CodesHeader = 16;
        private const int CodeEntry = 60;

        /// <summary>True when <paramref name="data"/> starts with the image magic (how tools tell images from rule text).</summary>
        public static bool HasMagic(byte[] data)
        {
            if (data == null || data.Length < 4) return false;
            for (int i = 0; i < 4; i++)
                if (data[i] != Magic[i]) return false;
            return true;
        }

        /// <summary>The image of <paramref name="trie"/> (format 2).</summary>
        public static byte[] Write(RuleTrie trie)
        {
            string version = trie.Version == null ? "" : trie.Version;
            int versionLength = version.Length > MaxVersionLength ? MaxVersionLength : version.Length;
            int classes = trie.ClassCount;
            int total = HeaderSize2 + Pad4(versionLength) + ClassTableLength(trie)
                + FixedSections(trie.NodeCount, trie.InternalCount) + ClassSections(trie) + PatternSection(trie)
                + (trie.Schedule == null ? 0 : ScheduleHeader + ScheduleEntry * trie.Schedule.Count)
                + (trie.Codes == null ? 0 : CodesHeader + CodeEntry * trie.Codes.Count);
            byte[] image = new byte[total];
            for (int i = 0; i < 4; i++) image[i] = Magic[i];
            PutU16(image, 4, FormatVersion);
            PutU16(image, 6, RuleKeys.Count);
            PutU32(image, 8, (uint)total);
            image[18] = (byte)trie.MaxDepth;
            image[19] = (byte)versionLength;
            PutU32(image, 20, (uint)trie.RuleCount);
            PutU32(image, 24, (uint)trie.NodeCount);
            PutU32(image, 28, (uint)trie.InternalCount);
            image[32] = (byte)classes;
            image[33] = (byte)((trie.Schedule == null ? 0 : HasSchedule) | (trie.Codes == null ? 0 : HasCodes));
            PutU16(image, 34, trie.PatternCount);
            int p = HeaderSize2;
            for (int i = 0; i < versionLength; i++)
            {
                char c = version[i];
                image[p + i] = (byte)(c >= 0x20 && c < 0x7F ? c : '?');
            }
            p += Pad4(versionLength);
            for (int c = 0; c < classes; c++)
            {
                image[p++] = (byte)((trie.DefaultBlocks[c] ? ClassDefaultBlock : 0)
                    | (trie.LeafRuleBits[c] == null ? ClassEveryLeafRule : 0)
                    | (trie.LeafBlockBits[c] == null ? ClassLeavesAgree : 0)
                    | (trie.LeafBlockBits[c] == null && trie.LeafAllBlock[c] ? ClassLeavesBlock : 0)
                    | (trie.ClassLimitSeconds[c] > 0 ? ClassHasLimit : 0));
                string name = trie.ClassNames[c];
                image[p++] = (byte)name.Length;
                for (int i = 0; i < name.Length; i++) image[p++] = (byte)name[i];
                if (trie.ClassLimitSeconds[c] > 0) { PutU32(image, p, (uint)trie.ClassLimitSeconds[c]); p += 4; }
            }
            p = Pad4(p);
            for (int i = 0; i < trie.BitWordCount; i++, p += 4) PutU32(image, p, trie.BitsWord(i));
            for (int i = 0; i < trie.RankSamples.Length; i++, p += 4) PutU32(image, p, (uint)trie.RankSamples[i]);
            for (int i = 0; i < trie.InternalCount; i++, p += 2) PutU16(image, p, trie.NodeWord(i));
            p = Pad4(p);
            for (int i = 0; i < trie.ChildBase.Length; i++, p += 4) PutU32(image, p, (uint)trie.ChildBase[i]);
            for (int c = 1; c < classes; c++) p = PutSparse(image, p, trie.ClassFlags[c - 1]);
            for (int c = 0; c < classes; c++)
            {
                if (trie.LeafRuleBits[c] != null) p = PutSparse(image, p, trie.LeafRuleBits[c]);
                if (trie.LeafBlockBits[c] != null) p = PutSparse(image, p, trie.LeafBlockBits[c]);
            }
            for (int q = 0; q < trie.PatternCount; q++)
            {
                image[p++] = trie.PatternClass[q];
                image[p++] = trie.PatternFlags[q];
                image[p++] = trie.PatternLength[q];
                for (int d = 0; d < trie.PatternLength[q]; d++, p += 2) PutU16(image, p, trie.PatternSets[q * RuleKeys.MaxPrefixLength + d]);
                if ((trie.PatternFlags[q] & RuleTrie.PatternLimit) != 0) { PutU32(image, p, (uint)trie.PatternLimitSeconds[q]); p += 4; }
            }
            p = Pad4(p);
            RuleSchedule sc = trie.Schedule;
            if (sc != null)
            {
                PutU16(image, p, sc.OffsetMinutes & 0xFFFF);
                image[p + 2] = (byte)((sc.OtherwiseGiven ? 1 : 0) | (sc.UnsyncedGiven ? 2 : 0));
                image[p + 4] = (byte)sc.Otherwise;
                image[p + 5] = (byte)sc.Unsynced;
                PutU16(image, p + 6, sc.Count);
                p += ScheduleHeader;
                for (int i = 0; i < sc.Count; i++, p += ScheduleEntry)
                {
                    image[p] = (byte)(sc.IsHoliday[i] ? 1 : 0);
                    image[p + 1] = sc.Class[i];
                    PutU16(image, p + 2, sc.Start[i]);
                    PutU16(image, p + 4, sc.End[i]);
                    PutU32(image, p + 8, (uint)sc.Day[i]);
                }
            }
            RuleCodes codes = trie.Codes;
            if (codes != null)
            {
                image[p] = (byte)codes.PrefixLength;
                image[p + 1] = (byte)codes.CodeLength;
                image[p + 2] = (byte)codes.Count;
                image[p + 3] = (byte)codes.LockoutCount;
                for (int i = 0; i < codes.PrefixLength; i++) image[p + 4 + i] = codes.Prefix[i];
                PutU32(image, p + 8, (uint)codes.LockoutWindowSeconds);
                PutU32(image, p + 12, (uint)codes.LockoutSeconds);
                p += CodesHeader;
                for (int i = 0; i < codes.Count; i++, p += CodeEntry)
                {
                    image[p] = codes.Classes[i];
                    string label = codes.Labels[i];
                    image[p + 1] = (byte)label.Length;
                    for (int k = 0; k < label.Length; k++) image[p + 2 + k] = (byte)label[k];
                    System.Array.Copy(codes.Salts, i * RuleCodes.SaltBytes, image, p + 18, RuleCodes.SaltBytes);
                    System.Array.Copy(codes.Hashes, i * Sha256.DigestBytes, image, p + 26, Sha256.DigestBytes);
                }
            }
            PutU32(image, 12, Crc32.Compute(image, CrcStart, total - CrcStart));
            return image;
        }

        private static int Pad4(int n) { return (n + 3) & ~3; }

        private static int PutSparse(byte[] image, int p, SparseWords s)
        {
            PutU32(image, p, s.Typical);
            PutU32(image, p + 4, (uint)s.Stored.Length);
            p += 8;
            for (int i = 0; i < s.Present.Length; i++, p += 4) PutU32(image, p, s.Present[i]);
            for (int i = 0; i < s.Samples.Length; i++, p += 4) PutU32(image, p, (uint)s.Samples[i]);
            for (int i = 0; i < s.Stored.Length; i++, p += 4) PutU32(image, p, s.Stored[i]);
            return p;
        }

        private static int SparseBytes(SparseWords s) { return s == null ? 0 : SparseWords.ImageBytes(s.Count, s.Stored.Length); }

        // Reads a sparse section of <count> words; null (and a reason) when its stored count cannot fit what is left.
        private static SparseWords ReadSparse(ImageReader reader, int count, uint declared, out string problem)
        {
            problem = null;
            uint typical = reader.ReadU32();
            uint stored = reader.ReadU32();
            if (stored > (uint)count || (long)reader.Consumed + SparseWords.ImageBytes(count, (int)stored) - 8 > declared)
            {
                problem = "section sizes do not add up to the " + declared + " bytes the header declares";
                return null;
            }
            SparseWords s = new SparseWords();
            s.Count = count;
            s.Typical = typical;
            s.Present = ReadWords(reader, SparseWords.PresentWords(count));
            s.Samples = new int[SparseWords.SampleCount(count)];
            for (int i = 0; i < s.Samples.Length; i++) s.Samples[i] = (int)reader.ReadU32();
            s.Stored = ReadWords(reader, (int)stored);
            return s;
        }

        private static int ClassTableLength(RuleTrie trie)
        {
            int n = 0;
            for (int c = 0; c < trie.ClassCount; c++) n += 2 + trie.ClassNames[c].Length + (trie.ClassLimitSeconds[c] > 0 ? 4 : 0);
            return Pad4(n);
        }

        // Internal bits, rank samples, node words, child bases: the same in both formats.
        private static int FixedSections(int nodes, int internalNodes)
        {
            return 4 * ((nodes + 31) >> 5)
                + 4 * ((nodes >> RuleTrie.RankSampleShift) + 1)
                + Pad4(2 * internalNodes)
                + 4 * ((internalNodes + (1 << RuleTrie.ChildBaseShift) - 1) >> RuleTrie.ChildBaseShift);
        }

        private static int LeafWords(int leaves) { return (leaves + 31) >> 5; }

        private static int ClassSections(RuleTrie trie)
        {
            int n = 0;
            for (int c = 0; c < trie.ClassCount; c++)
            {
                if (c > 0) n += SparseBytes(trie.ClassFlags[c - 1]);
                n += SparseBytes(trie.LeafRuleBits[c]) + SparseBytes(trie.LeafBlockBits[c]);
            }
            return n;
        }

        private static int PatternSection(RuleTrie trie)
        {
            int n = 0;
            for (int q = 0; q < trie.PatternCount; q++) n += 3 + 2 * trie.PatternLength[q] + ((trie.PatternFlags[q] & RuleTrie.PatternLimit) != 0 ? 4 : 0);
            return Pad4(n);
        }

        private static int TotalLength1(int versionLength, int nodes, int internalNodes, bool leavesAgree)
        {
            return HeaderSize + Pad4(versionLength) + FixedSections(nodes, internalNodes)
                + (leavesAgree ? 0 : 4 * LeafWords(nodes - internalNodes));
        }

        /// <summary>Checks and copies an image in memory; on failure <paramref name="reason"/> says why and nothing is returned.</summary>
        public static bool TryRead(byte[] image, out RuleTrie trie, out string reason)
        {
            trie = null;
            int length = image == null ? 0 : image.Length;
            string problem = HeaderProblem(image, length);
            if (problem != null) return Refuse(problem, out reason);
            uint declared = U32(image, 8);
            if (declared > (uint)length)
            {
                reason = "truncated image: header says " + declared + " bytes, got " + length;
                return false;
            }
            if (declared < (uint)length)
            {
                reason = "image has " + (length - (int)declared) + " bytes beyond the " + declared + " its header declares";
                return false;
            }
            uint stored = U32(image, 12);
            uint actual = Crc32.Compute(image, CrcStart, length - CrcStart);
            if (stored != actual)
            {
                reason = "corrupted image: CRC-32 is 0x" + Hex(actual) + ", header says 0x" + Hex(stored);
                return false;
            }

            return TryRead(new ByteArrayImageSource(image), out trie, out reason);
        }

        /// <summary>Checks and copies an image read from <paramref name="source"/> a chunk at a time,
        /// straight into the trie's arrays (never the whole image in memory); on failure
        /// <paramref name="reason"/> says why and nothing is returned.</summary>
        public static bool TryRead(IRuleImageSource source, out RuleTrie trie, out string reason)
        {
            return TryRead(source, null, out trie, out reason);
        }

        /// <summary>Like <see cref="TryRead(IRuleImageSource, out RuleTrie, out string)"/>; with
        /// <paramref name="storedAt"/> (the same image, read at any position), the node bits and node
        /// words are not copied: the trie reads them from there for as long as it is used (docs/rules.md,
        /// "Large sets stay in flash"). The image is checked as a whole either way.</summary>
        public static bool TryRead(IRuleImageSource source, IRuleImageFile storedAt, out RuleTrie trie, out string reason)
        {
            trie = null;
            ImageReader reader = new ImageReader(source, CrcStart);
            byte[] header = new byte[HeaderSize2];
            int got = reader.Read(header, 0, HeaderSize);
            string problem = HeaderProblem(header, got);
            if (problem != null) return Refuse(problem, out reason);
            bool format1 = U16(header, 4) == FormatVersion1;
            if (!format1)
            {
                got += reader.Read(header, HeaderSize, HeaderSize2 - HeaderSize);
                if (got < HeaderSize2) return Refuse("truncated image: " + got + " bytes, shorter than the " + HeaderSize2 + "-byte header", out reason);
            }
            uint declared = U32(header, 8);

            // The CRC can only be checked at the end, so the counts are checked against the declared
            // length before any array is allocated from them.
            int flags = U16(header, 16);
            int maxDepth = header[18];
            int versionLength = header[19];
            uint rules = U32(header, 20), nodes = U32(header, 24), internals = U32(header, 28);
            int classes = format1 ? 1 : header[32];
            int patterns = format1 ? 0 : U16(header, 34);
            if (format1 && (flags & ~(FlagDefaultBlock | FlagLeavesAgree | FlagLeavesBlock)) != 0)
                return Fail("unknown flags 0x" + Hex((uint)flags), out reason);
            if (!format1 && (flags != 0 || (header[33] & ~(HasSchedule | HasCodes)) != 0)) return Fail("reserved header fields are not zero", out reason);
            if (maxDepth > RuleKeys.MaxPrefixLength) return Fail("longest prefix " + maxDepth + " exceeds " + RuleKeys.MaxPrefixLength, out reason);
            if (versionLength > MaxVersionLength) return Fail("version text longer than " + MaxVersionLength, out reason);
            if (nodes < 1 || nodes > 0x1000000 || internals < 1 || internals > nodes)
                return Fail("node counts out of range (" + nodes + " nodes, " + internals + " internal)", out reason);
            if (classes < 1 || classes > RuleSet.MaxClasses) return Fail("class count " + classes + " is not 1-" + RuleSet.MaxClasses, out reason);
            int n = (int)nodes, ni = (int)internals, leaves = n - ni;
            int headerSize = format1 ? HeaderSize : HeaderSize2;
            int before = headerSize + Pad4(versionLength);
            if (format1 && (uint)TotalLength1(versionLength, n, ni, (flags & FlagLeavesAgree) != 0) != declared)
                return Fail("section sizes do not add up to the " + declared + " bytes the header declares", out reason);
            if (!format1 && (long)before + FixedSections(n, ni) > declared)
                return Fail("section sizes do not add up to the " + declared + " bytes the header declares", out reason);

            byte[] versionBytes = new byte[Pad4(versionLength)];
            reader.Read(versionBytes, 0, versionBytes.Length);
            RuleTrie t = new RuleTrie();
            t.ClassCount = classes;
            t.ClassNames = new string[classes];
            t.DefaultBlocks = new bool[classes];
            t.ClassFlags = new SparseWords[classes - 1];
            t.LeafRuleBits = new SparseWords[classes];
            t.LeafBlockBits = new SparseWords[classes];
            t.LeafAllBlock = new bool[classes];
            t.ClassLimitSeconds = new int[classes];
            byte[] classFlags = new byte[classes];
            if (format1)
            {
                t.ClassNames[0] = "";
                classFlags[0] = (byte)(((flags & FlagDefaultBlock) != 0 ? ClassDefaultBlock : 0) | ClassEveryLeafRule
                    | ((flags & FlagLeavesAgree) != 0 ? ClassLeavesAgree : 0) | ((flags & FlagLeavesBlock) != 0 ? ClassLeavesBlock : 0));
            }
            else
            {
                // The class table is small (at most 15 x 18 bytes), so it is read before the sizes are checked.
                int table = 0;
                char[] name = new char[256];
                for (int c = 0; c < classes; c++)
                {
                    byte f, length;
                    reader.TryReadByte(out f);
                    reader.TryReadByte(out length);
                    classFlags[c] = f;
                    for (int i = 0; i < length; i++)
                    {
                        byte b;
                        reader.TryReadByte(out b);
                        name[i] = (char)b;
                    }
                    t.ClassNames[c] = new string(name, 0, length);
                    table += 2 + length;
                    if ((f & ClassHasLimit) != 0)
                    {
                        t.ClassLimitSeconds[c] = (int)reader.ReadU32();
                        table += 4;
                    }
                }
                for (int i = table; i < Pad4(table); i++) { byte b; reader.TryReadByte(out b); }
                if (reader.Ended)
                    return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
                // The class sections are checked as they come; each pattern takes at least 5 bytes.
                if ((long)before + Pad4(table) + FixedSections(n, ni) + 5L * patterns > declared)
                    return Fail("section sizes do not add up to the " + declared + " bytes the header declares", out reason);
            }

            int bitWords = (n + 31) >> 5;
            int bitsAt = reader.Consumed;
            if (storedAt == null)
            {
                t.InternalBits = new uint[bitWords];
                for (int i = 0; i < bitWords; i++) t.InternalBits[i] = reader.ReadU32();
            }
            else for (int i = 0; i < bitWords; i++) reader.ReadU32();   // for the CRC
            t.RankSamples = new int[(n >> RuleTrie.RankSampleShift) + 1];
            for (int i = 0; i < t.RankSamples.Length; i++) t.RankSamples[i] = (int)reader.ReadU32();
            int nodesAt = reader.Consumed;
            if (storedAt == null)
            {
                t.Nodes = new ushort[ni];
                for (int i = 0; i < ni; i++) t.Nodes[i] = (ushort)reader.ReadU16();
            }
            else
            {
                for (int i = 0; i < ni; i++) reader.ReadU16();
                t.Stored = new StoredTrieWords(storedAt, bitsAt, 4 * bitWords, nodesAt, 2 * ni);
            }
            if ((ni & 1) != 0) reader.ReadU16();
            t.ChildBase = new int[(ni + (1 << RuleTrie.ChildBaseShift) - 1) >> RuleTrie.ChildBaseShift];
            for (int i = 0; i < t.ChildBase.Length; i++) t.ChildBase[i] = (int)reader.ReadU32();
            if (format1)
            {
                if ((classFlags[0] & ClassLeavesAgree) == 0) t.LeafBlockBits[0] = SparseWords.Of(ReadWords(reader, LeafWords(leaves)), LeafWords(leaves));
            }
            else
            {
                for (int c = 1; c < classes && problem == null; c++) t.ClassFlags[c - 1] = ReadSparse(reader, (ni + 7) >> 3, declared, out problem);
                for (int c = 0; c < classes && problem == null; c++)
                {
                    if ((classFlags[c] & ClassEveryLeafRule) == 0) t.LeafRuleBits[c] = ReadSparse(reader, LeafWords(leaves), declared, out problem);
                    if (problem == null && (classFlags[c] & ClassLeavesAgree) == 0) t.LeafBlockBits[c] = ReadSparse(reader, LeafWords(leaves), declared, out problem);
                }
                if (reader.Ended)
                    return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
                if (problem != null) return Fail(problem, out reason);
            }
            t.PatternCount = patterns;
            t.PatternSets = new ushort[patterns * RuleKeys.MaxPrefixLength];
            t.PatternLength = new byte[patterns];
            t.PatternClass = new byte[patterns];
            t.PatternFlags = new byte[patterns];
            t.PatternLimitSeconds = new int[patterns];
            int patternBytes = 0;
            for (int q = 0; q < patterns; q++)
            {
                reader.TryReadByte(out t.PatternClass[q]);
                reader.TryReadByte(out t.PatternFlags[q]);
                reader.TryReadByte(out t.PatternLength[q]);
                int length = t.PatternLength[q];
                if (reader.Ended)
                    return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
                if (length < 1 || length > RuleKeys.MaxPrefixLength)
                    return Refuse("invalid image: pattern " + q + " is " + length + " keys long (1-" + RuleKeys.MaxPrefixLength + ")", out reason);
                for (int d = 0; d < length; d++) t.PatternSets[q * RuleKeys.MaxPrefixLength + d] = (ushort)reader.ReadU16();
                patternBytes += 3 + 2 * length;
                if ((t.PatternFlags[q] & RuleTrie.PatternLimit) != 0)
                {
                    t.PatternLimitSeconds[q] = (int)reader.ReadU32();
                    patternBytes += 4;
                }
            }
            for (int i = patternBytes; i < Pad4(patternBytes); i++) { byte b; reader.TryReadByte(out b); }
            if (!format1 && (header[33] & HasSchedule) != 0)
            {
                t.Schedule = ReadSchedule(reader, declared, out problem);
                if (reader.Ended)
                    return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
                if (problem != null) return Fail(problem, out reason);
            }
            if (!format1 && (header[33] & HasCodes) != 0)
            {
                t.Codes = ReadCodes(reader, declared, out problem);
                if (reader.Ended)
                    return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
                if (problem != null) return Fail(problem, out reason);
            }
            if (reader.Ended)
                return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
            int sectionsEnd = reader.Consumed;
            long total = (long)sectionsEnd + reader.ReadToEnd();
            if (total < declared)
                return Refuse("truncated image: header says " + declared + " bytes, got " + total, out reason);
            if (total > declared)
                return Refuse("image has " + (total - declared) + " bytes beyond the " + declared + " its header declares", out reason);
            uint stored = U32(header, 12);
            if (stored != reader.Crc)
                return Refuse("corrupted image: CRC-32 is 0x" + Hex(reader.Crc) + ", header says 0x" + Hex(stored), out reason);
            if (sectionsEnd != declared)
                return Fail("section sizes do not add up to the " + declared + " bytes the header declares", out reason);

            // The CRC matched, so what follows only guards against a well-formed but inconsistent
            // image (a tool bug or a forged one): it must never make the cursor read out of range.
            char[] versionChars = new char[versionLength];
            for (int i = 0; i < versionLength; i++)
            {
                byte b = versionBytes[i];
                if (b < 0x20 || b >= 0x7F) return Fail("version text is not printable ASCII", out reason);
                versionChars[i] = (char)b;
            }
            for (int c = 0; c < classes; c++)
            {
                int f = classFlags[c];
                if ((f & ~(ClassDefaultBlock | ClassEveryLeafRule | ClassLeavesAgree | ClassLeavesBlock | ClassHasLimit)) != 0)
                    return Fail("class " + c + " has unknown flags 0x" + Hex((uint)f), out reason);
                if ((f & ClassHasLimit) != 0 && (t.ClassLimitSeconds[c] < 1 || t.ClassLimitSeconds[c] > RuleDuration.MaxSeconds))
                    return Fail("class " + c + " has a talk time limit out of range", out reason);
                t.DefaultBlocks[c] = (f & ClassDefaultBlock) != 0;
                t.LeafAllBlock[c] = (f & ClassLeavesAgree) != 0 && (f & ClassLeavesBlock) != 0;
            }
            problem = CheckClassNames(t);
            if (problem != null) return Fail(problem, out reason);
            t.Version = new string(versionChars);
            t.RuleCount = (int)rules;
            t.NodeCount = n;
            t.InternalCount = ni;
            t.MaxDepth = maxDepth;

            problem = CheckStructure(t);
            if (problem == null) problem = CheckPatterns(t);
            if (problem == null) problem = CheckMeaning(t);
            if (problem == null) problem = CheckSchedule(t);
            if (problem == null) problem = CheckCodes(t);
            // The checks read a stored set back from where it lies: failed reads are a storage fault, not a bad image.
            if (t.Stored != null && t.Stored.Faults > 0)
                return Refuse("the stored image could not be read back (" + t.Stored.Faults + " reads failed)", out reason);
            if (problem != null) return Fail(problem, out reason);
            trie = t;
            reason = null;
            return true;
        }

        private static RuleSchedule ReadSchedule(ImageReader reader, uint declared, out string problem)
        {
            problem = null;
            byte[] head = new byte[ScheduleHeader];
            reader.Read(head, 0, ScheduleHeader);
            RuleSchedule s = new RuleSchedule();
            s.OffsetMinutes = (short)U16(head, 0);
            s.OtherwiseGiven = (head[2] & 1) != 0;
            s.UnsyncedGiven = (head[2] & 2) != 0;
            s.Otherwise = head[4];
            s.Unsynced = head[5];
            int count = U16(head, 6);
            if ((head[2] & ~3) != 0 || head[3] != 0) { problem = "schedule uses reserved bits"; return null; }
            if (count > RuleSchedule.MaxEntries || (long)reader.Consumed + (long)ScheduleEntry * count > declared)
            {
                problem = "section sizes do not add up to the " + declared + " bytes the header declares";
                return null;
            }
            s.Count = count;
            s.IsHoliday = new bool[count];
            s.Day = new int[count];
            s.Start = new short[count];
            s.End = new short[count];
            s.Class = new byte[count];
            s.PendingName = null;
            s.PendingLine = null;
            s.OffsetLine = 1;
            byte[] entry = new byte[ScheduleEntry];
            for (int i = 0; i < count; i++)
            {
                reader.Read(entry, 0, ScheduleEntry);
                if (entry[0] > 1 || entry[6] != 0 || entry[7] != 0) { problem = "schedule entry " + i + " uses reserved bits"; return null; }
                s.IsHoliday[i] = entry[0] == 1;
                s.Class[i] = entry[1];
                s.Start[i] = (short)U16(entry, 2);
                s.End[i] = (short)U16(entry, 4);
                s.Day[i] = (int)U32(entry, 8);
            }
            return s;
        }

        private static RuleCodes ReadCodes(ImageReader reader, uint declared, out string problem)
        {
            problem = null;
            byte[] head = new byte[CodesHeader];
            reader.Read(head, 0, CodesHeader);
            RuleCodes codes = new RuleCodes();
            codes.PrefixLength = head[0];
            codes.CodeLength = head[1];
            int count = head[2];
            codes.LockoutCount = head[3];
            codes.LockoutWindowSeconds = (int)U32(head, 8);
            codes.LockoutSeconds = (int)U32(head, 12);
            if (codes.PrefixLength < 1 || codes.PrefixLength > RuleCodes.MaxPrefixLength) { problem = "code prefix of " + codes.PrefixLength + " keys"; return null; }
            for (int i = 0; i < RuleCodes.MaxPrefixLength; i++)
            {
                if (i < codes.PrefixLength ? head[4 + i] >= RuleKeys.Count : head[4 + i] != 0) { problem = "impossible code prefix"; return null; }
                if (i < codes.PrefixLength) codes.Prefix[i] = head[4 + i];
            }
            if (count > RuleCodes.MaxCodes || (long)reader.Consumed + (long)CodeEntry * count > declared)
            {
                problem = "section sizes do not add up to the " + declared + " bytes the header declares";
                return null;
            }
            byte[] entry = new byte[CodeEntry];
            char[] label = new char[RuleCodes.MaxLabelLength];
            byte[] salt = new byte[RuleCodes.SaltBytes], hash = new byte[Sha256.DigestBytes];
            for (int i = 0; i < count; i++)
            {
                reader.Read(entry, 0, CodeEntry);
                int n = entry[1];
                bool good = n >= 1 && n <= RuleCodes.MaxLabelLength && entry[58] == 0 && entry[59] == 0;
                for (int k = 0; k < RuleCodes.MaxLabelLength && good; k++)
                {
                    good = k < n ? RuleCodeText.IsLabelChar(entry[2 + k]) : entry[2 + k] == 0;
                    if (k < n) label[k] = (char)entry[2 + k];
                }
                if (!good) { problem = "code " + i + " has an impossible label or reserved bytes set"; return null; }
                System.Array.Copy(entry, 18, salt, 0, RuleCodes.SaltBytes);
                System.Array.Copy(entry, 26, hash, 0, Sha256.DigestBytes);
                codes.Add(new string(label, 0, n), null, salt, hash, 0);
                codes.Classes[i] = entry[0];
            }
            codes.PendingClass = null;
            return codes;
        }

        // What rule text could have said: lengths and lockout in range, codes in named classes the image has, labels and codes each once.
        private static string CheckCodes(RuleTrie t)
        {
            RuleCodes codes = t.Codes;
            if (codes == null) return null;
            if (codes.CodeLength < RuleCodes.MinLength || codes.CodeLength > RuleCodes.MaxLength) return "code length " + codes.CodeLength + " is not " + RuleCodes.MinLength + "-" + RuleCodes.MaxLength;
            if (codes.LockoutCount < 1 || codes.LockoutCount > RuleCodes.MaxLockoutCount
                || codes.LockoutWindowSeconds < 1 || codes.LockoutWindowSeconds > RuleDuration.MaxSeconds
                || codes.LockoutSeconds < 1 || codes.LockoutSeconds > RuleDuration.MaxSeconds)
                return "code lockout out of range";
            for (int i = 0; i < codes.Count; i++)
            {
                if (codes.Classes[i] >= t.ClassCount || t.ClassNames[0].Length == 0) return "code " + i + " names a class the image does not have";
                if (codes.IndexOfLabel(codes.Labels[i]) != i) return "code label '" + codes.Labels[i] + "' is given twice";
                if (codes.SameAs(i) >= 0) return "code " + i + " is the same code as an earlier one";
            }
            return null;
        }

        // Every class named exists, hours and days are what rule text can say, and the classes the
        // text left to the box are the ones it would have chosen.
        private static string CheckSchedule(RuleTrie t)
        {
            RuleSchedule s = t.Schedule;
            if (s == null) return null;
            if (s.OffsetMinutes < -12 * 60 || s.OffsetMinutes > 14 * 60) return "time zone offset out of range";
            if (s.Otherwise >= t.ClassCount || s.Unsynced >= t.ClassCount) return "schedule names a class the image does not have";
            int first = RuleSchedule.DaysFromCivil(2000, 1, 1), last = RuleSchedule.DaysFromCivil(2099, 12, 31);
            for (int i = 0; i < s.Count; i++)
            {
                if (s.Class[i] >= t.ClassCount) return "schedule names a class the image does not have";
                if (s.Start[i] < 0 || s.Start[i] >= s.End[i] || s.End[i] > RuleSchedule.DayMinutes) return "schedule entry " + i + " has impossible hours";
                if (s.IsHoliday[i] ? (s.Day[i] < first || s.Day[i] > last) : (s.Day[i] < 1 || s.Day[i] > 127))
                    return "schedule entry " + i + " has an impossible " + (s.IsHoliday[i] ? "date" : "day set");
            }
            if (t.ClassCount > 1 || s.Count > 0 || s.OtherwiseGiven || s.UnsyncedGiven)
                if (t.ClassNames[0].Length == 0) return "a schedule needs named classes";
            int fallback = s.HasTimes ? ClassStrictness.Strictest(t) : 0;
            if ((!s.OtherwiseGiven && s.Otherwise != fallback) || (!s.UnsyncedGiven && s.Unsynced != fallback))
                return "the schedule's fallback class is not the one its rules give";
            return null;
        }

        private static uint[] ReadWords(ImageReader reader, int count)
        {
            uint[] words = new uint[count];
            for (int i = 0; i < count; i++) words[i] = reader.ReadU32();
            return words;
        }

        // One unnamed class, or every class named as the rule text allows, each name once.
        private static string CheckClassNames(RuleTrie t)
        {
            if (t.ClassCount == 1 && t.ClassNames[0].Length == 0) return null;
            for (int c = 0; c < t.ClassCount; c++)
            {
                string name = t.ClassNames[c];
                bool good = name.Length >= 1 && name.Length <= RuleSet.MaxClassNameLength && name[0] >= 'a' && name[0] <= 'z';
                for (int i = 0; i < name.Length && good; i++)
                {
                    char ch = name[i];
                    good = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
                }
                if (!good) return "class " + c + " has no valid name";
                for (int o = 0; o < c; o++)
                    if (t.ClassNames[o] == name) return "class name '" + name + "' is given twice";
            }
            return null;
        }

        // Patterns only name rules in records, but must still be what the rule text could have written.
        private static string CheckPatterns(RuleTrie t)
        {
            for (int q = 0; q < t.PatternCount; q++)
            {
                if (t.PatternClass[q] >= t.ClassCount) return "pattern " + q + " names class " + t.PatternClass[q] + " of " + t.ClassCount;
                int f = t.PatternFlags[q];
                if ((f & ~(RuleTrie.PatternBlock | RuleTrie.PatternPlain | RuleTrie.PatternLimit)) != 0) return "pattern " + q + " has unknown flags";
                if ((f & RuleTrie.PatternLimit) != 0 && ((f & RuleTrie.PatternBlock) != 0 || t.PatternLimitSeconds[q] < 1 || t.PatternLimitSeconds[q] > RuleDuration.MaxSeconds))
                    return "pattern " + q + " has an impossible talk time limit";
                bool wild = false;
                for (int d = 0; d < t.PatternLength[q]; d++)
                {
                    int set = t.PatternSets[q * RuleKeys.MaxPrefixLength + d];
                    int size = Bits.PopCount((uint)set);
                    if (set == 0 || (set & ~RuleTrie.ChildMask) != 0 || (size > 1 && (set & ~RuleSet.AnyDigit) != 0))
                        return "pattern " + q + " has an impossible key set at key " + (d + 1);
                    if (size > 1) wild = true;
                }
                if (wild == ((f & RuleTrie.PatternPlain) != 0)) return "pattern " + q + " is " + (wild ? "a wildcard marked plain" : "plain but not marked so");
            }
            return null;
        }

        // What the first bytes of an image say about it: foreign, short, or from another format or alphabet.
        private static string HeaderProblem(byte[] header, int available)
        {
            if (available >= 4 && !HasMagic(header)) return "not a Gateway rule image (bad magic; expected \"GWRT\")";
            if (available < HeaderSize) return "truncated image: " + available + " bytes, shorter than the " + HeaderSize + "-byte header";
            int format = U16(header, 4);
            if (format != FormatVersion && format != FormatVersion1)
                return "unsupported image format version " + format + " (this firmware reads versions " + FormatVersion1 + " and " + FormatVersion + ")";
            int keys = U16(header, 6);
            if (keys != RuleKeys.Count) return "image is for " + keys + " keys, this firmware has " + RuleKeys.Count + " (0-9 * #)";
            return null;
        }

        private static bool Refuse(string why, out string reason)
        {
            reason = why;
            return false;
        }

        private static string CheckStructure(RuleTrie t)
        {
            int n = t.NodeCount, ni = t.InternalCount;
            if ((t.BitsWord(0) & 1) == 0) return "the root is not an internal node";
            if ((n & 31) != 0 && (t.BitsWord(t.BitWordCount - 1) >> (n & 31)) != 0) return "bits set beyond the last node";
            int popcount = 0;
            for (int i = 0; i < t.BitWordCount; i++) popcount += Bits.PopCount(t.BitsWord(i));
            if (popcount != ni) return "internal node bits do not match the internal node count";
            // Directories are recomputed on the fly, not into new arrays: an update already holds
            // the old rules, the image and the new arrays at once on a small heap.
            int rank = 0, wordsPerSample = 1 << (RuleTrie.RankSampleShift - 5);
            for (int j = 0; j < t.RankSamples.Length; j++)
            {
                if (t.RankSamples[j] != rank) return "rank directory does not match the node bits";
                for (int w = j * wordsPerSample; w < (j + 1) * wordsPerSample && w < t.BitWordCount; w++)
                    rank += Bits.PopCount(t.BitsWord(w));
            }
            int children = 0, rulesFound = 0;
            for (int i = 0; i < ni; i++)
            {
                if ((i & ((1 << RuleTrie.ChildBaseShift) - 1)) == 0 && t.ChildBase[i >> RuleTrie.ChildBaseShift] != children + 1)
                    return "child directory does not match the node words";
                int w = t.NodeWord(i);
                if ((w & 0x8000) != 0) return "node word " + i + " uses a reserved bit";
                children += Bits.PopCount((uint)w & RuleTrie.ChildMask);
                for (int c = 0; c < t.ClassCount; c++)
                {
                    int f = t.Flags(i, c);
                    if ((f & RuleTrie.FlagRule) == 0 && (f & RuleTrie.FlagBlock) != 0) return "node word " + i + " has an action but no rule";
                    if ((f & RuleTrie.FlagRule) != 0) rulesFound++;
                    if (i == 0 && (f & RuleTrie.FlagRule) != 0) return "the root carries a rule";
                }
            }
            if (children != n - 1) return "child bitmaps name " + children + " children for " + (n - 1) + " non-root nodes";
            for (int c = 0; c < t.ClassCount; c++)
            {
                string problem = SparseProblem(c > 0 ? t.ClassFlags[c - 1] : null, c, "flags");
                if (problem == null) problem = SparseProblem(t.LeafRuleBits[c], c, "leaf rules");
                if (problem == null) problem = SparseProblem(t.LeafBlockBits[c], c, "leaf actions");
                if (problem != null) return problem;
                if (c == 0) continue;
                // Bit 3 of every nibble is reserved.
                SparseWords f = t.ClassFlags[c - 1];
                if ((f.Typical & 0x88888888u) != 0) return "class " + c + " flags use reserved bits";
                for (int i = 0; i < f.Stored.Length; i++)
                    if ((f.Stored[i] & 0x88888888u) != 0) return "class " + c + " flags use reserved bits";
            }
            int leaves = n - ni, words = (leaves + 31) >> 5;
            uint lastMask = (leaves & 31) == 0 ? 0xFFFFFFFFu : (1u << (leaves & 31)) - 1;
            for (int w = 0; w < words; w++)
            {
                uint mask = w == words - 1 ? lastMask : 0xFFFFFFFFu;
                uint anyRule = 0;
                for (int c = 0; c < t.ClassCount; c++)
                {
                    // Bits past the last leaf are never read (a typical word of ones may cover them).
                    uint ruleBits = t.LeafRuleBits[c] == null ? mask : t.LeafRuleBits[c][w] & mask;
                    uint blockBits = t.LeafBlockBits[c] == null ? 0 : t.LeafBlockBits[c][w] & mask;
                    if ((blockBits & ~ruleBits) != 0) return "a leaf has an action but no rule";
                    anyRule |= ruleBits;
                    rulesFound += Bits.PopCount(ruleBits);
                }
                if (anyRule != mask) return "a leaf ends no rule";
            }
            if (rulesFound != t.RuleCount) return "rule count does not match the trie";
            return null;
        }

        private static string SparseProblem(SparseWords s, int c, string what)
        {
            if (s == null) return null;
            string problem = s.Problem();
            return problem == null ? null : "class " + c + " " + what + ": " + problem;
        }

        private const int AllowFound = 1;
        private const int BlockFound = 2;

        // The rules listed are what the image means: the bits the cursor decides early by (uniform)
        // and the header's longest prefix are derived data, so a CRC-valid image that states them
        // differently from its rules would decide otherwise than `rules stats` and ToRuleSet show.
        private static string CheckMeaning(RuleTrie t)
        {
            int visited = 1, deepest = 0;
            string problem;
            for (int c = 0; c < t.ClassCount; c++)
            {
                visited = 1;
                deepest = 0;
                CheckSubtree(t, c, 0, 0, 0, t.DefaultBlocks[c], ref visited, ref deepest, out problem);
                if (problem != null) return t.ClassCount > 1 ? "class " + t.ClassNames[c] + ": " + problem : problem;
            }
            if (visited != t.NodeCount) return visited + " of " + t.NodeCount + " nodes are reachable from the root";
            if (deepest != t.MaxDepth) return "header says the longest prefix is " + t.MaxDepth + " keys, the rules' is " + deepest;
            return null;
        }

        // Depth-first below internal node <rank> (node number <node>, depth keys deep), whose
        // effective verdict is <effBlock>; returns the actions of the rules strictly below it.
        // Children must come after their parent (the breadth-first numbering), so a forged image
        // cannot loop, and recursion is bounded by MaxPrefixLength: no array is allocated.
        private static int CheckSubtree(RuleTrie t, int c, int node, int rank, int depth, bool effBlock, ref int visited, ref int deepest, out string problem)
        {
            problem = null;
            int word = t.NodeWord(rank);
            int below = 0, child = -1, r = 0;
            for (int k = 0; k < RuleKeys.Count; k++)
            {
                if ((word & (1 << k)) == 0) continue;
                // A node's children are numbered one after the other, so only the first needs the directories.
                if (child < 0)
                {
                    child = t.Child(rank, k);
                    if (child <= node) { problem = "node " + child + " comes before its parent " + node; return 0; }
                    r = t.Rank(child);
                }
                else
                {
                    if (t.IsInternal(child)) r++;
                    child++;
                }
                if (depth + 1 > RuleKeys.MaxPrefixLength) { problem = "a prefix is longer than " + RuleKeys.MaxPrefixLength + " keys"; return 0; }
                visited++;
                if (depth + 1 > deepest) deepest = depth + 1;
                if (!t.IsInternal(child))
                {
                    int leaf = t.LeafFlags(child - r, c);
                    if (leaf != 0) below |= (leaf & RuleTrie.FlagBlock) != 0 ? BlockFound : AllowFound;
                    continue;
                }
                int childWord = t.NodeWord(r);
                if ((childWord & RuleTrie.ChildMask) == 0) { problem = "internal node " + child + " has no children"; return 0; }
                int childFlags = t.Flags(r, c);
                bool childHasRule = (childFlags & RuleTrie.FlagRule) != 0;
                bool childBlocks = childHasRule ? (childFlags & RuleTrie.FlagBlock) != 0 : effBlock;
                if (childHasRule) below |= childBlocks ? BlockFound : AllowFound;
                below |= CheckSubtree(t, c, child, r, depth + 1, childBlocks, ref visited, ref deepest, out problem);
                if (problem != null) return 0;
            }
            bool uniform = (below & (effBlock ? AllowFound : BlockFound)) == 0;
            if (((t.Flags(rank, c) & RuleTrie.FlagUniform) != 0) != uniform)
                problem = "node " + node + " is marked " + (uniform ? "undecided" : "decided") + " but the rules below it " + (uniform ? "all agree" : "differ");
            return below;
        }

        private static bool Fail(string problem, out string reason)
        {
            reason = "invalid image: " + problem;
            return false;
        }

        private static string Hex(uint v)
        {
            return v.ToString("X8");
        }

        private static int U16(byte[] b, int p) { return b[p] | (b[p + 1] << 8); }

        private static uint U32(byte[] b, int p)
        {
            return (uint)(b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24));
        }

        private static void PutU16(byte[] b, int p, int v) { b[p] = (byte)v; b[p + 1] = (byte)(v >> 8); }

        private static void PutU32(byte[] b, int p, uint v)
        {
            b[p] = (byte)v; b[p + 1] = (byte)(v >> 8); b[p + 2] = (byte)(v >> 16); b[p + 3] = (byte)(v >> 24);
        }
    }
}
