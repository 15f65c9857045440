using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Benchmarks;
using Gateway.Cli;
using Gateway.Core.Rules;

// Size and per-digit decision time of the rule trie against three baselines built in the same run.
// Stopwatch harness: warm-up pass, then the best of several timed passes. See docs/performance.md.
// Usage: dotnet run -c Release --project tests/Gateway.Benchmarks [-- --data DIR] [--passes N]

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? dataDir = null;
int passes = 5;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length) dataDir = args[++i];
    else if (args[i] == "--passes" && i + 1 < args.Length) passes = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else { Console.Error.WriteLine("usage: Gateway.Benchmarks [--data DIR] [--passes N]"); return 2; }
}
dataDir ??= Harness.FindDataDir();
if (dataDir == null || !Directory.Exists(dataDir))
{
    Console.Error.WriteLine("benchmarks: data directory not found; pass --data DIR (tests/data/prefixes in the repository)");
    return 2;
}

Console.WriteLine($"Gateway rule trie benchmark  .NET {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeInfo()}");
Console.WriteLine($"data: {Path.GetFullPath(dataDir)}");
Console.WriteLine();
bool ok = true;
foreach (string file in new[] { "cn-geocoding.txt", "world-carrier.txt" })
    ok &= Harness.RunDataSet(Path.Combine(dataDir, file), passes);
Harness.BuildTime(Path.Combine(dataDir, "cn-geocoding.txt"), passes);
return ok ? 0 : 1;

static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.OSDescription + ", " + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture;

namespace Gateway.Benchmarks
{
    internal static class Harness
    {
        private const int Numbers = 200_000;

