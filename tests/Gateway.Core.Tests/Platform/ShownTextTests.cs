using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Platform
{
    /// <summary>Input quoted in messages: at most 40 characters, anything but printable ASCII as '?', from bytes and from text alike.</summary>
    [TestClass]
    public class ShownTextTests
    {
        [TestMethod]
        public void Printable_ascii_is_shown_as_is()
        {
            Assert.AreEqual("block 00#*", ShownText.Of("block 00#*"));
            Assert.AreEqual("", ShownText.Of(""));
            Assert.AreEqual("ab", ShownText.Of(new byte[] { 0x61, 0x62 }, 0, 2));
        }

        [TestMethod]
        public void Control_and_non_ascii_characters_are_masked()
        {
            // ESC [2J would clear an operator's terminal; other controls, DEL, a BOM and non-ASCII are no better.
            Assert.AreEqual("12?[2J34", ShownText.Of("12\u001b[2J34"));
            Assert.AreEqual("?a?b??", ShownText.Of("\u0001a\u007Fb\uFEFF\u00E9"));
            // A NUL only in bytes: nanoCLR ends a string literal at its first NUL.
            Assert.AreEqual("??x??", ShownText.Of(new byte[] { 0x00, 0x1B, 0x78, 0xC3, 0xA9 }, 0, 5));
        }

        [TestMethod]
        public void More_than_40_characters_are_cut_and_marked()
        {
            string forty = "0123456789012345678901234567890123456789";
            Assert.AreEqual(forty, ShownText.Of(forty));
            Assert.AreEqual(forty + "...", ShownText.Of(forty + "x"));
            byte[] b = new byte[1000];
            for (int i = 0; i < b.Length; i++) b[i] = (byte)'7';
            string shown = ShownText.Of(b, 10, 1000);
            Assert.AreEqual(43, shown.Length);
            Assert.AreEqual("7777777777777777777777777777777777777777...", shown);
        }
    }
}
