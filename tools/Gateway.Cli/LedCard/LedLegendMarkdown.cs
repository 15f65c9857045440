using System.Text;
using Gateway.Core.Status;

namespace Gateway.Cli.LedCard;

/// <summary>The two tables of docs/&lt;lang&gt;/leds.md (the states, the yellow light's line states), made
/// from the same words and status table as the card. The page keeps them between marker comments;
/// tests/Gateway.Cli.Tests/PeopleDocsTests.cs compares and, with GATEWAY_WRITE_DOCS=1, rewrites them.</summary>
public static class LedLegendMarkdown
{
    public const string StatesBegin = "<!-- led-states: made by LedLegendMarkdown from led-words.json; edit the words there -->";
    public const string LineBegin = "<!-- led-line: made by LedLegendMarkdown from led-words.json; edit the words there -->";
    public const string RedBegin = "<!-- led-red: made by LedLegendMarkdown from led-words.json; edit the words there -->";
    public const string End = "<!-- end -->";

    /// <summary>"| You see | Green (the box) | ... |": one row per state in the order people look them up.</summary>
    public static string States(LedWords words, string language)
    {
        LedLanguage w = words.Language(language);
        var s = new StringBuilder();
        s.Append("| ").Append(w.Label("seen"));
        foreach (string colour in new[] { "green", "yellow", "red" })
            s.Append(" | ").Append(w.Colours[colour]).Append(" (").Append(w.Roles[colour]).Append(')');
        s.Append(" | ").Append(w.Label("means")).Append(" | ").Append(w.Label("do")).Append(" | ").Append(w.Label("call")).Append(" |\n");
        s.Append("|---|---|---|---|---|---|---|\n");
        foreach (StatusRow row in words.RowsInOrder())
        {
            StateWords sw = w.State(row);
            s.Append("| **").Append(Cell(w.Seen(row))).Append("**");
            foreach ((string _, LedPattern pattern) in LedLanguage.Leds(row))
                s.Append(" | ").Append(Cell(w.Pattern(pattern)));
            s.Append(" | **").Append(Cell(sw.Title)).Append("**").Append(w.Label("colon")).Append(Cell(sw.Means))
             .Append(" | ").Append(Cell(sw.Do)).Append(" | ").Append(Cell(sw.Call)).Append(" |\n");
        }
        return s.ToString();
    }

    /// <summary>What the yellow light says when a state shows the line.</summary>
    public static string Line(LedWords words, string language)
    {
        LedLanguage w = words.Language(language);
        var s = new StringBuilder();
        s.Append("| ").Append(w.Label("seen")).Append(" | ").Append(w.Label("means")).Append(" |\n|---|---|\n");
        foreach (StatusRow row in StatusTable.LineRows)
            s.Append("| **").Append(Cell(w.SeenLine(row))).Append("** | ").Append(Cell(w.LineState(row).Means)).Append(" |\n");
        return s.ToString();
    }

    /// <summary>The states in which red blinks, one line each, so the blinks are told apart in words.</summary>
    public static string RedBlinks(LedWords words, string language)
    {
        LedLanguage w = words.Language(language);
        var s = new StringBuilder();
        foreach (StatusRow row in words.RowsInOrder())
        {
            if (row.Red.Kind != LedPatternKind.Cycle || row.Red.OnMs == 0 || row.Red.OffMs == 0)
                continue;
            StateWords sw = w.State(row);
            s.Append("- ").Append(w.Light("red", row.Red)).Append(w.Joiner).Append(w.Light("green", row.Green))
             .Append(w.Label("colon")).Append("**").Append(sw.Title).Append("**").Append(w.Joiner).Append(sw.Do).Append('\n');
        }
        return s.ToString();
    }

    /// <summary><paramref name="page"/> with the text between <paramref name="begin"/> and the next <see cref="End"/> replaced.</summary>
    public static string Replace(string page, string begin, string table)
    {
        int at = page.IndexOf(begin, StringComparison.Ordinal);
        int end = at < 0 ? -1 : page.IndexOf(End, at, StringComparison.Ordinal);
        if (at < 0 || end < 0)
            throw new InvalidOperationException($"the page has no '{begin}' ... '{End}' section");
        return page[..(at + begin.Length)] + "\n" + table + page[end..];
    }

    /// <summary>The text between <paramref name="begin"/> and the next <see cref="End"/>.</summary>
    public static string Section(string page, string begin)
    {
        int at = page.IndexOf(begin, StringComparison.Ordinal);
        int end = at < 0 ? -1 : page.IndexOf(End, at, StringComparison.Ordinal);
        if (at < 0 || end < 0)
            throw new InvalidOperationException($"the page has no '{begin}' ... '{End}' section");
        return page[(at + begin.Length)..end].TrimStart('\n');
    }

    static string Cell(string text) => text.Replace("|", "\\|");
}
