using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Platform
{
    /// <summary>Numbers Core and the device tests turn into text read the same on nanoCLR as on .NET:
    /// nanoCLR formats them natively (nf-interpreter corlib_native_System_Number.cpp) and knows
    /// only the standard formats (docs/nanoframework.md, "Found on nanoCLR").</summary>
    [TestClass]
    public class NumberTextTests
    {
        [TestMethod]
        public void Hex_formats_Core_uses_give_the_same_text()
        {
            Assert.AreEqual("00000000", 0u.ToString("X8"), "RuleImage checksums");
            Assert.AreEqual("DEADBEEF", 0xDEADBEEFu.ToString("X8"));
            Assert.AreEqual("FFFFFFFF", uint.MaxValue.ToString("X8"));
            Assert.AreEqual("0000ABCD", 0xABCDu.ToString("X8"));
            Assert.AreEqual("00", 0.ToString("X2"), "JsonReader's byte 0x..");
            Assert.AreEqual("1F", 0x1F.ToString("X2"));
            Assert.AreEqual("FF", 0xFF.ToString("X2"));
        }

        [TestMethod]
        public void Integers_put_into_messages_read_the_same()
        {
            Assert.AreEqual("payload is 65537 bytes", "payload is " + 65537 + " bytes");
            Assert.AreEqual("-9223372036854775808|9223372036854775807", long.MinValue + "|" + long.MaxValue);
            Assert.AreEqual("-2147483648|2147483647|0|-1", int.MinValue + "|" + int.MaxValue + "|" + 0 + "|" + -1);
            Assert.AreEqual("18446744073709551615|4294967295", ulong.MaxValue + "|" + uint.MaxValue);
        }

        [TestMethod]
        public void Zero_padded_decimal_formats_give_the_same_text()
        {
            Assert.AreEqual("07", 7.ToString("D2"));
            Assert.AreEqual("123", 123.ToString("D2"), "wider than the format");
            Assert.AreEqual("0042", 42.ToString("D4"));
            Assert.AreEqual("000", 0.ToString("D3"));
            Assert.AreEqual("-05", (-5).ToString("D2"));
        }
    }
}
