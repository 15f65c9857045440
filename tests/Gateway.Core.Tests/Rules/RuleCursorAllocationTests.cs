using System.Text;
using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>The per-digit path allocates nothing (the device's GC stops the world).</summary>
    [TestClass]
    public class RuleCursorAllocationTests
    {
        [TestMethod]
        public void Advance_Finish_and_Reset_allocate_nothing()
        {
            var text = new StringBuilder("default block\nblock 1\n");
            for (int i = 0; i < 2000; i++) text.Append(i % 3 == 0 ? "block " : "allow ").Append((i * 7919 % 100000).ToString("D5")).Append('\n');
            RuleBook book = Book(text.ToString(), new[] { "999" });
            RuleCursor cursor = book.CreateCursor();
            string[] numbers = { "110", "0012345678", "13800138000", "999", "12345#*0", "0086", "99", "" };
            for (int warm = 0; warm < 2; warm++) Dial(cursor, numbers);

            long before = AllocatedBytes();
            for (int round = 0; round < 1000; round++) Dial(cursor, numbers);
            long allocated = AllocatedBytes() - before;

            Assert.AreEqual(0L, allocated, "bytes allocated on the per-digit path");
        }

        private static void Dial(RuleCursor cursor, string[] numbers)
        {
            for (int n = 0; n < numbers.Length; n++)
            {
                cursor.Reset();
                string number = numbers[n];
                for (int i = 0; i < number.Length; i++) cursor.Advance(number[i]);
                cursor.Finish();
            }
        }
    }
}
