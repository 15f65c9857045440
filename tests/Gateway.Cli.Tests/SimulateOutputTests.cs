using System.Text.Json;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate` end to end in-process: real decoding, sessions, rules and record encoding.</summary>
[TestClass]
public class SimulateOutputTests
{
    internal static string Repo(string relative)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Gateway.sln")))
                return Path.Combine(d.FullName, relative);
        throw new InvalidOperationException("repository root (Gateway.sln) not found above " + AppContext.BaseDirectory);
    }

    private static (int Code, string Out, string Err) Run(string[] args, string stdin = "")
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(args, new StringReader(stdin), @out, err);
        return (code, @out.ToString(), err.ToString());
    }

    private static List<JsonElement> Records(string output)
        => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string Outcomes(string output)
        => string.Join(" ", Records(output).Select(r => r.GetProperty("outcome").GetString()));

    [TestMethod]
    public void Dtmf_call_prints_exactly_one_record_line()
    {
        var r = Run(["simulate", "-", "--epoch", "00c0ffee00c0ffee"], "1000 hook off\n2000 dtmf 1 80\n2200 dtmf 3 80\n62000 hook on\n");
        Assert.AreEqual(0, r.Code, r.Err);
        Assert.AreEqual("{\"seq\":1,\"epoch\":\"00c0ffee00c0ffee\",\"box\":\"box1\",\"hw\":\"" + Gateway.Cli.Mqtt.SimulateNetworkOptions.MadeUpHw("box1") + "\",\"line\":\"line1\",\"direction\":\"outgoing\",\"digits\":\"13\",\"dial\":\"dtmf\","
            + "\"start\":\"2026-01-01T00:00:01.000Z\",\"end\":\"2026-01-01T00:01:02.000Z\",\"durationMs\":61000,\"outcome\":\"completed\","
            + "\"rule\":null,\"blockedAtDigit\":null,\"flashes\":0,\"emergency\":false,\"clockSynced\":true,"
            + "\"rulesVersion\":\"\",\"class\":null,\"decidedBy\":\"default allow\",\"limitMs\":null}" + Environment.NewLine, r.Out);
    }

    [TestMethod]
    public void Office_day_sample_gives_the_same_output_every_run()
    {
        string path = Repo("samples/office-day.scenario");
        var first = Run(["simulate", path, "--epoch", "00c0ffee00c0ffee"]);
        var second = Run(["simulate", path, "--epoch", "00c0ffee00c0ffee"]);
        Assert.AreEqual(0, first.Code, first.Err);
        Assert.AreEqual(first.Out, second.Out);
        Assert.AreEqual("completed incoming abandoned completed completed completed completed missed completed completed incoming", Outcomes(first.Out));
        CollectionAssert.AreEqual(Enumerable.Range(1, 11).ToList(), Records(first.Out).Select(x => x.GetProperty("seq").GetInt32()).ToList());
    }

    [TestMethod]
    public void Each_fresh_journal_draws_its_own_epoch_and_the_hw_follows_the_box_id()
    {
        // Two runs without --journal are two fresh journals: their records must never share a key.
        string call = "1000 hook off\n2000 dtmf 1 80\n62000 hook on\n";
        JsonElement a = Records(Run(["simulate", "-", "--box", "front"], call).Out)[0];
        JsonElement b = Records(Run(["simulate", "-", "--box", "front"], call).Out)[0];
        StringAssert.Matches(a.GetProperty("epoch").GetString()!, new System.Text.RegularExpressions.Regex("^[0-9a-f]{16}$"));
        Assert.AreNotEqual(a.GetProperty("epoch").GetString(), b.GetProperty("epoch").GetString());
        Assert.AreEqual(a.GetProperty("hw").GetString(), b.GetProperty("hw").GetString(), "stable for a box id");
        StringAssert.Matches(a.GetProperty("hw").GetString()!, new System.Text.RegularExpressions.Regex("^02[0-9a-f]{10}$"));
        JsonElement other = Records(Run(["simulate", "-", "--box", "back"], call).Out)[0];
        Assert.AreNotEqual(a.GetProperty("hw").GetString(), other.GetProperty("hw").GetString());
        JsonElement given = Records(Run(["simulate", "-", "--hw", "a4cf12b3c4d5"], call).Out)[0];
        Assert.AreEqual("a4cf12b3c4d5", given.GetProperty("hw").GetString());
    }

    [TestMethod]
    public void A_malformed_hw_or_epoch_is_refused_with_one_line()
    {
        foreach (string[] bad in new[] { new[] { "--hw", "A4CF12B3C4D5" }, new[] { "--hw", "a4:cf:12:b3:c4:d5" }, new[] { "--epoch", "123" }, new[] { "--epoch", "zz00000000000000" } })
        {
            var r = Run(["simulate", "-", .. bad], "1000 hook off\n2000 hook on\n");
            Assert.AreEqual(2, r.Code, string.Join(" ", bad) + ": " + r.Err);
            StringAssert.Contains(r.Err, bad[0]);
        }
    }

    [TestMethod]
    public void Office_day_with_office_rules_cuts_the_international_and_paid_calls()
    {
        var r = Run(["simulate", Repo("samples/office-day.scenario"), "--rules", Repo("samples/rules/office.rules")]);
        Assert.AreEqual(0, r.Code, r.Err);
        Assert.AreEqual("completed incoming abandoned completed completed completed blocked missed blocked completed incoming", Outcomes(r.Out));
        JsonElement emergency = Records(r.Out)[9];
        Assert.AreEqual("120", emergency.GetProperty("digits").GetString());
        Assert.IsTrue(emergency.GetProperty("emergency").GetBoolean());
    }

    [TestMethod]
    public void Policy_day_sample_judges_each_call_in_its_class_and_cuts_the_international_call_at_its_limit()
    {
        // The command docs/call-records.md gives for the sample.
        var r = Run(["simulate", Repo("samples/policy-day.scenario"), "--start", "2026-03-02T08:00:00+08:00", "--rules", Repo("samples/rules/office-policy.rules")]);
        Assert.AreEqual(0, r.Code, r.Err);
        Assert.AreEqual("blocked limited completed blocked completed blocked completed", Outcomes(r.Out));
        List<JsonElement> records = Records(r.Out);
        Assert.AreEqual("night staff staff staff night night night", string.Join(" ", records.Select(x => x.GetProperty("class").GetString())));
        Assert.AreEqual("default block|allow 00[1-9]|default allow|block 1259|allow 8xxx|default block|emergency 120",
            string.Join("|", records.Select(x => x.GetProperty("decidedBy").GetString())));
        JsonElement international = records[1];
        Assert.AreEqual(600000, international.GetProperty("limitMs").GetInt64());
        // Cut ten minutes after dialling ended, 4 s after the last key (seen a few ms into its tone at 2.7 s).
        long duration = international.GetProperty("durationMs").GetInt64();
        Assert.IsTrue(duration >= 2700 + 4000 + 600000 && duration < 2780 + 4000 + 600000, duration.ToString());
        Assert.AreEqual(3600000, records[2].GetProperty("limitMs").GetInt64(), "the staff class's hour");
        Assert.AreEqual(JsonValueKind.Null, records[6].GetProperty("limitMs").ValueKind, "an emergency call is never limited");
        Assert.IsTrue(records[6].GetProperty("emergency").GetBoolean());
    }

    [TestMethod]
    public void Blocked_call_records_rule_and_key_and_ends_when_the_loop_was_cut()
    {
        var r = Run(["simulate", "-", "--rules", Repo("samples/rules/office.rules")],
            "1000 hook off\n2000 dtmf 0 80\n2300 dtmf 0 80\n2600 dtmf 4 80\n3000 hook on\n");
        JsonElement rec = Records(r.Out).Single();
        Assert.AreEqual("blocked", rec.GetProperty("outcome").GetString());
        Assert.AreEqual("00", rec.GetProperty("rule").GetString());
        Assert.AreEqual(3, rec.GetProperty("blockedAtDigit").GetInt32());
        long end = DateTimeOffset.Parse(rec.GetProperty("end").GetString()!).ToUnixTimeMilliseconds();
        long start = DateTimeOffset.Parse(rec.GetProperty("start").GetString()!).ToUnixTimeMilliseconds();
        Assert.IsTrue(end - start < 2000, "the call ended at the cut (key 3 at about 2.6 s), not at the hang-up at 3 s");
    }

    [TestMethod]
    public void Caller_holding_the_handset_through_a_cut_gets_a_new_call()
    {
        var r = Run(["simulate", "-", "--rules", Repo("samples/rules/office.rules")],
            "1000 hook off\n2000 dtmf 1 80\n2300 dtmf 6 80\n10000 hook on\n");
        Assert.AreEqual("blocked abandoned", Outcomes(r.Out));
    }

    [TestMethod]
    public void Emergency_number_gets_through_a_default_block_rule_set()
    {
        string rules = Path.Combine(Path.GetTempPath(), "gateway-sim-" + Guid.NewGuid().ToString("N") + ".rules");
        File.WriteAllText(rules, "default block\n");
        var r = Run(["simulate", "-", "--rules", rules], "1000 hook off\n2000 dtmf 1 80\n2300 dtmf 1 80\n2600 dtmf 0 80\n60000 hook on\n");
        JsonElement rec = Records(r.Out).Single();
        Assert.AreEqual("completed", rec.GetProperty("outcome").GetString());
        Assert.IsTrue(rec.GetProperty("emergency").GetBoolean());
    }

    [TestMethod]
    public void Pulse_line_is_decoded_into_pulse_digits()
    {
        var r = Run(["simulate", "-"], "1000 hook off\n2000 pulse 305\n30000 hook on\n");
        JsonElement rec = Records(r.Out).Single();
        Assert.AreEqual("305", rec.GetProperty("digits").GetString());
        Assert.AreEqual("pulse", rec.GetProperty("dial").GetString());
    }

    [TestMethod]
    public void Flash_is_counted_and_a_long_break_is_a_hang_up()
    {
        var r = Run(["simulate", "-"], "1000 hook off\n5000 hook on\n5300 hook off\n9000 hook on\n9800 hook off\n12000 hook on\n");
        var recs = Records(r.Out);
        Assert.AreEqual(2, recs.Count);
        Assert.AreEqual(1, recs[0].GetProperty("flashes").GetInt32());
    }

    [TestMethod]
    public void A_transfer_to_a_blocked_number_after_a_recall_is_cut()
    {
        var r = Run(["simulate", Repo("samples/flash-transfer.scenario"), "--rules", Repo("samples/rules/office.rules")]);
        Assert.AreEqual(0, r.Code, r.Err);
        Assert.AreEqual("incoming completed abandoned blocked", Outcomes(r.Out));
        JsonElement first = Records(r.Out)[0], transfer = Records(r.Out)[3];
        Assert.AreEqual("R8021R", first.GetProperty("digits").GetString(), "an allowed transfer and the recall back to the caller");
        Assert.AreEqual("R004", transfer.GetProperty("digits").GetString());
        Assert.AreEqual("incoming", transfer.GetProperty("direction").GetString());
        Assert.AreEqual("00", transfer.GetProperty("rule").GetString());
        Assert.AreEqual(4, transfer.GetProperty("blockedAtDigit").GetInt32());
    }

    [TestMethod]
    public void Ringing_then_off_hook_is_an_incoming_record()
    {
        var r = Run(["simulate", Repo("samples/incoming-call.scenario")]);
        Assert.AreEqual("incoming missed incoming", Outcomes(r.Out));
        JsonElement missed = Records(r.Out)[1];
        Assert.AreEqual("incoming", missed.GetProperty("direction").GetString());
        Assert.AreEqual("", missed.GetProperty("digits").GetString());
    }

    [TestMethod]
    public void Start_box_and_line_options_appear_in_the_records()
    {
        var r = Run(["simulate", "-", "--start", "2026-03-02T08:00:00+08:00", "--box", "shop-7", "--line", "front"], "1000 hook off\n3000 hook on\n");
        JsonElement rec = Records(r.Out).Single();
        Assert.AreEqual("2026-03-02T00:00:01.000Z", rec.GetProperty("start").GetString());
        Assert.AreEqual("shop-7", rec.GetProperty("box").GetString());
        Assert.AreEqual("front", rec.GetProperty("line").GetString());
    }

    [TestMethod]
    public void Every_sample_scenario_runs_cleanly()
    {
        foreach (string path in Directory.GetFiles(Repo("samples"), "*.scenario"))
        {
            var r = Run(["simulate", path, "--rules", Repo("samples/rules/office.rules")]);
            Assert.AreEqual(0, r.Code, path + ": " + r.Err);
            // Only the embedded broker's two info lines; no warning or error.
            foreach (string line in r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Assert.IsTrue(line.StartsWith("gateway: simulate: embedded broker on ") || line.StartsWith("mqtt: connected to "), path + ": " + line);
            Assert.IsTrue(Records(r.Out).Count > 0, path);
        }
    }

    [TestMethod]
    public void Unreadable_rules_file_is_a_usage_error()
    {
        var r = Run(["simulate", "-", "--rules", "/nonexistent/x.rules"], "0 hook off\n");
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "/nonexistent/x.rules");
    }
}
