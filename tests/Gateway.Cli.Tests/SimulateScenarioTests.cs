using Gateway.Cli;
using Gateway.Core.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The scenario format: what each line expands to, and which lines are refused with their reason.</summary>
[TestClass]
public class SimulateScenarioTests
{
    private static Scenario Parse(string text) => ScenarioParser.Parse(new StringReader(text), "t.scenario");

    private static string Refusal(string text)
    {
        try
        {
            Parse(text);
        }
        catch (ScenarioException e)
        {
            return e.Message;
        }
        Assert.Fail("the scenario was accepted");
        return "";
    }

    private static string Edges(Scenario s) => string.Join(" ", s.Edges.Select(e => $"{e.TimeMs}:{e.Input}:{(e.Level ? 1 : 0)}{(e.Input == ScenarioInput.DtmfStrobe ? ":" + e.Code : "")}"));

    [TestMethod]
    public void Relay_stuck_and_ok_are_edges_and_a_repeat_is_refused()
    {
        Assert.AreEqual("0:RelayStuck:1 1000:Handset:1 5000:RelayStuck:0", Edges(Parse("0 relay stuck\n1000 hook off\n5000 relay ok\n")));
        StringAssert.Contains(Refusal("0 relay stuck\n10 relay stuck\n"), "the relay is already stuck");
        StringAssert.Contains(Refusal("0 relay welded\n"), "relay takes 'stuck' (cuts no longer open the loop) or 'ok'");
    }

    [TestMethod]
    public void Comments_and_blank_lines_are_skipped()
    {
        Scenario s = Parse("# a call\n\n0 hook off   # lift\n   \n500 hook on\n");
        Assert.AreEqual("0:Handset:1 500:Handset:0", Edges(s));
    }

    [TestMethod]
    public void Dtmf_line_raises_the_strobe_with_the_key_code_for_the_tone_time()
    {
        Scenario s = Parse("0 hook off\n1000 dtmf 0 80\n1200 dtmf # 60\n");
        Assert.AreEqual("0:Handset:1 1000:DtmfStrobe:1:10 1080:DtmfStrobe:0:10 1200:DtmfStrobe:1:12 1260:DtmfStrobe:0:12", Edges(s));
    }

    [TestMethod]
    public void Hash_is_a_key_after_dtmf_and_a_comment_anywhere_else()
    {
        Scenario s = Parse("0 hook off#lift\n1000 dtmf # 50 # the hash key\n");
        Assert.AreEqual("0:Handset:1 1000:DtmfStrobe:1:12 1050:DtmfStrobe:0:12", Edges(s));
    }

    [TestMethod]
    public void Dtmf_codes_follow_the_mt8870_table()
    {
        Assert.AreEqual(1, ScenarioParser.DtmfCode('1'));
        Assert.AreEqual(9, ScenarioParser.DtmfCode('9'));
        Assert.AreEqual(10, ScenarioParser.DtmfCode('0'));
        Assert.AreEqual(11, ScenarioParser.DtmfCode('*'));
        Assert.AreEqual(12, ScenarioParser.DtmfCode('#'));
        Assert.AreEqual(15, ScenarioParser.DtmfCode('C'));
        Assert.AreEqual(0, ScenarioParser.DtmfCode('D'));
    }

    [TestMethod]
    public void Hang_up_during_a_tone_is_ordered_before_the_tone_end()
    {
        Scenario s = Parse("0 hook off\n1000 dtmf 5 100\n1050 hook on\n");
        Assert.AreEqual("0:Handset:1 1000:DtmfStrobe:1:5 1050:Handset:0 1100:DtmfStrobe:0:5", Edges(s));
    }

    [TestMethod]
    public void Pulse_line_expands_to_loop_breaks_at_ten_pulses_per_second_sixty_percent_break()
    {
        Scenario s = Parse("0 hook off\n1000 pulse 2\n");
        Assert.AreEqual("0:Handset:1 1000:Handset:0 1060:Handset:1 1100:Handset:0 1160:Handset:1", Edges(s));
    }

    [TestMethod]
    public void Pulse_zero_is_ten_breaks_and_digits_are_separated_by_the_inter_digit_pause()
    {
        Scenario s = Parse("0 hook off\n1000 pulse 01\n");
        var breaks = s.Edges.Where(e => e.Input == ScenarioInput.Handset && !e.Level).Select(e => e.TimeMs).ToList();
        Assert.AreEqual(11, breaks.Count);
        long lastMakeOfZero = s.Edges.Where(e => e.Level && e.TimeMs < breaks[10]).Max(e => e.TimeMs);
        Assert.AreEqual(ScenarioParser.PulseInterDigitMs, breaks[10] - lastMakeOfZero);
    }

    [TestMethod]
    public void Pulse_rate_and_break_ratio_can_be_given()
    {
        Scenario s = Parse("0 hook off\n1000 pulse 1 20 50\n");
        Assert.AreEqual("0:Handset:1 1000:Handset:0 1025:Handset:1", Edges(s));
    }

    [TestMethod]
    public void Event_before_the_previous_one_is_refused_with_file_and_line()
    {
        Assert.AreEqual("t.scenario:3: time 900 is before the previous event at 1000 ms (events must be in time order)",
            Refusal("0 hook off\n1000 dtmf 1 50\n900 hook on\n"));
    }

    [TestMethod]
    public void Unknown_event_is_refused()
    {
        StringAssert.StartsWith(Refusal("0 hook off\n10 wink\n"), "t.scenario:2: unknown event 'wink'");
    }

    [TestMethod]
    public void Time_that_is_not_a_whole_number_is_refused()
    {
        StringAssert.StartsWith(Refusal("-5 hook off\n"), "t.scenario:1: '-5' is not a time in ms");
    }

