using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>A set kept in flash (its node bits and node words read from the stored image) decides
    /// exactly as the same set in RAM, costs at most three reads per key, and a drive that stops
    /// answering never throws into a call.</summary>
    [TestClass]
    public class StoredTrieTests
    {
        private const string Keys = "0123456789*#";

        // A few thousand distinct rules of 1 to 8 keys, either action, with a default: levels of every width.
        private static byte[] RandomImage(int seed, int rules)
        {
            SeededRandom rng = new SeededRandom(seed);
            string text = rng.Next(2) == 0 ? "default block\n" : "default allow\n";
            for (int i = 0; i < rules; i++)
            {
                // Rules of one length get distinct indexes.
                string keys = DistinctKeys(i / 8, 1 + i % 8, 12, seed);
                if (keys == null) continue;
                text += (rng.Next(3) == 0 ? "allow " : "block ") + keys + "\n";
            }
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(text), out set, out error), error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, "r" + seed));
        }

        // The j-th of the distinct numbers of <length> keys over the first <radix> of Keys: j * 7919 +
        // offset is a bijection modulo radix^length. Null when j is past them all.
        private static string DistinctKeys(int j, int length, int radix, int offset)
        {
            long space = 1;
            for (int k = 0; k < length; k++) space *= radix;
            if (j >= space) return null;
            long v = ((long)j * 7919 + offset) % space;
            char[] keys = new char[length];
            for (int k = length - 1; k >= 0; k--) { keys[k] = Keys[(int)(v % radix)]; v /= radix; }
            return new string(keys);
        }

        // Dials <number> from a reset until decided: the verdict (Finish's when the keys leave it open).
        private static RuleVerdict Dial(RuleCursor cursor, string number)
        {
            cursor.Reset();
            RuleVerdict v = RuleVerdict.Continue;
            for (int p = 0; p < number.Length && v == RuleVerdict.Continue; p++) v = cursor.Advance(number[p]);
            return v == RuleVerdict.Continue ? cursor.Finish() : v;
        }

        private static RuleBook InRam(byte[] image)
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApplyImage(new ByteArrayImageSource(image), "v", out reason, out warnings), reason);
            Assert.IsFalse(book.Trie.IsStored);
            return book;
        }

        private static RuleBook Stored(byte[] image, ImageBytesFile file)
        {
            RuleBook book = new RuleBook();
            string reason, warnings;
            Assert.IsTrue(book.TryApplyImage(new ChunkedImageSource(image, 61), file, "v", out reason, out warnings), reason);
            Assert.IsTrue(book.Trie.IsStored);
            return book;
        }

        private static string RandomNumber(SeededRandom rng)
        {
            int length = 1 + rng.Next(12);
            char[] keys = new char[length];
            for (int k = 0; k < length; k++) keys[k] = Keys[rng.Next(12)];
            return new string(keys);
        }

        [TestMethod]
        public void A_set_kept_in_flash_decides_every_key_as_the_same_set_in_RAM()
        {
            // Large and tiny tries: in a tiny one both arrays fit in their first group.
            int[] sizes = new int[] { 1500, 3000, 40, 3 };
            for (int seed = 1; seed <= sizes.Length; seed++)
            {
                byte[] image = RandomImage(seed, sizes[seed - 1]);
                RuleBook ram = InRam(image);
                ImageBytesFile file = new ImageBytesFile(image);
                RuleBook flash = Stored(image, file);
                Assert.AreEqual(ram.Trie.NodeCount, flash.Trie.NodeCount);
                Assert.AreEqual(ram.Trie.SizeInBytes - flash.Trie.LargeArrayBytes, flash.Trie.SizeInBytes, "RAM left for the set kept in flash");
                RuleCursor a = ram.CreateCursor(), b = flash.CreateCursor();
                SeededRandom rng = new SeededRandom(seed * 31);
                int numbers = PropertyTrials.Of(2000), keys = 0;
                for (int i = 0; i < numbers; i++)
                {
                    string number = i < 12 * 13 ? (i < 12 ? Keys.Substring(i, 1) : Keys.Substring(i / 12 - 1, 1) + Keys[i % 12]) : RandomNumber(rng);
                    a.Reset();
                    b.Reset();
                    for (int p = 0; p <= number.Length; p++)
                    {
                        RuleVerdict va = p < number.Length ? a.Advance(number[p]) : a.Finish();
                        RuleVerdict vb = p < number.Length ? b.Advance(number[p]) : b.Finish();
                        keys++;
                        if (va != vb || a.DecidedAtDigit != b.DecidedAtDigit || a.RulePrefixLength != b.RulePrefixLength || a.IsEmergency != b.IsEmergency)
                            Assert.IsTrue(false, "seed " + seed + " number " + number + " key " + p + ": in RAM " + (int)va + "/" + a.RulePrefixLength
                                + ", in flash " + (int)vb + "/" + b.RulePrefixLength);
                        if (va != RuleVerdict.Continue) break;
                    }
                }
                Assert.AreEqual(0, flash.Trie.StoredReadFaults);
                Assert.IsTrue(keys > numbers, "keys compared: " + keys);
            }
        }

        [TestMethod]
        public void A_key_costs_at_most_three_reads_of_the_stored_image()
        {
            byte[] image = RandomImage(7, 3000);
            ImageBytesFile file = new ImageBytesFile(image);
            RuleBook flash = Stored(image, file);
            RuleCursor cursor = flash.CreateCursor();
            SeededRandom rng = new SeededRandom(77);
            int most = 0, misses = 0, keys = 0;
            for (int i = 0; i < PropertyTrials.Of(1000); i++)
            {
                string number = RandomNumber(rng);
                cursor.Reset();
                for (int p = 0; p < number.Length; p++)
                {
                    int before = file.Reads;
                    RuleVerdict v = cursor.Advance(number[p]);
                    int reads = file.Reads - before;
                    if (reads > most) most = reads;
                    misses += reads;
                    keys++;
                    if (v != RuleVerdict.Continue) break;
                }
            }
            Assert.IsTrue(most <= 3, "reads for one key: " + most);
            Assert.IsTrue(misses > 0, "the walk never read the stored image");
            // One file, one reader: every read the file saw (the load's checks included) was a cache miss of the trie's.
            Assert.AreEqual(file.Reads, flash.Trie.StoredReads);
        }

        [TestMethod]
        public void A_drive_that_stops_answering_counts_faults_and_never_throws_into_a_call()
        {
            byte[] image = RandomImage(11, 2000);
            ImageBytesFile file = new ImageBytesFile(image);
            RuleBook flash = Stored(image, file);
            RuleCursor cursor = flash.CreateCursor();
            file.Fail = true;
            SeededRandom rng = new SeededRandom(5);
            for (int i = 0; i < 300; i++)
            {
                string number = RandomNumber(rng);
                RuleVerdict v = Dial(cursor, number);
                Assert.IsTrue(v == RuleVerdict.Allow || v == RuleVerdict.Block, "number " + number);
            }
            Assert.IsTrue(flash.Trie.StoredReadFaults > 0);
            // Emergency numbers do not depend on the trie's words.
            string[] emergency = EmergencyNumbers.DefaultProfile;
            for (int e = 0; e < emergency.Length; e++)
            {
                cursor.Reset();
                for (int p = 0; p < emergency[e].Length; p++) cursor.Advance(emergency[e][p]);
                Assert.AreEqual(RuleVerdict.Allow, cursor.Finish(), emergency[e]);
            }
        }

        [TestMethod]
        public void A_drive_that_fails_anywhere_under_classes_and_mixed_leaves_never_throws_into_a_call()
        {
            // Two classes, leaves of both actions: leaf and class bits are read by ranks computed
            // from stored words, which a failing read turns into zeros. Every rule's own number is
            // dialled in both classes while reads fail from each group of the image on, and while
            // every second or third read fails.
            SeededRandom rng = new SeededRandom(99);
            string[] classes = new string[] { "class day\ndefault allow\n", "class night\ndefault block\n" };
            string[] numbers = new string[240];
            int count = 0;
            for (int i = 0; i < numbers.Length; i++)
            {
                // Distinct per length, and so per class.
                string keys = DistinctKeys(i / 6, 2 + i % 6, 10, 3);
                if (keys == null) continue;
                numbers[count++] = keys;
                classes[i & 1] += (rng.Next(2) == 0 ? "allow " : "block ") + keys + "\n";
            }
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(classes[0] + classes[1]), out set, out error), error);
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(set, "classes"));
            int faults = 0;
            for (int mode = 0; mode < image.Length / 32 + 3; mode++)
            {
                ImageBytesFile file = new ImageBytesFile(image);
                RuleBook flash = Stored(image, file);
                if (mode < 2) file.FailEvery = mode + 2;
                else file.FailFrom = (mode - 2) * 32;
                RuleCursor cursor = flash.CreateCursor();
                for (int i = 0; i < 2 * count; i++)
                {
                    string number = numbers[i >> 1];
                    cursor.SelectClass(i & 1);
                    RuleVerdict v = Dial(cursor, number);
                    Assert.IsTrue(v == RuleVerdict.Allow || v == RuleVerdict.Block, "number " + number);
                }
                faults += flash.Trie.StoredReadFaults;
            }
            Assert.IsTrue(faults > 0, "no read failed");
        }

        [TestMethod]
        public void A_stored_image_that_cannot_be_read_back_is_refused_and_the_old_set_stays()
        {
            byte[] image = RandomImage(3, 500);
            RuleBook book = InRam(RandomImage(4, 100));
            string version = book.Version;
            ImageBytesFile file = new ImageBytesFile(image);
            file.Fail = true;
            string reason, warnings;
            Assert.IsFalse(book.TryApplyImage(new ByteArrayImageSource(image), file, "new", out reason, out warnings));
            Assert.IsTrue(reason.IndexOf("could not be read back") >= 0, reason);
            Assert.AreEqual(version, book.Version);
        }

        [TestMethod]
        public void A_stored_image_damaged_after_its_CRC_passed_is_refused_by_the_checks()
        {
            // The bytes streamed to the CRC are good; the node bits read back from "flash" have one
            // bit flipped: the structure checks read the stored words, so every such flip is refused.
            byte[] image = RandomImage(5, 800);
            RuleTrie ram;
            string reason;
            Assert.IsTrue(RuleImage.TryRead(image, out ram, out reason), reason);
            // Format 2, one unnamed class without a limit: header, version padded to 4, a 4-byte class table.
            int bitsAt = RuleImage.HeaderSize2 + ((image[19] + 3) & ~3) + 4;
            int bitsBytes = 4 * ((ram.NodeCount + 31) >> 5);
            int refused = 0;
            for (int at = bitsAt; at < bitsAt + bitsBytes; at += 3)
            {
                byte[] damaged = (byte[])image.Clone();
                damaged[at] ^= 0x01;
                RuleTrie t;
                if (!RuleImage.TryRead(new ByteArrayImageSource(image), new ImageBytesFile(damaged), out t, out reason))
                {
                    Assert.IsTrue(reason.StartsWith("invalid image: "), reason);
                    refused++;
                }
                else Assert.IsTrue(false, "byte " + at + " flipped in flash was not noticed");
            }
            Assert.IsTrue(refused > 10, "flips tried: " + refused);
        }
    }
}
