using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Gateway.Cli.Mqtt;

namespace Gateway.Cli.Tests;

/// <summary>`gateway watch`'s dashboard rendered as text at a terminal's size, and its ages and times.</summary>
[TestClass]
public class FleetDashboardTests
{
    static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    static byte[] Json(string s) => Encoding.UTF8.GetBytes(s);

    static string Status(string rules = "v7", int queue = 0, int dropped = 0, string? fault = null, long uptimeMs = 7_200_000) =>
        "{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"" + rules + "\",\"queue\":" + queue + ",\"dropped\":" + dropped
        + ",\"outboxError\":null,\"fault\":" + (fault == null ? "null" : "\"" + fault + "\"") + ",\"line\":\"idle\",\"uptimeMs\":" + uptimeMs + "}";

    static string Call(int seq, string digits, string outcome, bool emergency = false, string? rule = null, int? at = null) =>
        "{\"seq\":" + seq + ",\"box\":\"office-3f\",\"line\":\"1\",\"direction\":\"outgoing\",\"digits\":\"" + digits + "\",\"dial\":\"dtmf\","
        + "\"start\":\"2026-11-25T08:5" + seq + ":00.000Z\",\"end\":\"2026-11-25T08:5" + seq + ":30.000Z\",\"durationMs\":30000,\"outcome\":\"" + outcome + "\","
        + "\"rule\":" + (rule == null ? "null" : "\"" + rule + "\"") + ",\"blockedAtDigit\":" + (at?.ToString() ?? "null")
        + ",\"flashes\":0,\"emergency\":" + (emergency ? "true" : "false") + ",\"clockSynced\":true}";

    static FleetView Fleet()
    {
        var view = new FleetView("gateway");
        // office-3f: online since its boot two hours before the retained status, then heard live 4 s ago.
        view.Apply("gateway/office-3f/status", Json(Status()), Now.AddSeconds(-30), retained: true);
        view.Apply("gateway/office-3f/calls", Json(Call(1, "13812345678", "completed")), Now.AddSeconds(-20));
        view.Apply("gateway/office-3f/calls", Json(Call(2, "00442071234567", "blocked", rule: "00", at: 2)), Now.AddSeconds(-10));
        view.Apply("gateway/office-3f/calls", Json(Call(3, "120", "completed", emergency: true)), Now.AddSeconds(-5));
        view.Apply("gateway/office-3f/status", Json(Status(queue: 2, uptimeMs: 7_226_000)), Now.AddSeconds(-4));
        // lobby-reception: online with a fault when watch started, seen going away 3 hours ago (a retained will would not say when; the will is no sign of life).
        view.Apply("gateway/lobby-reception/status", Json(Status(rules: "", dropped: 3, fault: "line cut not seen on the hook input: check the relay and the hook-sense wiring")), Now.AddHours(-3).AddMinutes(-1), retained: true);
        view.Apply("gateway/lobby-reception/status", Json("{\"online\":false}"), Now.AddHours(-3));
        view.Apply("gateway/lobby-reception/rules/state", Json("{\"version\":\"\",\"result\":\"refused\",\"requested\":\"v9\",\"reason\":\"line 3: '12x' is not a prefix\",\"warnings\":null}"), Now, retained: true);
        return view;
    }

    [TestMethod]
    public void Every_box_gets_a_row_with_state_since_age_seen_rules_queue_and_dropped()
    {
        string screen = FleetDashboard.RenderText(Fleet(), "mqtt://broker:1883", Now, 80, 24);
        string[] lines = screen.Split('\n');
        string office = lines.First(l => l.StartsWith("office-3f"));
        StringAssert.Matches(office, new System.Text.RegularExpressions.Regex(@"^office-3f\s+online\s+06:59:30 \(2h\)\s+4s ago\s+v7\s+2\s+0\s+idle\s*$"), screen);
        string lobby = lines.First(l => l.StartsWith("lobby-reception")); // the box row comes before its fault line
        StringAssert.Matches(lobby, new System.Text.RegularExpressions.Regex(@"^lobby-reception\s+offline\s+06:00:00 \(3h\)\s+-\s+built-in\s+0\s+3\s+-\s*$"), screen);
    }

