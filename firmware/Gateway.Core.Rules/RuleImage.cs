namespace Gateway.Core.Rules
{
    /// <summary>The compiled binary form of a rule set: a checked header, then the trie's arrays as they sit in RAM.</summary>
    /// <remarks>
    /// Little-endian. Header (32 bytes + version): magic "GWRT", format version (u16), key count
    /// (u16, 12), total length (u32), CRC-32 of every byte after the CRC field (u32), flags (u16),
    /// longest prefix (u8), version length (u8), rule count, node count, internal node count
    /// (u32 each), version text padded to 4 bytes. Then the sections: internal bits, rank samples,
    /// node words (padded to 4 bytes), child bases, leaf action bits (absent when all leaves agree).
    /// Byte layout in docs/rules.md. Reading only checks and copies: nothing is rebuilt.
    /// </remarks>
    public static class RuleImage
    {
        /// <summary>"GWRT": Gateway rule trie.</summary>
        public static readonly byte[] Magic = new byte[] { (byte)'G', (byte)'W', (byte)'R', (byte)'T' };

        /// <summary>Layout version this firmware writes and reads.</summary>
        public const int FormatVersion = 1;

        /// <summary>Bytes before the version text.</summary>
        public const int HeaderSize = 32;

        /// <summary>Longest rule-set version text an image can carry.</summary>
        public const int MaxVersionLength = 64;

        private const int CrcStart = 16;
        private const int FlagDefaultBlock = 1;
        private const int FlagLeavesAgree = 2;
        private const int FlagLeavesBlock = 4;

        /// <summary>True when <paramref name="data"/> starts with the image magic (how tools tell images from rule text).</summary>
        public static bool HasMagic(byte[] data)
        {
            if (data == null || data.Length < 4) return false;
            for (int i = 0; i < 4; i++)
                if (data[i] != Magic[i]) return false;
            return true;
        }

        /// <summary>The image of <paramref name="trie"/>.</summary>
        public static byte[] Write(RuleTrie trie)
        {
            string version = trie.Version == null ? "" : trie.Version;
            int versionLength = version.Length > MaxVersionLength ? MaxVersionLength : version.Length;
            int total = TotalLength(versionLength, trie.NodeCount, trie.InternalCount, trie.LeafBlockBits == null);
            byte[] image = new byte[total];
            for (int i = 0; i < 4; i++) image[i] = Magic[i];
            PutU16(image, 4, FormatVersion);
            PutU16(image, 6, RuleKeys.Count);
            PutU32(image, 8, (uint)total);
            int flags = (trie.Default == RuleVerdict.Block ? FlagDefaultBlock : 0)
                | (trie.LeafBlockBits == null ? FlagLeavesAgree : 0)
                | (trie.LeafBlockBits == null && trie.LeafAllBlock ? FlagLeavesBlock : 0);
            PutU16(image, 16, flags);
            image[18] = (byte)trie.MaxDepth;
            image[19] = (byte)versionLength;
            PutU32(image, 20, (uint)trie.RuleCount);
            PutU32(image, 24, (uint)trie.NodeCount);
            PutU32(image, 28, (uint)trie.InternalCount);
            int p = HeaderSize;
            for (int i = 0; i < versionLength; i++)
            {
                char c = version[i];
                image[p + i] = (byte)(c >= 0x20 && c < 0x7F ? c : '?');
            }
            p += Pad4(versionLength);
            for (int i = 0; i < trie.InternalBits.Length; i++, p += 4) PutU32(image, p, trie.InternalBits[i]);
            for (int i = 0; i < trie.RankSamples.Length; i++, p += 4) PutU32(image, p, (uint)trie.RankSamples[i]);
            for (int i = 0; i < trie.Nodes.Length; i++, p += 2) PutU16(image, p, trie.Nodes[i]);
            p = Pad4(p);
            for (int i = 0; i < trie.ChildBase.Length; i++, p += 4) PutU32(image, p, (uint)trie.ChildBase[i]);
            if (trie.LeafBlockBits != null)
                for (int i = 0; i < trie.LeafBlockBits.Length; i++, p += 4) PutU32(image, p, trie.LeafBlockBits[i]);
            PutU32(image, 12, Crc32.Compute(image, CrcStart, total - CrcStart));
            return image;
        }

        private static int Pad4(int n) { return (n + 3) & ~3; }

        private static int TotalLength(int versionLength, int nodes, int internalNodes, bool leavesAgree)
        {
            int leaves = nodes - internalNodes;
            return HeaderSize + Pad4(versionLength)
                + 4 * ((nodes + 31) >> 5)
                + 4 * ((nodes >> RuleTrie.RankSampleShift) + 1)
                + Pad4(2 * internalNodes)
                + 4 * ((internalNodes + (1 << RuleTrie.ChildBaseShift) - 1) >> RuleTrie.ChildBaseShift)
                + (leavesAgree ? 0 : 4 * ((leaves + 31) >> 5));
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
            trie = null;
            ImageReader reader = new ImageReader(source, CrcStart);
            byte[] header = new byte[HeaderSize];
            int got = reader.Read(header, 0, HeaderSize);
            string problem = HeaderProblem(header, got);
            if (problem != null) return Refuse(problem, out reason);
            uint declared = U32(header, 8);

            // The CRC can only be checked at the end, so the counts are checked against the declared
            // length before any array is allocated from them.
            int flags = U16(header, 16);
            int maxDepth = header[18];
            int versionLength = header[19];
            uint rules = U32(header, 20), nodes = U32(header, 24), internals = U32(header, 28);
            if ((flags & ~(FlagDefaultBlock | FlagLeavesAgree | FlagLeavesBlock)) != 0)
                return Fail("unknown flags 0x" + Hex((uint)flags), out reason);
            if (maxDepth > RuleKeys.MaxPrefixLength) return Fail("longest prefix " + maxDepth + " exceeds " + RuleKeys.MaxPrefixLength, out reason);
            if (versionLength > MaxVersionLength) return Fail("version text longer than " + MaxVersionLength, out reason);
            if (nodes < 1 || nodes > 0x1000000 || internals < 1 || internals > nodes)
                return Fail("node counts out of range (" + nodes + " nodes, " + internals + " internal)", out reason);
            bool leavesAgree = (flags & FlagLeavesAgree) != 0;
            int n = (int)nodes, ni = (int)internals;
            if ((uint)TotalLength(versionLength, n, ni, leavesAgree) != declared)
                return Fail("section sizes do not add up to the " + declared + " bytes the header declares", out reason);

            byte[] versionBytes = new byte[Pad4(versionLength)];
            reader.Read(versionBytes, 0, versionBytes.Length);
            RuleTrie t = new RuleTrie();
            t.InternalBits = new uint[(n + 31) >> 5];
            for (int i = 0; i < t.InternalBits.Length; i++) t.InternalBits[i] = reader.ReadU32();
            t.RankSamples = new int[(n >> RuleTrie.RankSampleShift) + 1];
            for (int i = 0; i < t.RankSamples.Length; i++) t.RankSamples[i] = (int)reader.ReadU32();
            t.Nodes = new ushort[ni];
            for (int i = 0; i < ni; i++) t.Nodes[i] = (ushort)reader.ReadU16();
            if ((ni & 1) != 0) reader.ReadU16();
            t.ChildBase = new int[(ni + (1 << RuleTrie.ChildBaseShift) - 1) >> RuleTrie.ChildBaseShift];
            for (int i = 0; i < t.ChildBase.Length; i++) t.ChildBase[i] = (int)reader.ReadU32();
            int leaves = n - ni;
            if (!leavesAgree)
            {
                t.LeafBlockBits = new uint[(leaves + 31) >> 5];
                for (int i = 0; i < t.LeafBlockBits.Length; i++) t.LeafBlockBits[i] = reader.ReadU32();
            }
            if (reader.Ended)
                return Refuse("truncated image: header says " + declared + " bytes, got " + reader.Consumed, out reason);
            int extra = reader.ReadToEnd();
            if (extra > 0)
                return Refuse("image has " + extra + " bytes beyond the " + declared + " its header declares", out reason);
            uint stored = U32(header, 12);
            if (stored != reader.Crc)
                return Refuse("corrupted image: CRC-32 is 0x" + Hex(reader.Crc) + ", header says 0x" + Hex(stored), out reason);

            // The CRC matched, so what follows only guards against a well-formed but inconsistent
            // image (a tool bug or a forged one): it must never make the cursor read out of range.
            char[] versionChars = new char[versionLength];
            for (int i = 0; i < versionLength; i++)
            {
                byte b = versionBytes[i];
                if (b < 0x20 || b >= 0x7F) return Fail("version text is not printable ASCII", out reason);
                versionChars[i] = (char)b;
            }
            t.LeafAllBlock = leavesAgree && (flags & FlagLeavesBlock) != 0;
            t.Default = (flags & FlagDefaultBlock) != 0 ? RuleVerdict.Block : RuleVerdict.Allow;
            t.Version = new string(versionChars);
            t.RuleCount = (int)rules;
            t.NodeCount = n;
            t.InternalCount = ni;
            t.MaxDepth = maxDepth;

            problem = CheckStructure(t);
            if (problem == null) problem = CheckMeaning(t);
            if (problem != null) return Fail(problem, out reason);
            trie = t;
            reason = null;
            return true;
        }

        // What the first bytes of an image say about it: foreign, short, or from another format or alphabet.
        private static string HeaderProblem(byte[] header, int available)
        {
            if (available >= 4 && !HasMagic(header)) return "not a Gateway rule image (bad magic; expected \"GWRT\")";
            if (available < HeaderSize) return "truncated image: " + available + " bytes, shorter than the " + HeaderSize + "-byte header";
            int format = U16(header, 4);
            if (format != FormatVersion) return "unsupported image format version " + format + " (this firmware reads version " + FormatVersion + ")";
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
            if ((t.InternalBits[0] & 1) == 0) return "the root is not an internal node";
            if ((n & 31) != 0 && (t.InternalBits[t.InternalBits.Length - 1] >> (n & 31)) != 0) return "bits set beyond the last node";
            int popcount = 0;
            for (int i = 0; i < t.InternalBits.Length; i++) popcount += Bits.PopCount(t.InternalBits[i]);
            if (popcount != ni) return "internal node bits do not match the internal node count";
            // Directories are recomputed on the fly, not into new arrays: an update already holds
            // the old rules, the image and the new arrays at once on a small heap.
            int rank = 0, wordsPerSample = 1 << (RuleTrie.RankSampleShift - 5);
            for (int j = 0; j < t.RankSamples.Length; j++)
            {
                if (t.RankSamples[j] != rank) return "rank directory does not match the node bits";
                for (int w = j * wordsPerSample; w < (j + 1) * wordsPerSample && w < t.InternalBits.Length; w++)
                    rank += Bits.PopCount(t.InternalBits[w]);
            }
            int children = 0, internalRules = 0;
            for (int i = 0; i < ni; i++)
            {
                if ((i & ((1 << RuleTrie.ChildBaseShift) - 1)) == 0 && t.ChildBase[i >> RuleTrie.ChildBaseShift] != children + 1)
                    return "child directory does not match the node words";
                int w = t.Nodes[i];
                if ((w & 0x8000) != 0) return "node word " + i + " uses a reserved bit";
                if ((w & RuleTrie.HasRuleBit) == 0 && (w & RuleTrie.BlockBit) != 0) return "node word " + i + " has an action but no rule";
                children += Bits.PopCount((uint)w & RuleTrie.ChildMask);
                if ((w & RuleTrie.HasRuleBit) != 0) internalRules++;
            }
            if (children != n - 1) return "child bitmaps name " + children + " children for " + (n - 1) + " non-root nodes";
            if ((t.Nodes[0] & RuleTrie.HasRuleBit) != 0) return "the root carries a rule";
            int leaves = n - ni;
            if (internalRules + leaves != t.RuleCount) return "rule count does not match the trie";
            if (t.LeafBlockBits != null && (leaves & 31) != 0 && (t.LeafBlockBits[t.LeafBlockBits.Length - 1] >> (leaves & 31)) != 0)
                return "bits set beyond the last leaf";
            return null;
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
            CheckSubtree(t, 0, 0, 0, t.Default == RuleVerdict.Block, ref visited, ref deepest, out problem);
            if (problem != null) return problem;
            if (visited != t.NodeCount) return visited + " of " + t.NodeCount + " nodes are reachable from the root";
            if (deepest != t.MaxDepth) return "header says the longest prefix is " + t.MaxDepth + " keys, the rules' is " + deepest;
            return null;
        }

        // Depth-first below internal node <rank> (node number <node>, depth keys deep), whose
        // effective verdict is <effBlock>; returns the actions of the rules strictly below it.
        // Children must come after their parent (the breadth-first numbering), so a forged image
        // cannot loop, and recursion is bounded by MaxPrefixLength: no array is allocated.
        private static int CheckSubtree(RuleTrie t, int node, int rank, int depth, bool effBlock, ref int visited, ref int deepest, out string problem)
        {
            problem = null;
            int word = t.Nodes[rank];
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
                    below |= t.LeafBlocks(child - r) ? BlockFound : AllowFound;
                    continue;
                }
                int childWord = t.Nodes[r];
                if ((childWord & RuleTrie.ChildMask) == 0) { problem = "internal node " + child + " has no children"; return 0; }
                bool childHasRule = (childWord & RuleTrie.HasRuleBit) != 0;
                bool childBlocks = childHasRule ? (childWord & RuleTrie.BlockBit) != 0 : effBlock;
                if (childHasRule) below |= childBlocks ? BlockFound : AllowFound;
                below |= CheckSubtree(t, child, r, depth + 1, childBlocks, ref visited, ref deepest, out problem);
                if (problem != null) return 0;
            }
            bool uniform = (below & (effBlock ? AllowFound : BlockFound)) == 0;
            if (((word & RuleTrie.UniformBit) != 0) != uniform)
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