    [TestMethod]
    public void Hook_level_that_does_not_change_is_refused()
    {
        Assert.AreEqual("t.scenario:2: the handset is already off-hook", Refusal("0 hook off\n10 hook off\n"));
    }

    [TestMethod]
    public void Hook_word_other_than_off_or_on_is_refused()
    {
        Assert.AreEqual("t.scenario:1: hook takes 'off' (loop closed) or 'on', not 'up'", Refusal("0 hook up\n"));
    }

    [TestMethod]
    public void Dtmf_key_outside_the_keypad_is_refused()
    {
        StringAssert.StartsWith(Refusal("0 hook off\n10 dtmf E 50\n"), "t.scenario:2: 'E' is not a DTMF key");
    }

    [TestMethod]
    public void Dtmf_without_a_tone_time_is_refused()
    {
        Assert.AreEqual("t.scenario:1: expected: <ms> dtmf <key> <toneMs>", Refusal("0 dtmf 5\n"));
    }

    [TestMethod]
    public void Overlapping_tones_are_refused()
    {
        Assert.AreEqual("t.scenario:3: tone starts at 1050 ms while the tone of line 2 lasts until 1100 ms",
            Refusal("0 hook off\n1000 dtmf 1 100\n1050 dtmf 2 100\n"));
    }

    [TestMethod]
    public void Pulse_dialling_on_hook_is_refused()
    {
        StringAssert.StartsWith(Refusal("0 pulse 5\n"), "t.scenario:1: pulse dialling needs the handset off-hook");
    }

    [TestMethod]
    public void Event_inside_a_pulse_train_is_refused()
    {
        Assert.AreEqual("t.scenario:3: time 1100 falls inside the pulse dialling of line 2, which lasts until 1460 ms",
            Refusal("0 hook off\n1000 pulse 5\n1100 hook on\n"));
    }

    [TestMethod]
    public void Pulse_rate_out_of_range_is_refused()
    {
        Assert.AreEqual("t.scenario:2: pps 40 is outside 5-20 pulses per second", Refusal("0 hook off\n10 pulse 5 40\n"));
    }

    [TestMethod]
    public void Scenario_ending_off_hook_is_noted()
    {
        Assert.IsTrue(Parse("0 hook off\n").EndsOffHook);
        Assert.IsFalse(Parse("0 hook off\n5 hook on\n").EndsOffHook);
    }

    [TestMethod]
    public void Times_past_one_day_are_refused_before_anything_runs()
    {
        Assert.AreEqual("t.scenario:2: time 100000000000 is past the end of a scenario day (86400000 ms = 24 h)",
            Refusal("0 hook off\n100000000000 hook on\n"));
        Assert.AreEqual("t.scenario:1: time 9223372036854775000 is past the end of a scenario day (86400000 ms = 24 h)",
            Refusal("9223372036854775000 dtmf 1 1000000\n"));
        // The last moment of the day is still an event time.
        Assert.AreEqual("0:Handset:1 86400000:Handset:0", Edges(Parse("0 hook off\n86400000 hook on\n")));
    }

    [TestMethod]
    public void A_tone_or_pulse_train_ending_past_one_day_is_refused()
    {
        Assert.AreEqual("t.scenario:2: tone ends at 86400050 ms, past the end of a scenario day (86400000 ms = 24 h)",
            Refusal("0 hook off\n86400000 dtmf 1 50\n"));
        StringAssert.StartsWith(Refusal("0 hook off\n86399900 pulse 5\n"),
            "t.scenario:2: pulse dialling ends at 86400360 ms, past the end of a scenario day");
    }

    [TestMethod]
    public void A_pulse_line_of_more_than_32_digits_is_refused()
    {
        Assert.AreEqual(1 + 2 * 32, Parse("0 hook off\n1000 pulse " + new string('1', 32) + "\n").Edges.Length);
        Assert.AreEqual("t.scenario:2: 200000 pulse digits on one line, more than 32",
            Refusal("0 hook off\n1000 pulse " + new string('0', 200_000) + "\n"));
    }

    [TestMethod]
    public void Bad_input_is_shown_clipped_and_masked_in_the_reason()
    {
        Assert.AreEqual("t.scenario:1: unknown event 'h?[2Jook' (expected hook, dtmf, pulse, ring or relay)",
            Refusal("0 h\u001b[2Jook off\n"));
        Assert.AreEqual("t.scenario:1: '" + new string('x', 40) + "...' is not a time in ms (a whole number from 0)",
            Refusal(new string('x', 1_000_000) + " hook off\n"));
    }

    [TestMethod]
    public void A_scenario_expanding_to_more_than_a_million_edges_is_refused_at_the_line()
    {
        // 32 zeros = 320 loop breaks = 640 edges a line, each train about 38 s at 20 pps: 1,562 lines fit.
        var text = new System.Text.StringBuilder("0 hook off\n");
        string zeros = new string('0', 32);
        for (int line = 0; line < 1600; line++) text.Append(line * 40_000).Append(" pulse ").Append(zeros).Append(" 20\n");
        Assert.AreEqual("t.scenario:1564: the scenario expands to more than 1000000 input edges", Refusal(text.ToString()));
    }

    [TestMethod]
    public void A_utf8_byte_order_mark_before_the_first_line_is_skipped()
    {
        Assert.AreEqual("0:Handset:1 1000:Handset:0", Edges(Parse("\uFEFF0 hook off\n1000 hook on\n")));
        StringAssert.StartsWith(Refusal("0 hook off\n\uFEFF1000 hook on\n"), "t.scenario:2: '?1000' is not a time");
    }
}
