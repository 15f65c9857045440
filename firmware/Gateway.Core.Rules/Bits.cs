namespace Gateway.Core.Rules
{
    /// <summary>Bit counting for the rank directories (the device runtime has no popcount intrinsic).</summary>
    internal static class Bits
    {
        /// <summary>Number of set bits (SWAR: constant time, no table).</summary>
        public static int PopCount(uint x)
        {
            x = x - ((x >> 1) & 0x55555555u);
            x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
            x = (x + (x >> 4)) & 0x0F0F0F0Fu;
            return (int)((x * 0x01010101u) >> 24);
        }
    }
}
