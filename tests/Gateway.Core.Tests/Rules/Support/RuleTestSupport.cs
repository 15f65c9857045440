using System.Text;
using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules.Support
{
    /// <summary>Helpers for the rule tests that run on the host and on the device; data files and
    /// allocation counting are host-only (RuleTestSupport.Host.cs).</summary>
    internal static partial class RuleTestSupport
    {
        public static byte[] Utf8(string text) { return Encoding.UTF8.GetBytes(text); }

        /// <summary>A rule book with <paramref name="text"/> applied (the test fails if it is refused).</summary>
        public static RuleBook Book(string text, string[] extraEmergency = null)
        {
            RuleBook book = new RuleBook(extraEmergency);
            string reason, warnings;
            Assert.IsTrue(book.TryLoad(Utf8(text), false, "test", out reason, out warnings), reason);
            return book;
        }

        /// <summary>Parse error message for <paramref name="text"/> (the test fails if it parses).</summary>
        public static string ParseError(string text)
        {
            RuleSet set;
            string error;
            Assert.IsFalse(RuleTextParser.TryParse(Utf8(text), out set, out error), "expected a parse error");
            Assert.IsNotNull(error);
            return error;
        }

        /// <summary>Fails the test with the seed to reproduce it (nanoFramework.TestFramework has no Fail method).</summary>
        public static void Fail(int seed, string message) { Assert.IsTrue(false, "seed " + seed + ": " + message); }
    }
}
