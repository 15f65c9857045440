using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The CRC-32 every image, journal frame and transfer record is checked with.</summary>
    [TestClass]
    public class Crc32Tests
    {
        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
            return b;
        }

        // Bit by bit, straight from the definition (IEEE 802.3, reflected).
        private static uint Reference(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
            return crc ^ 0xFFFFFFFFu;
        }

        [TestMethod]
        public void The_standard_check_value_of_123456789_is_CBF43926()
        {
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(Ascii("123456789"), 0, 9));
            Assert.AreEqual(0u, Crc32.Compute(new byte[0], 0, 0));
            Assert.AreEqual(0x414FA339u, Crc32.Compute(Ascii("The quick brown fox jumps over the lazy dog"), 0, 43));
        }

        [TestMethod]
        public void Every_byte_value_at_every_offset_matches_the_bitwise_definition()
        {
            byte[] data = new byte[300];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + (i >> 8));
            for (int offset = 0; offset < 4; offset++)
                Assert.AreEqual(Reference(data, offset, data.Length - offset), Crc32.Compute(data, offset, data.Length - offset), "offset " + offset);
            for (int b = 0; b < 256; b++)
            {
                byte[] one = new byte[] { (byte)b };
                Assert.AreEqual(Reference(one, 0, 1), Crc32.Compute(one, 0, 1), "byte " + b);
            }
        }
    }
}
