using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Cli.LedCard;

/// <summary>The box front as hardware/ describes it: the panel and its LEDs from front-panel.csv,
/// each LED's colour from bom.csv (both embedded at build, so the card follows the hardware files).</summary>
public sealed record FrontPanel(double WidthMm, double HeightMm, IReadOnlyList<FrontLed> Leds)
{
    /// <summary>How each BOM colour is drawn.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ink = new Dictionary<string, string>
    {
        ["green"] = "#1f9d3a",
        ["yellow"] = "#f2c200",
        ["red"] = "#d62828",
    };

    public static FrontPanel Load() => Parse(Resource("front-panel.csv"), Resource("bom.csv"));

    public static FrontPanel Parse(string frontCsv, string bomCsv)
    {
        var colours = new Dictionary<string, string>();
        foreach (string[] c in Rows(bomCsv, "ref,qty,part_number,manufacturer,description,notes"))
        {
            Match m = Regex.Match(c[4], @"\b(\w+) LED\b");
            if (c[0].StartsWith("LED", StringComparison.Ordinal) && m.Success)
                colours[c[0]] = m.Groups[1].Value;
        }
        double w = 0, h = 0;
        var leds = new List<FrontLed>();
        foreach (string[] c in Rows(frontCsv, "item,x_mm,y_mm,w_mm,h_mm,note"))
        {
            double x = Number(c[1]), y = Number(c[2]), cw = Number(c[3]), ch = Number(c[4]);
            if (c[0] == "panel")
            {
                w = cw;
                h = ch;
            }
            else if (colours.TryGetValue(c[0], out string? colour))
            {
                if (!Ink.ContainsKey(colour))
                    throw new InvalidOperationException($"front-panel.csv: {c[0]} is a {colour} LED in bom.csv; the card draws green, yellow and red");
                leds.Add(new FrontLed(c[0], colour, x, y, cw));
            }
            else
            {
                throw new InvalidOperationException($"front-panel.csv: {c[0]} is not an LED in bom.csv");
            }
        }
        if (w <= 0 || h <= 0)
            throw new InvalidOperationException("front-panel.csv has no panel row with its size");
        return new FrontPanel(w, h, leds);
    }

    static double Number(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v
        : throw new InvalidOperationException($"front-panel.csv: '{text}' is not a number");

    static string Resource(string name)
    {
        using Stream s = typeof(FrontPanel).Assembly.GetManifestResourceStream("Gateway.Cli.Hardware." + name)
            ?? throw new InvalidOperationException(name + " is not embedded");
        return new StreamReader(s, Encoding.UTF8).ReadToEnd();
    }

    /// <summary>The rows after the header (which must be <paramref name="header"/>), split at commas outside quotes.</summary>
    static IEnumerable<string[]> Rows(string csv, string header)
    {
        string[] lines = csv.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != header)
            throw new InvalidOperationException($"expected the CSV header '{header}'");
        foreach (string line in lines.Skip(1))
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            foreach (char ch in line)
            {
                if (ch == '"') quoted = !quoted;
                else if (ch == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
                else cell.Append(ch);
            }
            cells.Add(cell.ToString());
            yield return [.. cells];
        }
    }
}

/// <summary>One LED on the front: its BOM reference, colour word, centre and hole size (mm).</summary>
public sealed record FrontLed(string Ref, string Colour, double XMm, double YMm, double SizeMm);
