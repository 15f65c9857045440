using Gateway.Cli;
using Gateway.Core.Rules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway rules compile|stats|check`, driven in-process through Program.Run.</summary>
[TestClass]
public class RulesCommandTests
{
    private const string SpecExample = "# issue #3 example\nblock 0\nallow 010\nblock 00\nallow 0086\n";
    private string _dir = "";

    [TestInitialize]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gateway-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(_dir, true);

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int code, string stdout, string stderr) Run(string stdin, params string[] args)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(args, new StringReader(stdin), @out, err);
        return (code, @out.ToString(), err.ToString());
    }

    private string Compile(string text)
    {
        string image = Path.Combine(_dir, "rules.img");
        var r = Run("", "rules", "compile", WriteFile("rules.txt", text), "-o", image);
        Assert.AreEqual(0, r.code, r.stderr);
        return image;
    }

    [TestMethod]
    public void Check_prints_verdict_deciding_prefix_and_digit_for_each_number()
    {
        var r = Run("0215999\n0012\n00861234\n010\n00\n5\n", "rules", "check", "--rules", WriteFile("ex.rules", SpecExample));
        Assert.AreEqual(0, r.code, r.stderr);
        Assert.AreEqual(
            "0215999\tblock\t0\t2\n0012\tblock\t00\t3\n00861234\tallow\t0086\t4\n010\tallow\t010\t3\n00\tblock\t00\tend\n5\tallow\t-\t1\n",
            r.stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_reads_a_compiled_image_the_same_way()
    {
        string image = Compile(SpecExample);
        var r = Run("0215\n0086\n", "rules", "check", "--rules", image);
        Assert.AreEqual(0, r.code, r.stderr);
        Assert.AreEqual("0215\tblock\t0\t2\n0086\tallow\t0086\t4\n", r.stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_default_option_sets_the_action_when_no_rule_matches()
    {
        string text = WriteFile("ex.rules", SpecExample);
        Assert.AreEqual("5\tblock\t-\t1\n", Run("5\n", "rules", "check", "--rules", text, "--default", "block").stdout.Replace("\r\n", "\n"));
        string image = Compile(SpecExample);
        Assert.AreEqual("5\tblock\t-\t1\n", Run("5\n", "rules", "check", "--rules", image, "--default", "block").stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_lets_emergency_numbers_through_and_warns_about_the_rule()
    {
        var r = Run("110\n13\n", "rules", "check", "--rules", WriteFile("b.rules", "block 1\n"));
        Assert.AreEqual(0, r.code);
        Assert.AreEqual("110\tallow\t110\t3\n13\tblock\t1\t2\n", r.stdout.Replace("\r\n", "\n"));
        StringAssert.Contains(r.stderr, "rule 'block 1' would block emergency number 110");
    }

    [TestMethod]
    public void Check_emergency_option_adds_numbers_that_always_get_through()
    {
        string rules = WriteFile("w.rules", "default block\n");
        Assert.AreEqual("999\tblock\t-\t1\n", Run("999\n", "rules", "check", "--rules", rules).stdout.Replace("\r\n", "\n"));
        Assert.AreEqual("999\tallow\t999\t3\n", Run("999\n", "rules", "check", "--rules", rules, "--emergency", "999").stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_default_other_than_allow_or_block_is_a_usage_error()
    {
        var r = Run("", "rules", "check", "--rules", WriteFile("ex.rules", SpecExample), "--default", "maybe");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "--default must be allow or block");
    }

    [TestMethod]
    public void Check_refuses_a_line_that_is_not_a_number_with_exit_code_2()
    {
        var r = Run("010\n01x0\n", "rules", "check", "--rules", WriteFile("ex.rules", SpecExample));
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "stdin line 2: '01x0' is not a dialled number");
    }

    [TestMethod]
    public void Check_shows_a_bad_stdin_line_clipped_and_masked_as_rule_text_errors_do()
    {
        string rules = WriteFile("ex.rules", SpecExample);
        var r = Run("12\u001b[2J34\n", "rules", "check", rules);
        Assert.AreEqual(2, r.code);
        StringAssert.EndsWith(r.stderr.TrimEnd(), "stdin line 1: '12?[2J34' is not a dialled number (keys are 0-9 * #)");

        r = Run("0" + new string('x', 1_000_000) + "\n", "rules", "check", rules);
        Assert.AreEqual(2, r.code);
        StringAssert.EndsWith(r.stderr.TrimEnd(), "stdin line 1: '0" + new string('x', 39) + "...' is not a dialled number (keys are 0-9 * #)");
        Assert.IsTrue(r.stderr.Length < 400, r.stderr.Length.ToString());
    }

    [TestMethod]
    public void Check_accepts_a_utf8_byte_order_mark_on_stdin_as_rule_files_do()
    {
        var r = Run("\uFEFF0215999\n0012\n", "rules", "check", WriteFile("ex.rules", SpecExample));
        Assert.AreEqual(0, r.code, r.stderr);
        Assert.AreEqual(2, r.stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        StringAssert.StartsWith(r.stdout, "0215999\t");
    }

    [TestMethod]
    public void Rule_text_error_names_file_and_line_with_exit_code_2()
    {
        string path = WriteFile("bad.rules", "block 1\nbolck 2\n");
        var r = Run("", "rules", "check", "--rules", path);
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "bad.rules: line 2: unknown action 'bolck'");
    }

    [TestMethod]
    public void Corrupted_image_is_refused_with_the_reason_and_exit_code_2()
    {
        string image = Compile(SpecExample);
        byte[] bytes = File.ReadAllBytes(image);
        bytes[^1] ^= 0x10;
        File.WriteAllBytes(image, bytes);
        var r = Run("", "rules", "stats", image);
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "CRC-32");
    }

    [TestMethod]
    public void Missing_file_is_an_error_with_exit_code_2()
    {
        var r = Run("", "rules", "stats", Path.Combine(_dir, "nope.rules"));
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "cannot read");
    }

    [TestMethod]
    public void Compile_writes_an_image_with_magic_and_version()
    {
        string image = Path.Combine(_dir, "out.img");
        var r = Run("", "rules", "compile", WriteFile("ex.rules", SpecExample), "-o", image, "--version", "v42");
        Assert.AreEqual(0, r.code, r.stderr);
        StringAssert.Contains(r.stdout, "4 rules");
        byte[] bytes = File.ReadAllBytes(image);
        Assert.AreEqual("GWRT", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        StringAssert.Contains(Run("", "rules", "stats", image).stdout, "version     v42");
    }

    [TestMethod]
    public void Compile_without_output_is_a_usage_error()
    {
        var r = Run("", "rules", "compile", WriteFile("ex.rules", SpecExample));
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "gateway rules compile: -o IMAGE is required");
    }

    [TestMethod]
    public void Stats_reports_rules_nodes_bytes_and_ratios()
    {
        var r = Run("", "rules", "stats", WriteFile("ex.rules", SpecExample));
        Assert.AreEqual(0, r.code, r.stderr);
        // block 0, allow 010, block 00, allow 0086: root, 0, 01, 010, 00, 008, 0086 = 7 nodes.
        StringAssert.Contains(r.stdout, "rules       4");
        StringAssert.Contains(r.stdout, "nodes       7 (");
        StringAssert.Contains(r.stdout, "bytes/node  ");
        StringAssert.Contains(r.stdout, "bytes/rule  ");
        StringAssert.Contains(r.stdout, "bytes       ");
        StringAssert.Contains(r.stdout, "box RAM     ");
        StringAssert.Contains(r.stdout, "copied into RAM (image under 16384 bytes)");
    }

    [TestMethod]
    public void Stats_says_a_large_set_is_kept_in_flash_and_what_it_leaves_in_RAM()
    {
        var text = new System.Text.StringBuilder("default allow\n");
        for (int i = 0; i < 30000; i++) text.Append("block ").Append((1000000 + i * 13).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        string path = WriteFile("large.rules", text.ToString());
        var r = Run("", "rules", "stats", path);
        Assert.AreEqual(0, r.code, r.stderr);
        Assert.IsTrue(RuleTextParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text.ToString()), out RuleSet set, out string error), error);
        RuleTrie t = RuleTrieBuilder.Build(set, "");
        Assert.IsTrue(RuleImage.Write(t).Length >= 16384, "the set must be large enough");
        StringAssert.Contains(r.stdout, $"box RAM     {t.SizeInBytes - t.LargeArrayBytes} bytes: kept in flash (image of 16384 bytes or more), {t.LargeArrayBytes} bytes read from rules.bin");
        Assert.IsTrue(t.SizeInBytes - t.LargeArrayBytes < t.SizeInBytes / 4, "most of it stays in flash");
    }

    [TestMethod]
    public void Unknown_rules_subcommand_is_a_usage_error()
    {
        var r = Run("", "rules", "frob");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "unknown rules subcommand 'frob'");
    }

    // About 80 KB of rule text (5,000 rules): over the default limit as text, and still about 6 KB as an image.
    private string BigRules(int rules = 5000)
    {
        var text = new System.Text.StringBuilder("default allow\n");
        for (int i = 0; i < rules; i++) text.Append("block 9").Append((1000000 + i * 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        return WriteFile("big" + rules + ".rules", text.ToString());
    }

    [TestMethod]
    public void Push_sends_a_set_over_the_message_limit_as_a_staged_transfer()
    {
        // Port 1 refuses the connection: the set got past the size checks, to be staged.
        var r = Run("", "rules", "push", BigRules(), "--box", "b1", "--broker", "mqtt://127.0.0.1:1");
        Assert.AreEqual(1, r.code, r.stderr);
        Assert.IsFalse(r.stderr.Contains("over"), r.stderr);
        StringAssert.Contains(r.stderr, "cannot connect to mqtt://127.0.0.1:1");
    }

    [TestMethod]
    public void Push_refuses_a_set_that_does_not_fit_the_box_flash_before_connecting()
    {
        var r = Run("", "rules", "push", BigRules(40000), "--box", "b1", "--broker", "mqtt://127.0.0.1:1", "--version", "big-1");
        Assert.AreEqual(2, r.code, r.stderr);
        StringAssert.Matches(r.stderr, new System.Text.RegularExpressions.Regex(
            "^gateway rules push: the compiled set is [0-9]+ bytes, over the 12263 bytes of image the box's rules slot on flash holds \\(default settings\\); " +
            "a box takes larger sets with a larger maxRuleSetBytes \\(docs/flash.md\\): give it to --max-set-bytes as well"));
        // With the box's maxRuleSetBytes raised, it gets past the check (and fails to connect).
        r = Run("", "rules", "push", BigRules(40000), "--box", "b1", "--broker", "mqtt://127.0.0.1:1", "--max-set-bytes", "85000", "--timeout", "5");
        Assert.AreEqual(1, r.code, r.stderr);
        StringAssert.Contains(r.stderr, "cannot connect");
    }

    [TestMethod]
    public void Push_reads_the_missing_ranges_the_box_reports()
    {
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 7 }, RulesPushCommand.MissingChunks("0-3,7", 10));
        CollectionAssert.AreEqual(new[] { 2, 5, 6, 7, 8, 9 }, RulesPushCommand.MissingChunks("2,5,...", 10));
        CollectionAssert.AreEqual(System.Array.Empty<int>(), RulesPushCommand.MissingChunks("", 10));
        CollectionAssert.AreEqual(new[] { 8, 9 }, RulesPushCommand.MissingChunks("8-40", 10));
    }

    [TestMethod]
    public void Push_with_a_raised_limit_gets_past_the_size_check()
    {
        // Port 1 refuses the connection: the failure is the broker, not the size.
        var r = Run("", "rules", "push", BigRules(), "--box", "b1", "--broker", "mqtt://127.0.0.1:1", "--max-bytes", "200000", "--timeout", "5");
        Assert.AreNotEqual(0, r.code);
        Assert.IsFalse(r.stderr.Contains("over the box's limit"), r.stderr);
        StringAssert.Contains(r.stderr, "127.0.0.1");
    }

    [TestMethod]
    public void Push_limit_outside_the_settings_range_is_a_usage_error()
    {
        var r = Run("", "rules", "push", BigRules(), "--box", "b1", "--max-bytes", "100");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "--max-bytes: '100' is not 4096-1048576");
    }

    [TestMethod]
    public void Push_is_handed_to_the_push_command()
    {
        var r = Run("", "rules", "push");
        Assert.IsFalse(r.stderr.Contains("unknown rules subcommand"), r.stderr);
    }

    private const string Policy = "class staff\nblock 00\nallow 00x[2-5]\nclass night\ndefault block\nallow 8xx\n";

    [TestMethod]
    public void Check_judges_numbers_in_the_class_asked_for_and_names_the_rule_as_written()
    {
        string rules = WriteFile("policy.rules", Policy);
        var night = Run("0044\n812\n110\n", "rules", "check", rules, "--class", "night");
        Assert.AreEqual(0, night.code, night.stderr);
        Assert.AreEqual("0044\tblock\t-\t1\tnight\tdefault block\n812\tallow\t812\t3\tnight\tallow 8xx\n110\tallow\t110\t3\tnight\temergency 110\n",
            night.stdout.Replace("\r\n", "\n"));
        StringAssert.Contains(night.stderr, "classes staff (default allow), night (default block): valid");
        var staff = Run("0044\n0061\n", "rules", "check", Compile(Policy));
        Assert.AreEqual("0044\tallow\t0044\t4\tstaff\tallow 00x[2-5]\n0061\tblock\t00\t4\tstaff\tblock 00\n", staff.stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_refuses_a_class_the_rules_do_not_have()
    {
        var r = Run("", "rules", "check", WriteFile("policy.rules", Policy), "--class", "day");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "--class: the rules have no class 'day'");
        r = Run("", "rules", "check", WriteFile("plain.rules", SpecExample), "--class", "day");
        StringAssert.Contains(r.stderr, "--class: the rules have no class 'day' (they have no classes)");
    }

    private const string Scheduled = "timezone +08:00\nclass staff\nblock 00\nclass night\ndefault block\nallow 8xxx\n"
        + "schedule mon-fri 08:30-18:00 staff\nholiday 2026-10-01 night\n";

    [TestMethod]
    public void Check_at_a_time_judges_in_the_class_the_schedule_gives()
    {
        string rules = WriteFile("office.rules", Scheduled);
        var day = Run("5551234\n", "rules", "check", rules, "--at", "2026-11-30T09:00:00+08:00");
        Assert.AreEqual(0, day.code, day.stderr);
        Assert.AreEqual("5551234\tallow\t-\t1\tstaff\tdefault allow\n", day.stdout.Replace("\r\n", "\n"));
        var evening = Run("5551234\n", "rules", "check", Compile(Scheduled), "--at", "2026-11-30T10:00:00Z");
        Assert.AreEqual("5551234\tblock\t-\t1\tnight\tdefault block\n", evening.stdout.Replace("\r\n", "\n"), "18:00 local is night");
        var holiday = Run("5551234\n", "rules", "check", rules, "--at", "2026-10-01T09:00:00+08:00");
        StringAssert.Contains(holiday.stdout, "\tnight\t");
        var unsynced = Run("8123\n", "rules", "check", rules, "--at", "unsynced");
        Assert.AreEqual("8123\tallow\t8123\t4\tnight\tallow 8xxx\n", unsynced.stdout.Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void Check_at_refuses_a_time_without_an_offset_and_goes_without_class()
    {
        string rules = WriteFile("office.rules", Scheduled);
        var r = Run("", "rules", "check", rules, "--at", "2026-11-30T09:00");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "--at: '2026-11-30T09:00' is not a time with an offset");
        r = Run("", "rules", "check", rules, "--at", "unsynced", "--class", "staff");
        Assert.AreEqual(2, r.code);
        StringAssert.Contains(r.stderr, "give --at or --class, not both");
    }

    [TestMethod]
    public void Stats_describe_every_class_and_the_schedule()
    {
        var r = Run("", "rules", "stats", WriteFile("office.rules", Scheduled));
        Assert.AreEqual(0, r.code, r.stderr);
        StringAssert.Contains(r.stdout, "class       staff: default allow, 1 rules (0 allow, 1 block), allows 99.31 % of numbers");
        StringAssert.Contains(r.stdout, "class       night: default block, 1000 rules (1000 allow, 0 block), allows 4.82 % of numbers");
        StringAssert.Contains(r.stdout, "schedule    UTC+08:00, 2 windows and exceptions, otherwise night, unsynced night");
    }

    private static string CodeRules(string hashText) =>
        "class staff\nblock 00\nclass manager\ndefault allow\ncodes *7 4\ncode boss manager " + hashText + "\n";

    [TestMethod]
    public void Code_hash_prints_a_fresh_salt_and_the_sha256_of_salt_and_code()
    {
        var a = Run("", "rules", "code-hash", "4711");
        var b = Run("4711\n", "rules", "code-hash");
        Assert.AreEqual(0, a.code, a.stderr);
        Assert.AreEqual(0, b.code, b.stderr);
        string line = a.stdout.Trim();
        StringAssert.Matches(line, new System.Text.RegularExpressions.Regex("^[0-9A-F]{16}:[0-9A-F]{64}$"));
        Assert.AreNotEqual(line, b.stdout.Trim(), "a fresh salt each time");
        byte[] salt = Convert.FromHexString(line[..16]);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(salt.Concat(System.Text.Encoding.ASCII.GetBytes("4711")).ToArray());
        Assert.AreEqual(Convert.ToHexString(hash), line[17..]);
        Assert.AreEqual(2, Run("", "rules", "code-hash", "47a1").code);
        Assert.AreEqual(2, Run("", "rules", "code-hash", "123").code);
    }

    [TestMethod]
    public void Check_with_a_code_judges_numbers_in_the_code_class_and_a_wrong_code_as_such()
    {
        string hash = Run("", "rules", "code-hash", "4711").stdout.Trim();
        string rules = WriteFile("codes.rules", CodeRules(hash));
        var right = Run("0044\n", "rules", "check", rules, "--code", "4711");
        Assert.AreEqual(0, right.code, right.stderr);
        Assert.AreEqual("0044\tallow\t-\t1\tmanager\tdefault allow\n", right.stdout.Replace("\r\n", "\n"));
        StringAssert.Contains(right.stderr, "code: boss, class manager");
        Assert.IsFalse(right.stderr.Contains("4711"), "the code is never echoed");
        var wrong = Run("0044\n5\n5\n5\n5\n5\n5\n", "rules", "check", rules, "--code", "4712", "--at", "2026-11-30T09:00:00+08:00");
        Assert.AreEqual(0, wrong.code, wrong.stderr);
        string[] lines = wrong.stdout.Replace("\r\n", "\n").TrimEnd().Split('\n');
        Assert.AreEqual("0044\tblock\t-\tcode\tstaff\twrong code", lines[0]);
        Assert.AreEqual("5\tblock\t-\tcode\tstaff\twrong code", lines[6], "each number its own call: no lockout carried over");
        var none = Run("0044\n", "rules", "check", rules);
        Assert.AreEqual("0044\tblock\t00\t2\tstaff\tblock 00\n", none.stdout.Replace("\r\n", "\n"));
        var image = Compile(CodeRules(hash));
        Assert.AreEqual(right.stdout, Run("0044\n", "rules", "check", image, "--code", "4711").stdout, "from the image");
        Assert.AreEqual(2, Run("", "rules", "check", rules, "--code", "47").code);
        Assert.AreEqual(2, Run("", "rules", "check", WriteFile("plain.rules", "block 00\n"), "--code", "4711").code);
        var overlap = Run("", "rules", "check", rules, "--emergency", "*70");
        Assert.AreEqual(2, overlap.code);
        StringAssert.Contains(overlap.stderr, "code prefix '*7' starts emergency number *70");
    }

    [TestMethod]
    public void Stats_shows_the_codes()
    {
        string hash = Run("", "rules", "code-hash", "4711").stdout.Trim();
        var r = Run("", "rules", "stats", WriteFile("codes.rules", CodeRules(hash) + "lockout 3 90s 2h\n"));
        Assert.AreEqual(0, r.code, r.stderr);
        StringAssert.Contains(r.stdout, "codes       *7 then 4 digits, 1 codes, lockout 3 wrong in 90s for 2h");
    }
}
