using System.Text.RegularExpressions;
using Gateway.Cli.LedCard;
using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The plain words of the LED legend (led-words.json) cover exactly the firmware's status
/// table, in every language, and tell the states apart without millisecond codes.</summary>
[TestClass]
public class LedWordsTests
{
    static readonly LedWords Words = LedWords.All;

    static IEnumerable<LedPattern> PatternsOfTheTable() =>
        StatusTable.Rows.SelectMany(r => new[] { r.Green, r.Yellow, r.Red }).Concat(StatusTable.LineRows.Select(r => r.Yellow));

    [TestMethod]
    public void The_order_lists_every_state_of_the_firmware_once()
    {
        CollectionAssert.AreEquivalent(StatusTable.Rows.Select(r => r.Name).ToArray(), Words.Order, "led-words.json order vs StatusTable.Rows");
        Assert.AreEqual(Words.Order.Length, Words.Order.Distinct().Count(), "a state ordered twice");
    }

    [TestMethod]
    public void Every_language_has_words_for_exactly_the_states_line_states_and_patterns_of_the_table()
    {
        string[] patterns = PatternsOfTheTable().Select(p => p.Name).Distinct().Order().ToArray();
        Assert.IsTrue(Words.Languages.Count >= 2, "English and Chinese at least");
        foreach ((string code, LedLanguage w) in Words.Languages)
        {
            CollectionAssert.AreEquivalent(StatusTable.Rows.Select(r => r.Name).ToArray(), w.States.Keys.ToArray(), code + ": states");
            CollectionAssert.AreEquivalent(StatusTable.LineRows.Select(r => r.Name).ToArray(), w.LineStates.Keys.ToArray(), code + ": line states");
            CollectionAssert.AreEquivalent(patterns, w.Patterns.Keys.Order().ToArray(), code + ": patterns (a new blink needs words; words for a blink the table lost must go)");
            foreach ((string state, StateWords sw) in w.States)
            {
                foreach ((string what, string text) in new[] { ("title", sw.Title), ("means", sw.Means), ("do", sw.Do), ("call", sw.Call) })
                    Assert.IsFalse(string.IsNullOrWhiteSpace(text), $"{code}: {state} has no '{what}'");
            }
        }
    }

    [TestMethod]
    public void Every_language_has_the_same_labels_colours_and_roles()
    {
        LedLanguage en = Words.Language("en");
        foreach ((string code, LedLanguage w) in Words.Languages)
        {
            CollectionAssert.AreEquivalent(en.Labels.Keys.ToArray(), w.Labels.Keys.ToArray(), code + ": labels");
            CollectionAssert.AreEquivalent(new[] { "green", "yellow", "red" }, w.Colours.Keys.ToArray(), code + ": colours");
            CollectionAssert.AreEquivalent(new[] { "green", "yellow", "red" }, w.Roles.Keys.ToArray(), code + ": roles");
        }
    }

    [TestMethod]
    public void Colours_are_named_as_the_bom_names_the_leds()
    {
        FrontPanel panel = FrontPanel.Load();
        CollectionAssert.AreEquivalent(new[] { "green", "yellow", "red" }, panel.Leds.Select(l => l.Colour).ToArray(), "LED colours in hardware/bom.csv");
        Assert.AreEqual("Yellow", Words.Language("en").Colours["yellow"]);
        Assert.AreEqual("黄灯", Words.Language("zh-CN").Colours["yellow"]);
        foreach (LedLanguage w in Words.Languages.Values)
            foreach (string text in w.Patterns.Values.Concat(w.Colours.Values).Concat(w.Labels.Values))
                Assert.IsFalse(Regex.IsMatch(text, "amber|琥珀", RegexOptions.IgnoreCase), w.Name + ": " + text);
    }

    [TestMethod]
    public void Every_led_sits_inside_the_front_panel()
    {
        FrontPanel panel = FrontPanel.Load();
        Assert.AreEqual(3, panel.Leds.Count);
        foreach (FrontLed led in panel.Leds)
        {
            Assert.IsTrue(led.XMm - led.SizeMm / 2 >= 0 && led.XMm + led.SizeMm / 2 <= panel.WidthMm, led.Ref + " x");
            Assert.IsTrue(led.YMm - led.SizeMm / 2 >= 0 && led.YMm + led.SizeMm / 2 <= panel.HeightMm, led.Ref + " y");
        }
        double[] xs = panel.Leds.Select(l => l.XMm).ToArray();
        Assert.AreEqual(xs.Length, xs.Distinct().Count(), "two LEDs in one place");
    }

    [TestMethod]
    public void The_red_blinks_are_told_apart_in_plain_words()
    {
        // Fault, a blocked call and refused rules all blink red; people must tell them apart by words.
        StatusRow[] redBlinks = StatusTable.Rows.Where(r => r.Red.Kind == LedPatternKind.Cycle && r.Red.OnMs > 0 && r.Red.OffMs > 0).ToArray();
        Assert.IsTrue(redBlinks.Length >= 3, "Fault, Blocked attempt and Rules refused blink red");
        foreach ((string code, LedLanguage w) in Words.Languages)
        {
            string[] seen = redBlinks.Select(r => w.Seen(r)).ToArray();
            Assert.AreEqual(seen.Length, seen.Distinct().Count(), code + ": " + string.Join(" / ", seen));
            string[] red = redBlinks.Select(r => w.Pattern(r.Red)).ToArray();
            Assert.AreEqual(red.Length, red.Distinct().Count(), code + ": the red patterns' words");
            foreach (string text in w.Patterns.Values)
                Assert.IsFalse(Regex.IsMatch(text, @"\d+\s*/\s*\d+|\bms\b|毫秒"), $"{code}: '{text}' is a millisecond code, not plain words");
        }
    }

    [TestMethod]
    public void What_you_see_names_every_light_that_is_lit_or_blinking()
    {
        LedLanguage en = Words.Language("en");
        Assert.AreEqual("Red flickers fast, 4 times a second", en.Seen(StatusTable.RowOf(StatusState.Fault)));
        Assert.AreEqual("Green is on", en.Seen(StatusTable.RowOf(StatusState.Online)));
        Assert.AreEqual("红灯快速闪烁，每秒4次", Words.Language("zh-CN").Seen(StatusTable.RowOf(StatusState.Fault)));
        Assert.AreEqual("黄灯快闪，每秒5次", Words.Language("zh-CN").SeenLine(StatusTable.LineRows[(int)LineLedState.Cut - 1]));
    }
}
