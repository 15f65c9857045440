using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>Writes a one-class trie in image format 1, as firmware before classes did, to prove such images still load.</summary>
    internal static class RuleImageVersion1
    {
        public static byte[] Write(RuleTrie trie)
        {
            int v = trie.Version.Length, pv = (v + 3) & ~3;
            int n = trie.NodeCount, ni = trie.InternalCount;
            uint[] leafBits = null;
            if (trie.LeafBlockBits[0] != null)
            {
                leafBits = new uint[trie.LeafBlockBits[0].Count];
                for (int w = 0; w < leafBits.Length; w++) leafBits[w] = trie.LeafBlockBits[0][w];
            }
            int total = 32 + pv + 4 * ((n + 31) >> 5) + 4 * trie.RankSamples.Length + ((2 * ni + 3) & ~3) + 4 * trie.ChildBase.Length
                + (leafBits == null ? 0 : 4 * leafBits.Length);
            byte[] b = new byte[total];
            b[0] = (byte)'G'; b[1] = (byte)'W'; b[2] = (byte)'R'; b[3] = (byte)'T';
            b[4] = 1; b[6] = 12;
            U32(b, 8, (uint)total);
            b[16] = (byte)((trie.Default == RuleVerdict.Block ? 1 : 0) | (leafBits == null ? 2 : 0) | (leafBits == null && trie.LeafAllBlock[0] ? 4 : 0));
            b[18] = (byte)trie.MaxDepth;
            b[19] = (byte)v;
            U32(b, 20, (uint)trie.RuleCount);
            U32(b, 24, (uint)n);
            U32(b, 28, (uint)ni);
            int p = 32;
            for (int i = 0; i < v; i++) b[p + i] = (byte)trie.Version[i];
            p += pv;
            for (int i = 0; i < trie.InternalBits.Length; i++, p += 4) U32(b, p, trie.InternalBits[i]);
            for (int i = 0; i < trie.RankSamples.Length; i++, p += 4) U32(b, p, (uint)trie.RankSamples[i]);
            for (int i = 0; i < ni; i++, p += 2) { b[p] = (byte)trie.Nodes[i]; b[p + 1] = (byte)(trie.Nodes[i] >> 8); }
            p = (p + 3) & ~3;
            for (int i = 0; i < trie.ChildBase.Length; i++, p += 4) U32(b, p, (uint)trie.ChildBase[i]);
            if (leafBits != null) for (int i = 0; i < leafBits.Length; i++, p += 4) U32(b, p, leafBits[i]);
            U32(b, 12, Crc32.Compute(b, 16, total - 16));
            return b;
        }

        private static void U32(byte[] b, int p, uint x)
        {
            b[p] = (byte)x; b[p + 1] = (byte)(x >> 8); b[p + 2] = (byte)(x >> 16); b[p + 3] = (byte)(x >> 24);
        }
    }
}
