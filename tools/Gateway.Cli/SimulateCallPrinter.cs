using System.Text.Json;
using Gateway.Cli.Mqtt;
using Spectre.Console;

namespace Gateway.Cli;

/// <summary>How `simulate` prints each call record on stdout: one JSON line (the bytes the box
/// publishes, the default when stdout is not a terminal) or one row of a table for people
/// (`--table`, the default in a terminal), blocked calls in red and emergency calls highlighted.</summary>
public abstract class SimulateCallPrinter
{
    /// <summary>Prints one record, given as its JSON encoding.</summary>
    public abstract void Print(string json);

    /// <summary>JSON lines, as the wire carries them.</summary>
    public static SimulateCallPrinter Json(TextWriter stdout) => new JsonLines(stdout);

    /// <summary>A table with a header row; ANSI colours only when <paramref name="colour"/>.</summary>
    public static SimulateCallPrinter Table(TextWriter stdout, bool colour) => new Rows(stdout, colour);

    sealed class JsonLines(TextWriter stdout) : SimulateCallPrinter
    {
        public override void Print(string json)
        {
            stdout.WriteLine(json);
            stdout.Flush();
        }
    }

    sealed class Rows : SimulateCallPrinter
    {
        readonly IAnsiConsole console;
        readonly TextWriter stdout;

        public Rows(TextWriter stdout, bool colour)
        {
            this.stdout = stdout;
            console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
                ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(stdout),
            });
            console.Profile.Width = int.MaxValue / 2; // rows are laid out here: never wrapped by the console
            console.MarkupLine("[bold]" + Markup.Escape(Row("Seq", "Start", "Line", "Number", "Dial", "Length")) + "Outcome[/]");
            stdout.Flush();
        }

        /// <summary>The columns before the outcome, padded so rows line up (a longer value pushes the rest right).</summary>
        public static string Row(string seq, string start, string line, string number, string dial, string length) =>
            $"{seq,4} {start,-9} {line,-6} {number,-15} {dial,-5} {length,6}  ";

        public override void Print(string json)
        {
            CallView call;
            using (JsonDocument doc = JsonDocument.Parse(json))
                call = CallView.From("", json, doc.RootElement.Clone());
            string head = Row(call.Seq?.ToString() ?? "-", WatchText.CallTime(call), call.Line ?? "-", WatchText.Number(call),
                call.Dial ?? "-", call.DurationMs is long ms ? WatchText.Duration(ms) : "-");
            string style = call.Blocked ? "red" : call.Emergency ? "bold" : "default";
            console.MarkupLine($"[{style}]{Markup.Escape(head + WatchText.Outcome(call))}[/]" + (call.Emergency ? " [bold black on yellow]EMERGENCY[/]" : ""));
            stdout.Flush();
        }
    }
}
