using System.Linq;
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

        private static void Check(bool viaImage, int seed, int trials, bool stored = false)
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
                Assert.IsTrue(stored ? book.TryApplyImage(new ByteArrayImageSource(body), new ImageBytesFile(body), "v", out string reason, out string _)
                    : book.TryLoad(body, viaImage, "v", out reason, out string _), reason);
                Assert.AreEqual(stored, book.Trie.IsStored);
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
        public void Policies_kept_in_flash_decide_and_name_rules_like_text()
        {
            Check(true, Seed + 2, PropertyTrials.Of(150), stored: true);
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
            RuleTestSupport.AssertEveryDamagedByteAndCutRefused(image);
        }

        [TestMethod]
        public void An_image_with_codes_is_refused_for_every_flipped_byte_and_every_cut()
        {
            string text = RuleCodeTextTests.Policy("timezone +08:00\nschedule mon-fri 08:00-18:00 staff\ncodes *7 4\nlockout 3 5m 1h\n"
                + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711") + RuleCodeTextTests.CodeLine("guard", "night", RuleCodeTextTests.SaltB, "0815"));
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(text), out RuleSet set, out string error), error);
            byte[] image = RuleImage.Write(RuleTrieBuilder.Build(set, "v"));
            Assert.IsTrue(RuleImage.TryRead(new ChunkedImageSource(image, 7), out RuleTrie _, out string ok), ok);
            RuleTestSupport.AssertEveryDamagedByteAndCutRefused(image);
        }

        [TestMethod]
        public void A_forged_image_with_codes_that_rule_text_could_not_say_is_refused_with_a_reason()
        {
            string text = RuleCodeTextTests.Policy("codes *7 4\n" + RuleCodeTextTests.CodeLine("boss", "manager", RuleCodeTextTests.SaltA, "4711")
                + RuleCodeTextTests.CodeLine("guard", "night", RuleCodeTextTests.SaltB, "0815"));
            Assert.IsTrue(RuleTextParser.TryParse(RuleTestSupport.Utf8(text), out RuleSet set, out string error), error);
            RuleTrie trie = RuleTrieBuilder.Build(set, "v");
            trie.Codes.Labels[1] = "boss";
            Assert.IsFalse(RuleImage.TryRead(RuleImage.Write(trie), out RuleTrie _, out string reason));
            Assert.AreEqual("invalid image: code label 'boss' is given twice", reason);
            trie.Codes.Labels[1] = "guard";
            trie.Codes.CodeLength = 9;
            Assert.IsFalse(RuleImage.TryRead(RuleImage.Write(trie), out RuleTrie _, out reason));
            Assert.AreEqual("invalid image: code length 9 is not 4-8", reason);
            trie.Codes.CodeLength = 4;
            trie.Codes.Classes[1] = 3;
            Assert.IsFalse(RuleImage.TryRead(RuleImage.Write(trie), out RuleTrie _, out reason));
            Assert.AreEqual("invalid image: code 1 names a class the image does not have", reason);
        }

        // Authorization codes, the slow and obvious way (docs/rules.md, "Authorization codes").
        private sealed class CodeSpec
        {
            public string Prefix;
            public int Length;
            public readonly List<(string Code, int Class, string Label)> Codes = new List<(string, int, string)>();
        }

        private struct Expectation
        {
            public ReferenceState State;
            public int Class;
            public string Label;
            public bool Refused;   // a wrong code
        }

        private static Expectation[] ExpectWithCodes(Reference r, int c0, string number, CodeSpec cs)
        {
            int n = number.Length;
            var e = new Expectation[n + 1];
            for (int p = 0; p <= n; p++) e[p] = new Expectation { State = new ReferenceState(RuleVerdict.Continue, 0, 0, false), Class = c0 };
            string prefix = cs.Prefix;
            int match = 0;
            while (match < prefix.Length && match < n && number[match] == prefix[match]) match++;
            if (match < prefix.Length)
            {
                // Not a code entry: the keys are judged as usual, nothing decided before the key that departs from the prefix.
                ReferenceState[] normal = r.Expected(c0, number);
                for (int p = match + 1; p <= n; p++)
                {
                    ReferenceState s = normal[p - 1];
                    if (s.Verdict != RuleVerdict.Continue && s.At < match + 1) s.At = match + 1;
                    e[p - 1].State = s;
                }
                if (n == 0) e[0].State = normal[0];
                else if (match == n)
                {
                    ReferenceState s = normal[n - 1].Verdict != RuleVerdict.Continue ? normal[n - 1] : normal[n];
                    s.At = 0;
                    e[n].State = s;
                }
                else e[n].State = e[n - 1].State.Verdict != RuleVerdict.Continue ? e[n - 1].State : normal[n];
                return e;
            }
            int codeEnd = prefix.Length + cs.Length;
            var wrong = new Expectation { State = new ReferenceState(RuleVerdict.Block, 0, 0, false), Class = c0, Refused = true };
            if (n < codeEnd)
            {
                e[n] = wrong;  // dialling ended inside the code
                return e;
            }
            string code = number.Substring(prefix.Length, cs.Length);
            int found = cs.Codes.FindIndex(k => k.Code == code);
            if (found < 0)
            {
                for (int p = codeEnd; p <= n + 1; p++) e[p - 1] = wrong;
                return e;
            }
            int c1 = cs.Codes[found].Class;
            string label = cs.Codes[found].Label;
            string rest = number.Substring(codeEnd);
            ReferenceState[] after = r.Expected(c1, rest);
            e[codeEnd - 1].Class = c1;
            e[codeEnd - 1].Label = label;
            for (int p = codeEnd + 1; p <= n + 1; p++)
                e[p - 1] = new Expectation { State = after[p - codeEnd - 1], Class = c1, Label = label };
            return e;
        }

        private static string Hex(byte[] b) { return System.Convert.ToHexString(b); }

        private static CodeSpec RandomCodes(SeededRandom rng, Reference reference, StringBuilder text)
        {
            var cs = new CodeSpec();
            const string prefixKeys = "0129*#";
            while (true)
            {
                int length = 1 + rng.Next(3);
                var sb = new StringBuilder();
                for (int i = 0; i < length; i++) sb.Append(prefixKeys[rng.Next(prefixKeys.Length)]);
                string prefix = sb.ToString();
                bool overlaps = false;
                foreach (string em in reference.Emergency) overlaps |= prefix.StartsWith(em, System.StringComparison.Ordinal) || em.StartsWith(prefix, System.StringComparison.Ordinal);
                if (overlaps) continue;
                cs.Prefix = prefix;
                break;
            }
            cs.Length = 4 + rng.Next(2);
            text.Append("codes ").Append(cs.Prefix).Append(' ').Append(cs.Length).Append('\n');
            int count = 1 + rng.Next(3);
            while (cs.Codes.Count < count)
            {
                var digits = new StringBuilder();
                for (int i = 0; i < cs.Length; i++) digits.Append((char)('0' + rng.Next(rng.Next(2) == 0 ? 2 : 10)));
                string code = digits.ToString();
                if (cs.Codes.Exists(k => k.Code == code)) continue;
                int cls = rng.Next(reference.Classes.Count);
                string label = "k" + cs.Codes.Count;
                cs.Codes.Add((code, cls, label));
                byte[] salt = new byte[8];
                rng.NextBytes(salt);
                byte[] hash = System.Security.Cryptography.SHA256.HashData(salt.Concat(Encoding.ASCII.GetBytes(code)).ToArray());
                text.Append("code ").Append(label).Append(' ').Append(reference.Classes[cls].Name).Append(' ').Append(Hex(salt)).Append(':').Append(Hex(hash)).Append('\n');
            }
            return cs;
        }

        private static string WrongCode(SeededRandom rng, CodeSpec cs)
        {
            while (true)
            {
                var sb = new StringBuilder();
                for (int i = 0; i < cs.Length; i++) sb.Append(rng.Next(8) == 0 ? "*#"[rng.Next(2)] : (char)('0' + rng.Next(10)));
                string code = sb.ToString();
                if (!cs.Codes.Exists(k => k.Code == code)) return code;
            }
        }

        [TestMethod]
        public void Cursor_agrees_with_the_reference_at_every_key_with_codes_schedules_and_wildcards()
        {
            foreach (int mode in new[] { 0, 1, 2 })  // text, image in RAM, image kept in flash
            {
                bool viaImage = mode > 0, stored = mode == 2;
                int seed = Seed + 10 + mode;
                var rng = new SeededRandom(seed);
                int checkedKeys = 0, entries = 0, accepted = 0, trials = PropertyTrials.Of(viaImage ? 100 : 200);
                for (int trial = 0; trial < trials; trial++)
                {
                    Reference reference = RandomPolicy(rng, out string rules);
                    if (reference.Classes[0].Name.Length == 0) continue;  // codes name classes
                    var text = new StringBuilder(rules);
                    bool scheduled = reference.Classes.Count > 1;
                    // Local time = UTC: c0 in the mornings, c1 otherwise.
                    if (scheduled) text.Append("timezone +00:00\nschedule mon-sun 00:00-12:00 c0\notherwise c1\n");
                    CodeSpec cs = RandomCodes(rng, reference, text);
                    byte[] body = RuleTestSupport.Utf8(text.ToString());
                    bool parsed = RuleTextParser.TryParse(body, out RuleSet set, out string error);
                    Assert.AreEqual(!reference.Ambiguous(), parsed, "seed " + seed + " trial " + trial + ": " + error + "\n" + text);
                    if (!parsed) continue;
                    if (viaImage) body = RuleImage.Write(RuleTrieBuilder.Build(set, "v"));
                    var book = new RuleBook();
                    Assert.IsTrue(stored ? book.TryApplyImage(new ByteArrayImageSource(body), new ImageBytesFile(body), "v", out string reason, out string _)
                        : book.TryLoad(body, viaImage, "v", out reason, out string _), reason + "\n" + text);
                    Assert.AreEqual(stored, book.Trie.IsStored);
                    RuleCursor cursor = book.CreateCursor();
                    var decision = new RuleDecision();

                    var numbers = new List<string>();
                    for (int i = 0; i < 12; i++)
                    {
                        string tail = rng.Next(3) == 0 && reference.Classes[rng.Next(reference.Classes.Count)].Patterns.Count > 0
                            ? Instance(rng, reference.Classes[0].Patterns.Count > 0 ? reference.Classes[0].Patterns[rng.Next(reference.Classes[0].Patterns.Count)] : RandomPattern(rng, 0))
                            : (rng.Next(4) == 0 ? reference.Emergency[rng.Next(reference.Emergency.Length)] : RandomNumber(rng));
                        var k = cs.Codes[rng.Next(cs.Codes.Count)];
                        int departAt = rng.Next(cs.Prefix.Length);
                        switch (rng.Next(6))
                        {
                            case 0: case 1: numbers.Add(cs.Prefix + k.Code + tail); break;
                            case 2: numbers.Add(cs.Prefix + WrongCode(rng, cs) + tail); break;
                            case 3: numbers.Add(cs.Prefix.Substring(0, departAt) + ContinuationKeys[rng.Next(ContinuationKeys.Length)] + tail); break;
                            case 4: numbers.Add((cs.Prefix + k.Code).Substring(0, rng.Next(cs.Prefix.Length + cs.Length))); break;
                            default: numbers.Add(tail); break;
                        }
                    }
                    foreach (string number in numbers)
                    {
                        long at = new System.DateTimeOffset(2026, 11, 30, 0, 0, 0, System.TimeSpan.Zero).ToUnixTimeMilliseconds() + (long)rng.Next(7 * 1440) * 60000L;
                        int c0 = scheduled && System.DateTimeOffset.FromUnixTimeMilliseconds(at).Hour >= 12 ? 1 : 0;
                        Expectation[] expected = ExpectWithCodes(reference, c0, number, cs);
                        book.Lockout.Clear();
                        cursor.StartCall(at, true);
                        if (number.StartsWith(cs.Prefix, System.StringComparison.Ordinal)) entries++;
                        for (int p = 0; p <= number.Length; p++)
                        {
                            RuleVerdict got = p < number.Length ? cursor.Advance(number[p], p * 1000L) : cursor.Finish();
                            Expectation want = expected[p];
                            checkedKeys++;
                            string where = "seed " + seed + " trial " + trial + " class " + c0 + " number '" + number + "' after "
                                + (p < number.Length ? "key " + (p + 1) : "Finish") + "\nrules:\n" + text;
                            if (got != want.State.Verdict || cursor.DecidedAtDigit != want.State.At || cursor.RulePrefixLength != want.State.RuleLength || cursor.IsEmergency != want.State.Emergency)
                                Assert.Fail(where + "\nexpected " + want.State + ", got (" + cursor.Verdict + ", " + cursor.DecidedAtDigit + ", " + cursor.RulePrefixLength + ", " + cursor.IsEmergency + ")");
                            Assert.AreEqual(reference.Classes[want.Class].Name, cursor.ClassName, where);
                            Assert.AreEqual(want.Label, cursor.CodeLabel, where);
                            if (got == RuleVerdict.Continue) continue;
                            cursor.CopyDecisionTo(decision);
                            if (want.Refused)
                            {
                                Assert.AreEqual(DecisionKind.WrongCode, decision.Kind, where);
                                continue;
                            }
                            string judged = want.Label != null ? number.Substring(cs.Prefix.Length + cs.Length) : number;
                            string named = RuleDecision.Describe(decision.Kind, judged.Substring(0, System.Math.Min(want.State.RuleLength, judged.Length)), decision.Pattern());
                            Assert.AreEqual(NormalText(Named(want.State, reference, want.Class, judged)), named, where);
                        }
                        if (cursor.CodeLabel != null) accepted++;
                    }
                }
                Assert.IsTrue(checkedKeys > trials * 20, "only " + checkedKeys + " keys checked");
                Assert.IsTrue(entries > trials && accepted > trials / 2, entries + " code entries, " + accepted + " accepted: too few");
            }
        }
    }
}
