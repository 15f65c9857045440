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

        [TestMethod]
        public void Advance_on_a_set_kept_in_flash_allocates_nothing_also_when_its_cache_misses()
        {
            var text = new StringBuilder("default allow\n");
            for (int i = 0; i < 5000; i++) text.Append(i % 4 == 0 ? "allow " : "block ").Append((i * 7919 % 1000000).ToString("D6")).Append('\n');
            Assert.IsTrue(RuleTextParser.TryParse(Utf8(text.ToString()), out RuleSet set, out string error), error);
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(set, "big"));
            var file = new Gateway.Core.Tests.Rules.Support.ImageBytesFile(image);
            var book = new RuleBook();
            Assert.IsTrue(book.TryApplyImage(new ByteArrayImageSource(image), file, "big", out string reason, out string _), reason);
            RuleCursor cursor = book.CreateCursor();
            // Numbers spread over the whole trie, more groups than the cache holds: misses on every round.
            string[] numbers = new string[40];
            for (int i = 0; i < numbers.Length; i++) numbers[i] = (i * 24989 % 1000000).ToString("D6") + "12";
            for (int warm = 0; warm < 2; warm++) Dial(cursor, numbers);

            int readsBefore = file.Reads;
            long before = AllocatedBytes();
            for (int round = 0; round < 200; round++) Dial(cursor, numbers);
            long allocated = AllocatedBytes() - before;

            Assert.IsTrue(file.Reads - readsBefore > 1000, "cache misses while measured: " + (file.Reads - readsBefore));
            Assert.AreEqual(0L, allocated, "bytes allocated on the per-digit path of a set kept in flash");
        }

        [TestMethod]
        public void Code_entries_right_wrong_locked_and_departed_allocate_nothing()
        {
            RuleBook book = Book(RuleCodeTextTests.Policy("codes *7 4\nlockout 3 10m 1m\n"
                + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711")
                + RuleCodeTextTests.CodeLine("guard", "night", RuleCodeTextTests.SaltB, "0815")));
            RuleCursor cursor = book.CreateCursor();
            string[] numbers = { "*747110044", "*708158123", "*70000", "*70000", "*70000", "*5123", "*", "*74", "110", "0044" };
            var decision = new RuleDecision();
            long now = 0;
            for (int warm = 0; warm < 2; warm++) now = DialTimed(cursor, numbers, now, decision);

            long before = AllocatedBytes();
            for (int round = 0; round < 300; round++) now = DialTimed(cursor, numbers, now, decision);
            long allocated = AllocatedBytes() - before;

            Assert.AreEqual(0L, allocated, "bytes allocated on the per-key path with codes");
        }

        private static long DialTimed(RuleCursor cursor, string[] numbers, long now, RuleDecision decision)
        {
            for (int n = 0; n < numbers.Length; n++)
            {
                cursor.StartCall(now, true);
                string number = numbers[n];
                for (int i = 0; i < number.Length; i++) cursor.Advance(number[i], now += 500);
                cursor.Finish();
                cursor.CopyDecisionTo(decision);
                now += 10000;
            }
            return now;
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