        public static string? FindDataDir()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
                for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "Gateway.sln")))
                        return Path.Combine(d.FullName, "tests", "data", "prefixes");
            return null;
        }

        private static string[] LoadPrefixes(string path) =>
            File.ReadLines(path).Select(l => l.Split('\t')[0].Trim()).Where(p => p.Length > 0).ToArray();

        private static long SettledHeap()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }
            return GC.GetTotalMemory(true);
        }

        /// <summary>Managed heap kept alive by what <paramref name="build"/> returns (GC before/after; a few KB of noise).</summary>
        private static long Retained(Func<object> build, out object built)
        {
            long before = SettledHeap();
            built = build();
            long after = SettledHeap();
            GC.KeepAlive(built);
            return after - before;
        }

        /// <summary>The trie's heap, counted exactly: its arrays plus object headers (64-bit .NET: 24 B per array, ~80 B for the RuleTrie).</summary>
        private static long TrieHeap(RuleTrie t) => t.SizeInBytes + 5 * 24 + 80;

        /// <summary>A trie kept in flash, counted the same way: the arrays left in RAM (two fewer) and the
        /// read cache (StoredTrieWords: 512 B of groups, 34 ints of tags, four array headers, ~64 B of object).</summary>
        private static long StoredTrieHeap(RuleTrie t) => t.SizeInBytes + 3 * 24 + 80 + 512 + 34 * 4 + 4 * 24 + 64;

        /// <summary>A rule image in memory read at any position (the flash file of the device).</summary>
        private sealed class MemoryImageFile(byte[] data) : IRuleImageFile
        {
            public int Reads;

            public int ReadAt(int position, byte[] buffer, int offset, int count)
            {
                Reads++;
                int n = Math.Min(count, data.Length - position);
                if (n <= 0) return 0;
                Array.Copy(data, position, buffer, offset, n);
                return n;
            }
        }

        public static bool RunDataSet(string path, int passes)
        {
            string name = Path.GetFileName(path);
            string[] prefixes = LoadPrefixes(path);
            // A block list: every prefix of the table blocked, everything else allowed.
            bool[] blocks = Enumerable.Repeat(true, prefixes.Length).ToArray();
            string[] emergency = EmergencyNumbers.DefaultProfile;

            RuleSet set = new();
            foreach (string p in prefixes) set.Add(RuleVerdict.Block, p);
            RuleTrie trie = RuleTrieBuilder.Build(set, name);
            long trieRetained = TrieHeap(trie);
            int image = RuleImage.Write(trie).Length;

            RuleSet mixed = new();
            for (int i = 0; i < prefixes.Length; i++) mixed.Add(i % 2 == 0 ? RuleVerdict.Block : RuleVerdict.Allow, prefixes[i]);
            int mixedImage = RuleImage.Write(RuleTrieBuilder.Build(mixed, name)).Length;

            // Three classes (issue 14): the whole list in every class, then the list in one class beside two short ones.
            RuleSet shared = new();
            foreach (string cls in new[] { "staff", "night", "manager" }) shared.AddClass(cls);
            shared.SetDefault(1, RuleVerdict.Block);
            shared.SetDefault(2, RuleVerdict.Block);
            foreach (string p in prefixes)
            {
                shared.Add(0, RuleVerdict.Block, p, 0);
                shared.Add(1, RuleVerdict.Block, p, 0);
                shared.Add(2, RuleVerdict.Allow, p, 0);
            }
            int sharedImage = RuleImage.Write(RuleTrieBuilder.Build(shared, name)).Length;
            RuleSet office = new();
            foreach (string cls in new[] { "staff", "night", "manager" }) office.AddClass(cls);
            foreach (string p in prefixes) office.Add(0, RuleVerdict.Block, p, 0);
            office.SetDefault(1, RuleVerdict.Block);
            office.Add(1, RuleVerdict.Allow, "8", 0);
            office.Add(2, RuleVerdict.Block, "00", 0);
            int officeImage = RuleImage.Write(RuleTrieBuilder.Build(office, name)).Length;

            double floor = RulesSize.InformationFloorBytes(trie.NodeCount, trie.RuleCount);
            Console.WriteLine($"== {name}: {trie.RuleCount:N0} rules, {trie.NodeCount:N0} nodes ({trie.InternalCount:N0} internal, {trie.LeafCount:N0} leaves)");
            Console.WriteLine($"   information-theoretic floor (worst case, with rule marks): {floor:N0} B = {floor / 1024:F1} KiB, {floor / trie.NodeCount:F3} B/node");
            Console.WriteLine($"   trie image, all rules block:   {image,9:N0} B = {image / 1024.0,6:F1} KiB  {(double)image / trie.NodeCount:F3} B/node  {(double)image / trie.RuleCount:F3} B/rule  {image / floor:F2} x floor");
            Console.WriteLine($"   trie image, allow/block mixed: {mixedImage,9:N0} B = {mixedImage / 1024.0,6:F1} KiB  {(double)mixedImage / trie.NodeCount:F3} B/node  {(double)mixedImage / trie.RuleCount:F3} B/rule  {mixedImage / floor:F2} x floor");
            Console.WriteLine($"   three classes, list in each:   {sharedImage,9:N0} B = {sharedImage / 1024.0,6:F1} KiB  {(double)sharedImage / trie.NodeCount:F3} B/node  {(double)sharedImage / image:F2} x one class");
            Console.WriteLine($"   three classes, list in one:    {officeImage,9:N0} B = {officeImage / 1024.0,6:F1} KiB  {(double)officeImage / trie.NodeCount:F3} B/node  {(double)officeImage / image:F2} x one class");
            Console.WriteLine($"   trie in RAM: {trie.SizeInBytes:N0} B of arrays, {trieRetained:N0} B with object headers");

            long sortedBytes = Retained(() => new SortedArrayDecider(prefixes, blocks, false, emergency), out object sortedObj);
            long hashBytes = Retained(() => new HashDecider(BuildNodeTable(ObjectTrie(prefixes, blocks, false)), false, emergency), out object hashObj);
            long objectBytes = Retained(() => new ObjectTrieDecider(ObjectTrie(prefixes, blocks, false), false, emergency), out object objectObj);

            RuleBook book = new();
            book.Install(trie, name);
            // The same set kept in flash: its image read at any position, here from memory (on the
            // device a native file read on an open handle), so the ratio is the cache's own cost.
            byte[] imageBytes = RuleImage.Write(trie);
            var imageFile = new MemoryImageFile(imageBytes);
            RuleBook storedBook = new();
            if (!storedBook.TryApplyImage(new ByteArrayImageSource(imageBytes), imageFile, name, out string storedWhy, out _))
                throw new InvalidOperationException(storedWhy);
            RuleTrie stored = storedBook.Trie;
            long storedHeap = StoredTrieHeap(stored);
            Console.WriteLine($"   kept in flash: {stored.SizeInBytes:N0} B of arrays in RAM, {storedHeap:N0} B with object headers and the read cache; {stored.LargeArrayBytes:N0} B read from the image; loading it read {imageFile.Reads:N0} groups of 32 B");
            var deciders = new (string Name, IDecider Decider, long Bytes)[]
            {
                ("rule trie (RuleCursor)", new TrieDecider(book.CreateCursor()), trieRetained),
                ("trie kept in flash", new TrieDecider(storedBook.CreateCursor()), storedHeap),
                ("sorted string array", (IDecider)sortedObj, sortedBytes),
                ("hash table of prefixes", (IDecider)hashObj, hashBytes),
                ("object trie", (IDecider)objectObj, objectBytes),
            };

            (char[] keys, int[] starts) = Workload(prefixes, new Random(42));
            Console.WriteLine($"   workload: {Numbers:N0} numbers, {keys.Length:N0} keys; each number fed key by key until decided, then Finish");
            Console.WriteLine($"   {"structure",-24} {"heap bytes",12} {"B/node",8} {"x trie",8} {"ns/key",8} {"x trie",7} {"alloc B/key",12} {"keys fed",10} {"checksum",12}");
            // Passes interleave the structures, so a burst of load from elsewhere on the machine
            // hits them all alike; each keeps its best pass.
            int count = deciders.Length;
            double[] best = Enumerable.Repeat(double.MaxValue, count).ToArray();
            long[] fed = new long[count], checksum = new long[count], allocated = new long[count];
            foreach (var entry in deciders) Run(entry.Decider, keys, starts, out _, out _); // warm-up (JIT, caches)
            for (int p = 0; p < passes; p++)
            {
                for (int d = 0; d < count; d++)
                {
                    long a0 = GC.GetAllocatedBytesForCurrentThread();
                    long t0 = Stopwatch.GetTimestamp();
                    Run(deciders[d].Decider, keys, starts, out fed[d], out checksum[d]);
                    long t1 = Stopwatch.GetTimestamp();
                    allocated[d] = Math.Max(allocated[d], GC.GetAllocatedBytesForCurrentThread() - a0);
                    best[d] = Math.Min(best[d], (t1 - t0) * 1e9 / Stopwatch.Frequency / fed[d]);
                }
            }
            bool ok = allocated[0] == 0 && allocated[1] == 0;
            for (int d = 0; d < count; d++)
            {
                bool agree = checksum[d] == checksum[0] && fed[d] == fed[0];
                ok &= agree;
                var (label, _, bytes) = deciders[d];
                Console.WriteLine($"   {label,-24} {bytes,12:N0} {(double)bytes / trie.NodeCount,8:F2} {(double)bytes / trieRetained,8:F1} {best[d],8:F1} {best[d] / best[0],7:F2} {(double)allocated[d] / fed[d],12:F3} {fed[d],10:N0} {checksum[d],12}{(agree ? "" : "  DISAGREES")}");
            }
            int readsBefore = imageFile.Reads;
            Run(deciders[1].Decider, keys, starts, out long storedFed, out _);
            Console.WriteLine($"   kept in flash: {(imageFile.Reads - readsBefore) * 1000.0 / storedFed:F0} reads of 32 B per 1,000 keys (cache misses; at most 3 per key)");
            Console.WriteLine();
            return ok;
        }

        private static void Run(IDecider d, char[] keys, int[] starts, out long fed, out long checksum)
        {
            fed = 0;
            checksum = 0;
            for (int n = 0; n + 1 < starts.Length; n++)
            {
                d.Reset();
                RuleVerdict v = RuleVerdict.Continue;
                int i = starts[n], end = starts[n + 1];
                for (; i < end && v == RuleVerdict.Continue; i++) v = d.Advance(keys[i]);
                fed += i - starts[n];
                v = d.Finish();
                checksum += (int)v * 31 + d.DecidedAtDigit;
            }
        }

        /// <summary>Dialled numbers: most start with a (cut) prefix of the table, then random digits; some are random.</summary>
        private static (char[] keys, int[] starts) Workload(string[] prefixes, Random rng)
        {
            var sb = new StringBuilder();
            int[] starts = new int[Numbers + 1];
            for (int n = 0; n < Numbers; n++)
            {
                starts[n] = sb.Length;
                int length = rng.Next(3, 14);
                if (rng.Next(10) < 8)
                {
                    string p = prefixes[rng.Next(prefixes.Length)];
                    sb.Append(p, 0, Math.Min(p.Length, rng.Next(1, p.Length + 2)));
                }
                while (sb.Length - starts[n] < length) sb.Append((char)('0' + rng.Next(10)));
            }
            starts[Numbers] = sb.Length;
            return (sb.ToString().ToCharArray(), starts);
        }

        /// <summary>The plain object trie with the same per-node flags as the compiled one.</summary>
        internal static ObjectTrieDecider.Node ObjectTrie(string[] prefixes, bool[] blocks, bool defaultBlocks)
        {
            var root = new ObjectTrieDecider.Node();
            for (int i = 0; i < prefixes.Length; i++)
            {
                var node = root;
                foreach (char c in prefixes[i])
                {
                    node.Children ??= new ObjectTrieDecider.Node?[RuleKeys.Count];
                    int k = RuleKeys.IndexOf(c);
                    node = node.Children[k] ??= new ObjectTrieDecider.Node();
                }
                node.HasRule = true;
                node.Blocks = blocks[i];
            }
            Mark(root, defaultBlocks);
            return root;
        }

        // Returns the actions found strictly below the node (bit 0 allow, bit 1 block) and sets Uniform.
        private static int Mark(ObjectTrieDecider.Node node, bool effBlocks)
        {
            if (node.HasRule) effBlocks = node.Blocks;
            int below = 0;
            if (node.Children != null)
                foreach (var child in node.Children)
                    if (child != null)
                        below |= Mark(child, effBlocks) | (child.HasRule ? (child.Blocks ? 2 : 1) : 0);
            node.Uniform = (below & (effBlocks ? 1 : 2)) == 0;
            return below;
        }

        private static Dictionary<string, byte> BuildNodeTable(ObjectTrieDecider.Node root)
        {
            var table = new Dictionary<string, byte>();
            var keys = new char[RuleKeys.MaxPrefixLength];
            void Walk(ObjectTrieDecider.Node node, int depth)
            {
                if (node.Children == null) return;
                for (int k = 0; k < RuleKeys.Count; k++)
                {
                    var child = node.Children[k];
                    if (child == null) continue;
                    keys[depth] = RuleKeys.KeyAt(k);
                    table[new string(keys, 0, depth + 1)] = (byte)((child.HasRule ? HashDecider.HasRule : 0)
                        | (child.Blocks ? HashDecider.Blocks : 0) | (child.Uniform ? HashDecider.IsUniform : 0));
                    Walk(child, depth + 1);
                }
            }
            Walk(root, 0);
            table.TrimExcess();
            return table;
        }

        /// <summary>Time to turn 100,000 rules into a trie: from rule text (parse + build) and from a parsed set.</summary>
        public static void BuildTime(string cnPath, int passes)
        {
            string[] prefixes = LoadPrefixes(cnPath).Take(100_000).ToArray();
            var text = new StringBuilder();
            for (int i = 0; i < prefixes.Length; i++) text.Append(i % 3 == 0 ? "allow " : "block ").Append(prefixes[i]).Append('\n');
            byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
            double bestText = double.MaxValue, bestSet = double.MaxValue, bestLoad = double.MaxValue;
            RuleTrie? trie = null;
            for (int p = 0; p < passes + 1; p++)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (!RuleTextParser.TryParse(bytes, out RuleSet set, out string error)) throw new InvalidOperationException(error);
                long t1 = Stopwatch.GetTimestamp();
                trie = RuleTrieBuilder.Build(set, "bench");
                long t2 = Stopwatch.GetTimestamp();
                byte[] image = RuleImage.Write(trie);
                long t3 = Stopwatch.GetTimestamp();
                if (!RuleImage.TryRead(image, out _, out string reason)) throw new InvalidOperationException(reason);
                long t4 = Stopwatch.GetTimestamp();
                if (p == 0) continue; // warm-up
                bestText = Math.Min(bestText, (t2 - t0) * 1000.0 / Stopwatch.Frequency);
                bestSet = Math.Min(bestSet, (t2 - t1) * 1000.0 / Stopwatch.Frequency);
                bestLoad = Math.Min(bestLoad, (t4 - t3) * 1000.0 / Stopwatch.Frequency);
            }
            Console.WriteLine($"== build: 100,000 rules (first 100,000 of cn-geocoding, one in three allowed), {trie!.NodeCount:N0} nodes");
            Console.WriteLine($"   rule text -> trie (parse + sort + build): {bestText,7:F1} ms");
            Console.WriteLine($"   parsed set -> trie (build only):         {bestSet,7:F1} ms");
            Console.WriteLine($"   image -> trie (check CRC + copy + verify): {bestLoad,5:F1} ms");
        }
    }
}
