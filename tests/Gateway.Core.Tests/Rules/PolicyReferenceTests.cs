using System.Collections.Generic;
using System.Text;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Rules.Support;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Random rule sets with classes and wildcards against docs/rules.md written the slow,
    /// obvious way: every class, every key, and the rule each decision names (host-only: generics).</summary>
    [TestClass]
    public class PolicyReferenceTests
    {
        private const int Seed = 20261130;

        // Rules use these literal keys, x and digit sets inside 0-3, so the keys 4-8 all behave
        // alike and "4" stands for them when continuations are tried.
        private const string LiteralKeys = "0129*#";
        private const string ContinuationKeys = "012349*#";

        private sealed class Pattern
        {
            public int[] Sets;       // 12-bit key sets
            public bool Block;
            public int Line;
            public string Text;
        }

        private sealed class PolicyClass
        {
            public string Name;
            public bool DefaultBlock;
            public readonly List<Pattern> Patterns = new List<Pattern>();
        }

        private sealed class Reference
        {
            public readonly List<PolicyClass> Classes = new List<PolicyClass>();
            public readonly string[] Emergency = EmergencyNumbers.DefaultProfile;
            private readonly Dictionary<string, bool> _uniform = new Dictionary<string, bool>();

            private static bool Matches(Pattern p, string keys)
            {
                if (p.Sets.Length > keys.Length) return false;
                for (int d = 0; d < p.Sets.Length; d++)
                {
                    int k = RuleKeys.IndexOf(keys[d]);
                    if (k < 0 || (p.Sets[d] & (1 << k)) == 0) return false;
                }
                return true;
            }

            private static int Size(int set) { int n = 0; for (; set != 0; set &= set - 1) n++; return n; }

            // docs/rules.md: longest, then the smaller set at the first position where sizes differ, then the first written.
            private static bool Beats(Pattern a, Pattern b)
            {
                if (a.Sets.Length != b.Sets.Length) return a.Sets.Length > b.Sets.Length;
                for (int d = 0; d < a.Sets.Length; d++)
                    if (Size(a.Sets[d]) != Size(b.Sets[d])) return Size(a.Sets[d]) < Size(b.Sets[d]);
                return a.Line < b.Line;
            }

            public Pattern Deciding(int c, string keys)
            {
                Pattern best = null;
                foreach (Pattern p in Classes[c].Patterns)
                    if (Matches(p, keys) && (best == null || Beats(p, best))) best = p;
                return best;
            }

            private string EmergencyIn(string keys)
            {
                string shortest = null;
                foreach (string e in Emergency)
                    if (keys.StartsWith(e, System.StringComparison.Ordinal) && (shortest == null || e.Length < shortest.Length)) shortest = e;
                return shortest;
            }

            public ReferenceState VerdictOf(int c, string keys, int at)
            {
                string e = EmergencyIn(keys);
                if (e != null) return new ReferenceState(RuleVerdict.Allow, at, e.Length, true);
                Pattern p = Deciding(c, keys);
                bool block = p == null ? Classes[c].DefaultBlock : p.Block;
                return new ReferenceState(block ? RuleVerdict.Block : RuleVerdict.Allow, at, p == null ? 0 : p.Sets.Length, false);
            }

            private int Depth()
            {
                int d = 3;
                foreach (PolicyClass pc in Classes)
                    foreach (Pattern p in pc.Patterns) if (p.Sets.Length > d) d = p.Sets.Length;
                return d;
            }

            // Every continuation up to the longest pattern (stopping included) gets the same verdict.
            public bool IsUniform(int c, string keys)
            {
                string memo = c + ":" + keys;
                if (_uniform.TryGetValue(memo, out bool known)) return known;
                RuleVerdict here = VerdictOf(c, keys, 0).Verdict;
                bool uniform = Same(c, keys, here, Depth() - keys.Length);
                _uniform[memo] = uniform;
                return uniform;
            }

            private bool Same(int c, string keys, RuleVerdict here, int more)
            {
                if (VerdictOf(c, keys, 0).Verdict != here) return false;
                if (more <= 0) return true;
                foreach (char k in ContinuationKeys)
                    if (!Same(c, keys + k, here, more - 1)) return false;
                return true;
            }

            public ReferenceState[] Expected(int c, string number)
            {
                var states = new ReferenceState[number.Length + 1];
                var current = new ReferenceState(RuleVerdict.Continue, 0, 0, false);
                int counted = 0;
                for (int p = 1; p <= number.Length; p++)
                {
                    if (RuleKeys.IndexOf(number[p - 1]) >= 0) counted++;
                    if (current.Verdict == RuleVerdict.Continue && IsUniform(c, number.Substring(0, p)))
                        current = VerdictOf(c, number.Substring(0, p), counted);
                    states[p - 1] = current;
                }
                if (current.Verdict == RuleVerdict.Continue) current = VerdictOf(c, number, 0);
                states[number.Length] = current;
                return states;
            }

            // Two rules of a class that disagree with nothing to choose between them: the text must be refused.
            public bool Ambiguous()
            {
                foreach (PolicyClass pc in Classes)
                    for (int i = 0; i < pc.Patterns.Count; i++)
                        for (int j = i + 1; j < pc.Patterns.Count; j++)
                        {
                            Pattern a = pc.Patterns[i], b = pc.Patterns[j];
                            if (a.Block == b.Block || a.Sets.Length != b.Sets.Length) continue;
                            bool tie = true;
                            for (int d = 0; d < a.Sets.Length && tie; d++)
                                tie = Size(a.Sets[d]) == Size(b.Sets[d]) && (a.Sets[d] & b.Sets[d]) != 0;
                            if (tie) return true;
                        }
                return false;
            }
        }

        private static Pattern RandomPattern(SeededRandom rng, int line)
        {
            int length = 1 + rng.Next(4);
            var sets = new int[length];
            var text = new StringBuilder();
            for (int d = 0; d < length; d++)
            {
                int kind = rng.Next(6);
                if (kind == 0) { sets[d] = RuleSet.AnyDigit; text.Append('x'); }
                else if (kind == 1)
                {
                    int from = rng.Next(3), to = from + 1 + rng.Next(3 - from);
                    for (int k = from; k <= to; k++) sets[d] |= 1 << k;
                    text.Append('[').Append(from).Append('-').Append(to).Append(']');
                }
                else
                {
                    char key = LiteralKeys[rng.Next(LiteralKeys.Length)];
                    sets[d] = 1 << RuleKeys.IndexOf(key);
                    text.Append(key);
                }
            }
            return new Pattern { Sets = sets, Block = rng.Next(2) == 0, Line = line, Text = text.ToString() };
        }

        private static Reference RandomPolicy(SeededRandom rng, out string text)
        {
            var reference = new Reference();
            var sb = new StringBuilder("# random policy\n");
            int line = 1;
            int classes = 1 + rng.Next(3);
            bool named = classes > 1 || rng.Next(2) == 0;
            for (int c = 0; c < classes; c++)
            {
                var pc = new PolicyClass { Name = named ? "c" + c : "", DefaultBlock = rng.Next(3) == 0 };
                reference.Classes.Add(pc);
                if (named) { sb.Append("class ").Append(pc.Name).Append('\n'); line++; }
                if (pc.DefaultBlock) { sb.Append("default block\n"); line++; }
                int rules = rng.Next(12);
                for (int i = 0; i < rules; i++)
                {
                    Pattern p = RandomPattern(rng, ++line);
                    pc.Patterns.Add(p);
                    sb.Append(p.Block ? "block " : "allow ").Append(p.Text).Append('\n');
                }
            }
            text = sb.ToString();
            return reference;
        }

        private static string RandomNumber(SeededRandom rng)
        {
            const string keys = "0123456789*#";
            int n = rng.Next(7);
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.Append(rng.Next(3) == 0 ? keys[rng.Next(12)] : LiteralKeys[rng.Next(LiteralKeys.Length)]);
            return sb.ToString();
        }

        // Keys the pattern matches: a random member of every set.
        private static string Instance(SeededRandom rng, Pattern p)
        {
            var sb = new StringBuilder();
            foreach (int set in p.Sets)
            {
                var members = new List<int>();
                for (int k = 0; k < RuleKeys.Count; k++) if ((set & (1 << k)) != 0) members.Add(k);
                sb.Append(RuleKeys.KeyAt(members[rng.Next(members.Count)]));
            }
            return sb.ToString();
        }

        private static string Named(ReferenceState s, Reference reference, int c, string number)
        {
            if (s.Verdict == RuleVerdict.Continue) return null;
            if (s.Emergency) return "emergency " + number.Substring(0, s.RuleLength);
            if (s.RuleLength == 0) return "default " + (s.Verdict == RuleVerdict.Block ? "block" : "allow");
            Pattern p = reference.Deciding(c, number.Substring(0, s.RuleLength));
            return (p.Block ? "block " : "allow ") + p.Text;
        }

        private static string NormalText(string written)
        {
            // The reference writes ranges as [a-b]; the box's normal form writes two digits as [ab].
            var sb = new StringBuilder();
            for (int i = 0; i < written.Length; i++)
            {
                if (written[i] == '[' && written[i + 4] == ']' && written[i + 3] - written[i + 1] == 1)
                {
                    sb.Append('[').Append(written[i + 1]).Append(written[i + 3]).Append(']');
                    i += 4;
                }
                else sb.Append(written[i]);
            }
            return sb.ToString();
        }

        private static void Check(bool viaImage, int seed, int trials)
        {
            var rng = new SeededRandom(seed);
            int checkedKeys = 0, refused = 0;
            for (int trial = 0; trial < trials; trial++)
            {
                Reference reference = RandomPolicy(rng, out string text);
                byte[] body = RuleTestSupport.Utf8(text);
                bool parsed = RuleTextParser.TryParse(body, out RuleSet set, out string error);
                Assert.AreEqual(!reference.Ambiguous(), parsed, "seed " + seed + " trial " + trial + ": " + error + "\n" + text);
                if (!parsed) { refused++; continue; }
                if (viaImage) body = RuleImage.Write(RuleTrieBuilder.Build(set, "v"));
                var book = new RuleBook();
                Assert.IsTrue(book.TryLoad(body, viaImage, "v", out string reason, out string _), reason);
                RuleCursor cursor = book.CreateCursor();
                var decision = new RuleDecision();
                for (int c = 0; c < reference.Classes.Count; c++)
                {
                    cursor.SelectClass(c);
                    var numbers = new List<string>();
                    foreach (PolicyClass pc in reference.Classes)
                        foreach (Pattern p in pc.Patterns) numbers.Add(Instance(rng, p) + (rng.Next(2) == 0 ? "" : LiteralKeys[rng.Next(LiteralKeys.Length)].ToString()));
                    foreach (string e in reference.Emergency) numbers.Add(e + RandomNumber(rng));
                    for (int i = 0; i < 25; i++) numbers.Add(RandomNumber(rng));
                    foreach (string number in numbers)
                    {
                        ReferenceState[] expected = reference.Expected(c, number);
                        cursor.Reset();
                        Assert.AreEqual(reference.Classes[c].Name, cursor.ClassName);
                        for (int p = 0; p <= number.Length; p++)
                        {
                            RuleVerdict got = p < number.Length ? cursor.Advance(number[p]) : cursor.Finish();
                            ReferenceState want = expected[p];
                            checkedKeys++;
                            if (got != want.Verdict || cursor.DecidedAtDigit != want.At || cursor.RulePrefixLength != want.RuleLength || cursor.IsEmergency != want.Emergency)
                                Assert.Fail("seed " + seed + " trial " + trial + " class " + c + " number '" + number + "' after "
                                    + (p < number.Length ? "key " + (p + 1) : "Finish") + ": expected " + want + ", got (" + cursor.Verdict + ", "
                                    + cursor.DecidedAtDigit + ", " + cursor.RulePrefixLength + ", " + cursor.IsEmergency + ")\nrules:\n" + text);
                            if (got == RuleVerdict.Continue) continue;
                            cursor.CopyDecisionTo(decision);
                            string named = RuleDecision.Describe(decision.Kind, number.Substring(0, System.Math.Min(want.RuleLength, number.Length)), decision.Pattern());
                            string wantNamed = Named(want, reference, c, number);
                            Assert.AreEqual(NormalText(wantNamed), named, "seed " + seed + " trial " + trial + " class " + c + " number '" + number + "'\nrules:\n" + text);
                        }
                    }
                }
            }
            Assert.IsTrue(checkedKeys > trials * 50, "only " + checkedKeys + " keys checked");
            Assert.IsTrue(refused < trials / 2, refused + " of " + trials + " random sets refused: the generator makes too many ties");
        }

        [TestMethod]
        public void Cursor_agrees_with_the_reference_at_every_key_in_every_class_with_wildcards()
        {
            Check(false, Seed, PropertyTrials.Of(300));
        }

        [TestMethod]
        public void Policies_loaded_from_an_image_decide_and_name_rules_like_text()
        {
            Check(true, Seed + 1, PropertyTrials.Of(150));
        }

        [TestMethod]
        public void The_trie_gives_back_its_classes_and_wildcards()
        {
            var rng = new SeededRandom(Seed + 2);
            for (int trial = 0; trial < PropertyTrials.Of(200); trial++)
            {
                Reference reference = RandomPolicy(rng, out string text);
                if (!RuleTextParser.TryParse(RuleTestSupport.Utf8(text), out RuleSet set, out string _)) continue;
                RuleTrie trie = RuleTrieBuilder.Build(set, "v");
                RuleTrie again = RuleTrieBuilder.Build(trie.ToRuleSet(), "v");
                CollectionAssert.AreEqual(RuleImage.Write(trie), RuleImage.Write(again), "seed " + (Seed + 2) + " trial " + trial + "\n" + text);
            }
        }

        private static readonly string[] Days = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

        [TestMethod]
        public void Schedules_give_the_class_a_calendar_gives_at_random_times_and_at_every_boundary()
        {
            var rng = new SeededRandom(Seed + 3);
            for (int trial = 0; trial < PropertyTrials.Of(200); trial++)
            {
                int offset = (rng.Next(26 * 4) - 12 * 4) * 15;  // -12:00 to +13:45 in quarter hours
                var text = new StringBuilder();
                text.Append("timezone ").Append(offset < 0 ? '-' : '+').Append((System.Math.Abs(offset) / 60).ToString("D2")).Append(':').Append((System.Math.Abs(offset) % 60).ToString("D2")).Append('\n');
                int classes = 2 + rng.Next(3);
                for (int c = 0; c < classes; c++) text.Append("class c").Append(c).Append('\n').Append(rng.Next(2) == 0 ? "default block\n" : "block 0\n");
                var entries = new List<(bool Holiday, int DayMask, System.DateTime Date, int Start, int End, int Class)>();
                var boundaries = new List<long>();
                int n = rng.Next(8);
                for (int e = 0; e < n; e++)
                {
                    int start = rng.Next(24 * 4) * 15, end = start + 15 + rng.Next((24 * 60 - start) / 15) * 15;
                    if (end > 1440) end = 1440;
                    int cls = rng.Next(classes);
                    string hours = (start / 60).ToString("D2") + ":" + (start % 60).ToString("D2") + "-" + (end / 60).ToString("D2") + ":" + (end % 60).ToString("D2");
                    if (rng.Next(3) == 0)
                    {
                        var date = new System.DateTime(2026, 11, 23).AddDays(rng.Next(14));
                        bool allDay = rng.Next(2) == 0;
                        entries.Add((true, 0, date, allDay ? 0 : start, allDay ? 1440 : end, cls));
                        text.Append("holiday ").Append(date.ToString("yyyy-MM-dd")).Append(allDay ? "" : " " + hours).Append(" c").Append(cls).Append('\n');
                    }
                    else
                    {
                        int a = rng.Next(7), b = rng.Next(7), mask = 0;
                        for (int d = a; ; d = (d + 1) % 7) { mask |= 1 << d; if (d == b) break; }
                        entries.Add((false, mask, default, start, end, cls));
                        text.Append("schedule ").Append(Days[a]).Append('-').Append(Days[b]).Append(' ').Append(hours).Append(" c").Append(cls).Append('\n');
                    }
                    for (int w = 0; w < 14; w++)
                        foreach (int minute in new[] { start, end })
                        {
                            long local = new System.DateTimeOffset(2026, 11, 23, 0, 0, 0, System.TimeSpan.Zero).AddDays(w).AddMinutes(minute).ToUnixTimeMilliseconds();
                            long utc = local - offset * 60000L;
                            boundaries.Add(utc - 1); boundaries.Add(utc); boundaries.Add(utc + 1);
                        }
                }
                int otherwise = rng.Next(classes);
                text.Append("otherwise c").Append(otherwise).Append('\n');
                Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(text.ToString()), out RuleSet set, out string error), error + "\n" + text);
                RuleTrie trie = RuleTrieBuilder.Build(set, "v");
                Assert.IsTrue(RuleImage.TryRead(RuleImage.Write(trie), out RuleTrie loaded, out string reason), reason);
                for (int k = 0; k < 100; k++) boundaries.Add(new System.DateTimeOffset(2026, 11, 22, 0, 0, 0, System.TimeSpan.Zero).ToUnixTimeMilliseconds() + (long)(rng.Next(16 * 1440)) * 60000L + rng.Next(60000));
                foreach (long utc in boundaries)
                {
                    var local = System.DateTimeOffset.FromUnixTimeMilliseconds(utc).ToOffset(System.TimeSpan.FromMinutes(offset));
                    int minute = local.Hour * 60 + local.Minute;
                    int want = -1;
                    foreach (var e in entries)
                        if (want < 0 && e.Holiday && local.Date == e.Date && minute >= e.Start && minute < e.End) want = e.Class;
                    int weekday = ((int)local.DayOfWeek + 6) % 7;
                    foreach (var e in entries)
                        if (want < 0 && !e.Holiday && (e.DayMask & (1 << weekday)) != 0 && minute >= e.Start && minute < e.End) want = e.Class;
                    if (want < 0) want = otherwise;
                    Assert.AreEqual(want, trie.ClassAt(utc, true), "seed " + (Seed + 3) + " trial " + trial + " at " + local.ToString("o") + "\n" + text);
                    Assert.AreEqual(want, loaded.ClassAt(utc, true), "from the image");
                }
            }
        }

        [TestMethod]
        public void An_image_whose_schedule_falls_back_to_another_class_than_its_rules_give_is_refused()
        {
            RuleSet set;
            string error;
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8("timezone +08:00\nclass day\nclass night\ndefault block\nschedule mon-fri 08:00-18:00 day\n"), out set, out error), error);
            RuleTrie trie = RuleTrieBuilder.Build(set, "v");
            Assert.AreEqual(1, trie.Schedule.UnsyncedClass);
            trie.Schedule.Unsynced = 0;
            Assert.IsFalse(RuleImage.TryRead(RuleImage.Write(trie), out RuleTrie _, out string reason));
            Assert.AreEqual("invalid image: the schedule's fallback class is not the one its rules give", reason);
            trie.Schedule.Unsynced = 1;
            byte[] image = RuleImage.Write(trie);
            for (int i = 0; i < image.Length; i++)
            {
                byte[] bad = (byte[])image.Clone();
                bad[i] ^= 0x21;
                Assert.IsFalse(RuleImage.TryRead(new ChunkedImageSource(bad, 7), out RuleTrie _, out string _), "byte " + i);
            }
            for (int cut = 4; cut < image.Length; cut++)
            {
                byte[] part = new byte[cut];
                System.Array.Copy(image, part, cut);
                Assert.IsFalse(RuleImage.TryRead(new ChunkedImageSource(part, 5), out RuleTrie _, out string why), "cut " + cut);
                Assert.IsTrue(why.Contains("truncated"), cut + ": " + why);
            }
        }
    }
}
