using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Cli.LedCard;

namespace Gateway.Cli;

/// <summary>`gateway docs led-card --lang L [-o card.svg|card.pdf]`: the printable A6 LED card of one language,
/// drawn from the firmware's status table; a PDF is printed by headless Chromium.</summary>
public static class DocsLedCardCommand
{
    public static Command Create(CliStreams io)
    {
        var lang = new Option<string>("--lang")
        {
            HelpName = "L",
            Description = $"Language of the card: {string.Join(", ", LedWords.All.LanguageCodes)}.",
            DefaultValueFactory = _ => "en",
            CustomParser = Language,
        };
        var output = new Option<string?>("--output", "-o", "--out")
        {
            HelpName = "FILE",
            Description = "Write the card here: FILE.svg, or FILE.pdf (needs Chromium). Without it the SVG goes to stdout.",
        };
        var chromium = new Option<string?>("--chromium")
        {
            HelpName = "PATH",
            Description = $"Chromium for a PDF (default: $GATEWAY_CHROMIUM, then {string.Join(", ", Chromium.Candidates)}).",
        };
        var command = new Command("led-card", "The printable LED card (A6, SVG or PDF) in one language, from the firmware's status table.")
        {
            lang, output, chromium,
        };
        command.SetAction(parsed => Run(parsed.GetValue(lang)!, parsed.GetValue(output), parsed.GetValue(chromium), io));
        return command;
    }

    static string? Language(ArgumentResult result)
    {
        string v = result.Tokens.Count == 0 ? "en" : OptionValues.Text(result);
        if (LedWords.All.Languages.ContainsKey(v))
            return v;
        result.AddError($"--lang must be one of {string.Join(", ", LedWords.All.LanguageCodes)} (is '{v}')");
        return null;
    }

    static int Run(string lang, string? output, string? chromiumPath, CliStreams io)
    {
        string svg;
        try
        {
            svg = LedCardSvg.Render(lang);
        }
        catch (InvalidOperationException e)
        {
            io.Error.WriteLine($"gateway docs led-card: {e.Message}");
            return Program.ExitFailure;
        }
        if (output == null)
        {
            io.Out.Write(svg);
            return Program.ExitOk;
        }
        try
        {
            if (output.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                string? browser = chromiumPath ?? Chromium.Find();
                if (browser == null)
                {
                    io.Error.WriteLine("gateway docs led-card: a PDF needs Chromium (apt-get install chromium fonts-noto-cjk), or give --chromium PATH; an SVG needs nothing");
                    return Program.ExitFailure;
                }
                LedCardSvg.PrintPdf(new Chromium(browser), lang, output);
            }
            else if (output.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                File.WriteAllText(output, svg);
            }
            else
            {
                throw new UsageException($"--output must end in .svg or .pdf (is '{output}')");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ChromiumException)
        {
            io.Error.WriteLine($"gateway docs led-card: cannot write {output}: {e.Message}");
            return Program.ExitFailure;
        }
        io.Error.WriteLine($"{output}: LED card ({lang}), {StatusTableSize()} states");
        return Program.ExitOk;
    }

    static int StatusTableSize() => Gateway.Core.Status.StatusTable.Rows.Length;
}