    [TestMethod]
    public void The_last_calls_show_the_whole_outcome_blocked_and_emergency_and_a_fault_in_full()
    {
        string screen = FleetDashboard.RenderText(Fleet(), "mqtt://broker:1883", Now, 80, 24);
        StringAssert.Contains(screen, "Calls (newest first)");
        StringAssert.Matches(screen, new System.Text.RegularExpressions.Regex(@"08:53:00 +office-3f +1 +120 +completed EMERGENCY"));
        StringAssert.Matches(screen, new System.Text.RegularExpressions.Regex(@"08:52:00 +office-3f +1 +00442071234567 +blocked by rule 00 at key 2"));
        StringAssert.Matches(screen, new System.Text.RegularExpressions.Regex(@"08:51:00 +office-3f +1 +13812345678 +completed"));
        // The fault and the refusal wrap at word boundaries: every word is there, in order.
        string flat = string.Join(' ', screen.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        StringAssert.Contains(flat, "lobby-reception FAULT: line cut not seen on the hook input: check the relay and the hook-sense wiring");
        StringAssert.Contains(flat, "lobby-reception rules update v9 refused: line 3: '12x' is not a prefix");
    }

    [TestMethod]
    public void It_fits_the_terminal_width_and_shows_only_the_calls_that_fit_its_height()
    {
        FleetView view = Fleet();
        for (int i = 0; i < 30; i++)
            view.Apply("gateway/office-3f/calls", Json(Call(4, "0301234567" + i, "completed")), Now);
        foreach (int width in new[] { 80, 60 })
        {
            string screen = FleetDashboard.RenderText(view, "mqtt://a-rather-long-broker-name.example.com:8883", Now, width, 24);
            string[] lines = screen.TrimEnd('\n').Split('\n');
            foreach (string line in lines)
                Assert.IsTrue(line.Length <= width, $"{line.Length} > {width}: '{line}'\n{screen}");
            Assert.IsTrue(lines.Length <= 24, $"{lines.Length} lines\n{screen}");
        }
    }

    [TestMethod]
    public void Before_any_message_it_says_so()
    {
        string screen = FleetDashboard.RenderText(new FleetView("gateway"), "mqtt://b", Now, 80, 24);
        StringAssert.Contains(screen, "0 boxes");
        StringAssert.Contains(screen, "(no box has reported yet)");
    }

    [TestMethod]
    public void Ages_are_whole_units_and_times_carry_the_date_when_not_today()
    {
        Assert.AreEqual("0s", WatchText.Age(TimeSpan.FromMilliseconds(-5)));
        Assert.AreEqual("59s", WatchText.Age(TimeSpan.FromSeconds(59.9)));
        Assert.AreEqual("1m", WatchText.Age(TimeSpan.FromSeconds(60)));
        Assert.AreEqual("59m", WatchText.Age(TimeSpan.FromMinutes(59.99)));
        Assert.AreEqual("47h", WatchText.Age(TimeSpan.FromHours(47.9)));
        Assert.AreEqual("2d", WatchText.Age(TimeSpan.FromHours(48)));
        Assert.AreEqual("08:59:58 (2s)", WatchText.Moment(Now.AddSeconds(-2), Now));
        Assert.AreEqual("11-23 09:00 (2d)", WatchText.Moment(Now.AddDays(-2), Now));
    }

    [TestMethod]
    public void A_box_heard_only_retained_has_not_been_seen_and_a_retained_will_has_no_since()
    {
        var view = new FleetView("gateway");
        view.Apply("gateway/b1/status", Json("{\"online\":false}"), Now, retained: true);
        view.Apply("gateway/b2/status", Json(Status(uptimeMs: 60_000)), Now, retained: true);
        string text = view.Render("mqtt://b", Now);
        StringAssert.Contains(text, "[b1]  calls seen: 0  offline  last seen: not since watch started\n");
        StringAssert.Contains(text, "[b2]  calls seen: 0  online since 08:59:00 (1m)  last seen: not since watch started\n");
        view.Apply("gateway/b2/status", Json("{\"online\":false}"), Now.AddMinutes(5));
        StringAssert.Contains(view.Render("mqtt://b", Now.AddMinutes(6)), "[b2]  calls seen: 0  offline since 09:05:00 (1m)  last seen: not since watch started\n");
        view.Apply("gateway/b2/status", Json(Status()), Now.AddMinutes(7));
        StringAssert.Contains(view.Render("mqtt://b", Now.AddMinutes(8)), "[b2]  calls seen: 0  online since 09:07:00 (1m)  last seen: 1m ago\n");
    }

    [TestMethod]
    public void The_plain_view_shows_a_long_call_in_full_with_its_emergency_flag()
    {
        var view = new FleetView("gateway");
        string call = Call(3, "120", "completed", emergency: true).Replace("\"box\":\"office-3f\"", "\"box\":\"" + new string('b', 120) + "\"");
        view.Apply("gateway/office-3f/calls", Json(call), Now);
        string text = view.Render("mqtt://b", Now);
        StringAssert.Contains(text, "outcome=completed flashes=0 emergency=true clockSynced=true\n");
        Assert.IsTrue(text.Split('\n').Any(l => l.StartsWith("  call: seq=3 box=bbbb") && l.Length > 200), text);
    }

    [TestMethod]
    public void Only_the_schema_result_refused_counts_as_a_refusal()
    {
        var view = new FleetView("gateway");
        view.Apply("gateway/b1/rules/state", Json("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\",\"reason\":null,\"warnings\":null}"), Now);
        view.Apply("gateway/b2/rules/state", Json("{\"version\":\"v1\",\"result\":\"refused\",\"requested\":\"v2\",\"reason\":\"bad\",\"warnings\":null}"), Now);
        string text = view.Render("mqtt://b", Now);
        StringAssert.Contains(text, "refused rule update: version=v1 result=refused requested=v2 reason=bad\n");
        Assert.AreEqual(1, text.Split("refused rule update").Length - 1, text);
    }

    static string WithIds(string json, string epoch, string hw) => json.Replace("{\"seq\":", "{\"hw\":\"" + hw + "\",\"epoch\":\"" + epoch + "\",\"seq\":");

    [TestMethod]
    public void A_repeated_record_shows_once_and_two_boxes_under_one_id_are_flagged()
    {
        var view = new FleetView("gateway");
        const string epoch = "3f6c2a91d04b7e58";
        view.Apply("gateway/office-3f/calls", Json(WithIds(Call(1, "13812345678", "completed"), epoch, "a4cf12b3c4d5")), Now);
        view.Apply("gateway/office-3f/calls", Json(WithIds(Call(1, "13812345678", "completed"), epoch, "a4cf12b3c4d5")), Now); // QoS 1 repeat
        view.Apply("gateway/office-3f/calls", Json(WithIds(Call(1, "0301234", "completed"), "00000000000000aa", "a4cf12b3c4d5")), Now); // new epoch, seq again 1
        string plain = view.Render("mqtt://b", Now);
        StringAssert.Contains(plain, "calls seen: 2 ");
        Assert.IsFalse(plain.Contains("TWO BOXES"), plain);

        view.Apply("gateway/office-3f/status", Json(Status().Replace("{\"online\":true,", "{\"online\":true,\"hw\":\"a4cf12b3c4d6\",")), Now);
        plain = view.Render("mqtt://b", Now);
        StringAssert.Contains(plain, "  TWO BOXES USE THIS ID: hw a4cf12b3c4d5, a4cf12b3c4d6\n");
        string screen = FleetDashboard.RenderText(view, "mqtt://b", Now, 80, 24);
        string flat = string.Join(' ', screen.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        StringAssert.Contains(flat, "office-3f: two boxes use this id (hw a4cf12b3c4d5, a4cf12b3c4d6): their records cannot be told apart by box id");
    }
}
