namespace Gateway.Core.Rules
{
    /// <summary>A read-only array of 32-bit words in which most words have one typical value: only the
    /// other words are stored, found by rank over one presence bit per word. O(1) per read.</summary>
    /// <remarks>
    /// A class's per-node and per-leaf bits are mostly alike (a small class has no rule on almost
    /// every node), so a plain bitmap per class would cost as much as the whole trie for a class of
    /// three rules. Stored words are found like trie nodes: a rank sample per 256 presence bits plus
    /// a popcount of at most 8 words.
    /// </remarks>
    internal sealed class SparseWords
    {
        internal const int SampleShift = 8;

        internal int Count;           // logical words
        internal uint Typical;        // the value of every word not stored
        internal uint[] Present;      // one bit per logical word: 1 = stored
        internal int[] Samples;       // stored words before every 256th logical word
        internal uint[] Stored;

        /// <summary>Word <paramref name="w"/>.</summary>
        public uint this[int w]
        {
            get
            {
                uint[] present = Present;
                uint bit = 1u << (w & 31);
                if ((present[w >> 5] & bit) == 0) return Typical;
                int r = Samples[w >> SampleShift];
                int i = (w >> SampleShift) << (SampleShift - 5);
                int last = w >> 5;
                for (; i < last; i++) r += Bits.PopCount(present[i]);
                r += Bits.PopCount(present[last] & (bit - 1));
                return Stored[r];
            }
        }

        /// <summary>Bytes of the arrays.</summary>
        public int SizeInBytes { get { return 4 * Present.Length + 4 * Samples.Length + 4 * Stored.Length; } }

        /// <summary>Bytes of the image section: typical value, stored count, presence bits, samples, stored words.</summary>
        internal static int ImageBytes(int count, int stored)
        {
            return 8 + 4 * PresentWords(count) + 4 * SampleCount(count) + 4 * stored;
        }

        internal static int PresentWords(int count) { return (count + 31) >> 5; }

        internal static int SampleCount(int count) { return (count >> SampleShift) + 1; }

        /// <summary>The words of <paramref name="dense"/>[0..count), the most common of a few likely values taken as typical.</summary>
        public static SparseWords Of(uint[] dense, int count)
        {
            uint[] candidates = new uint[] { 0u, 0xFFFFFFFFu, 0x44444444u, count > 0 ? dense[count - 1] : 0u, count > 0 ? dense[0] : 0u };
            uint typical = 0;
            int best = -1;
            for (int c = 0; c < candidates.Length; c++)
            {
                int n = 0;
                for (int w = 0; w < count; w++) if (dense[w] == candidates[c]) n++;
                if (n > best) { best = n; typical = candidates[c]; }
            }
            SparseWords s = new SparseWords();
            s.Count = count;
            s.Typical = typical;
            s.Present = new uint[PresentWords(count)];
            s.Stored = new uint[count - best];
            int k = 0;
            for (int w = 0; w < count; w++)
            {
                if (dense[w] == typical) continue;
                s.Present[w >> 5] |= 1u << (w & 31);
                s.Stored[k++] = dense[w];
            }
            s.Samples = RankSamples(s.Present, count);
            return s;
        }

        internal static int[] RankSamples(uint[] present, int count)
        {
            int[] samples = new int[SampleCount(count)];
            int r = 0, per = 1 << (SampleShift - 5);
            for (int j = 0; j < samples.Length; j++)
            {
                samples[j] = r;
                for (int w = j * per; w < (j + 1) * per && w < present.Length; w++) r += Bits.PopCount(present[w]);
            }
            return samples;
        }

        /// <summary>Null when the section is sound, else what is wrong (bits past the end, a wrong
        /// rank directory, a count of stored words that does not match, a stored typical word).</summary>
        internal string Problem()
        {
            int stored = 0;
            for (int i = 0; i < Present.Length; i++) stored += Bits.PopCount(Present[i]);
            if ((Count & 31) != 0 && Present.Length > 0 && (Present[Present.Length - 1] >> (Count & 31)) != 0) return "presence bits set past the end";
            if (stored != Stored.Length) return "presence bits do not match the stored words";
            int[] want = RankSamples(Present, Count);
            for (int j = 0; j < want.Length; j++)
                if (Samples[j] != want[j]) return "rank directory does not match the presence bits";
            for (int i = 0; i < Stored.Length; i++)
                if (Stored[i] == Typical) return "a stored word has the typical value";
            return null;
        }
    }
}
