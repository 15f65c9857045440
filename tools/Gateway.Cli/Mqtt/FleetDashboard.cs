using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gateway.Cli.Mqtt;

/// <summary>`gateway watch` in a terminal: one row per box, its fault and refused rules, the last calls
/// (blocked in red, emergency highlighted) and the box log, laid out by Spectre.Console to the
/// terminal's width (cells wrap at word boundaries, nothing is cut).</summary>
public static class FleetDashboard
{
    /// <summary>Box log lines shown under the calls.</summary>
    public const int LogShown = 3;

    /// <summary>The dashboard for a terminal <paramref name="width"/> columns wide and <paramref name="height"/>
    /// rows high: as many of the latest calls as fit (at least one).</summary>
    public static IRenderable Build(FleetView view, string broker, DateTime nowUtc, int width, int height)
    {
        IRenderable frame = Build(view, broker, nowUtc, FleetView.CallsKept);
        for (int calls = FleetView.CallsKept - 1; calls >= 1 && LineCount(frame, width) > height; calls--)
            frame = Build(view, broker, nowUtc, calls);
        return frame;
    }

    static IRenderable Build(FleetView view, string broker, DateTime nowUtc, int callRows)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]gateway watch[/]  {Markup.Escape(broker)}  {nowUtc:yyyy-MM-dd HH:mm:ss} UTC  "
                + $"{view.BoxCount} box{(view.BoxCount == 1 ? "" : "es")}"),
        };
        if (view.BoxCount == 0)
        {
            parts.Add(new Markup("[dim](no box has reported yet)[/]"));
        }
        else
        {
            parts.Add(Boxes(view, nowUtc));
        }
        foreach (BoxState box in view.Boxes)
        {
            if (box.Fault != null)
            {
                parts.Add(new Markup($"[bold red]{Markup.Escape(box.Id)} FAULT:[/] [red]{Markup.Escape(box.Fault)}[/]"));
            }
            if (box.SharedId is string shared)
                parts.Add(new Markup($"[bold red]{Markup.Escape(box.Id)}: two boxes use this id[/] [red]({Markup.Escape(shared)}): their records cannot be told apart by box id[/]"));
            if (box.RulesAnswer is { Refused: true } refused)
            {
                parts.Add(new Markup($"[yellow]{Markup.Escape(box.Id)} rules update {Markup.Escape(refused.Requested ?? "(unreadable)")} refused:[/] "
                    + Markup.Escape(refused.Reason ?? "")));
            }
        }
        int logLines = Math.Min(LogShown, view.Log.Count());
        parts.Add(Gap);
        parts.Add(Calls(view, callRows));
        if (logLines > 0)
        {
            parts.Add(Gap);
            parts.Add(new Markup("[bold]Box log[/] [dim](latest last)[/]"));
            foreach ((string box, string line) in view.Log.Skip(view.Log.Count() - logLines))
                parts.Add(new Markup($"[dim]{Markup.Escape(box)}[/] {Markup.Escape(line)}"));
        }
        return new Rows(parts);
    }

    // A blank line between sections (an empty Text renders no line at all inside a live display).
    static IRenderable Gap => new Text(" ");

    static Table Boxes(FleetView view, DateTime nowUtc)
    {
        Table table = Plain();
        Columns(table, "Box", "State", "Since", "Seen", "Rules", "Queue", "Dropped", "Line");
        foreach (BoxState b in view.Boxes)
        {
            DateTime? since = b.Online == true ? b.OnlineSince : b.OfflineSince;
            string state = b.Online switch { true => "[green]online[/]", false => "[red]offline[/]", _ => "[dim]?[/]" };
            string rules = b.Rules == null ? "-" : b.Rules.Length == 0 ? "built-in" : b.Rules;
            table.AddRow(
                new Markup(b.Fault != null ? $"[bold red]{Markup.Escape(b.Id)}[/]" : Markup.Escape(b.Id)),
                new Markup(state),
                new Text(since is DateTime s ? WatchText.Moment(s, nowUtc) : "-"),
                new Text(b.LastSeen is DateTime seen ? WatchText.Age(nowUtc - seen) + " ago" : "-"),
                new Markup(b.RulesAnswer is { Refused: true } ? $"[yellow]{Markup.Escape(rules)}[/]" : Markup.Escape(rules)),
                Count(b.Queue, "yellow"),
                Count(b.Dropped, "red"),
                new Text(b.Online == true && b.Line != null ? b.Line : "-"));
        }
        return table;
    }

    static Markup Count(long? n, string colour) =>
        n is long v ? new Markup(v > 0 ? $"[{colour}]{v}[/]" : "0") : new Markup("-");

    static IRenderable Calls(FleetView view, int rows)
    {
        if (!view.Calls.Any())
            return new Markup("[bold]Calls[/] [dim](none since watch started)[/]");
        Table table = Plain();
        table.Title = new TableTitle("Calls (newest first)", new Style(decoration: Decoration.Bold));
        Columns(table, "Time", "Box", "Line", "Number", "Outcome");
        foreach (CallView c in view.Calls.Take(rows))
        {
            string style = c.Blocked ? "red" : c.Emergency ? "bold" : "default";
            string outcome = $"[{style}]{Markup.Escape(WatchText.Outcome(c))}[/]" + (c.Emergency ? " [bold black on yellow]EMERGENCY[/]" : "");
            table.AddRow(
                new Markup($"[{style}]{WatchText.CallTime(c)}[/]"),
                new Markup($"[{style}]{Markup.Escape(c.Box)}[/]"),
                new Markup($"[{style}]{Markup.Escape(c.Line ?? "-")}[/]"),
                new Markup($"[{style}]{Markup.Escape(WatchText.Number(c))}[/]"),
                new Markup(outcome));
        }
        return table;
    }

    /// <summary>Columns one space apart: eight of them fit 80 columns with room for a long box id.</summary>
    static void Columns(Table table, params string[] names)
    {
        foreach (string name in names)
            table.AddColumn(new TableColumn(new Markup($"[bold]{name}[/]")) { Padding = new Padding(0, 0, 1, 0) });
    }

    /// <summary>A borderless table: a bold header row.</summary>
    static Table Plain()
    {
        return new Table { Border = TableBorder.None, ShowHeaders = true };
    }

    /// <summary>The dashboard as text (no colour) at a given size: what tests and a capture read.</summary>
    public static string RenderText(FleetView view, string broker, DateTime nowUtc, int width, int height) =>
        AsText(Build(view, broker, nowUtc, width, height), width, height);

    static int LineCount(IRenderable frame, int width) => AsText(frame, width, int.MaxValue).TrimEnd('\n').Split('\n').Length;

    static string AsText(IRenderable frame, int width, int height)
    {
        var output = new StringWriter { NewLine = "\n" };
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Write(frame);
        return output.ToString();
    }
}
