using System.Globalization;
using System.Text;
using Gateway.Core.Status;

namespace Gateway.Cli.LedCard;

/// <summary>The printable LED card (A6 portrait) for one language, drawn from the firmware's status
/// table (<see cref="StatusTable"/>), the words of <see cref="LedWords"/> and the box front of
/// <see cref="FrontPanel"/>: a new state, pattern or LED position reaches the card when it is regenerated.</summary>
/// <remarks>
/// Units are tenths of a millimetre (viewBox 1050 x 1480 = 105 x 148 mm). Text is wrapped here,
/// since SVG 1.1 does not wrap: widths are estimated per character (CJK one em, Latin about half),
/// on the safe side. The output depends on nothing but its inputs, so the committed cards can be
/// compared byte for byte with a fresh one.
/// </remarks>
public static class LedCardSvg
{
    public const int Width = 1050, Height = 1480;
    const int Margin = 40, StripsX = 40, StripsWidth = 200, TextX = 270, TextWidth = Width - TextX - Margin;
    const int StripHeight = 14, StripGap = 7, WindowMs = 3000;
    const int HeadlineSize = 24, TextSize = 20, SmallSize = 16;

    public static string Render(string language) => Render(LedWords.All, language, FrontPanel.Load());

    /// <summary>The PDF's title: names the SVG it was printed from by its hash, so a PDF that no longer
    /// matches its card is found without comparing PDF bytes (which carry the print date).</summary>
    public static string Title(string language, string svg) =>
        $"Gateway LED card ({language}), svg sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..16]}";

    /// <summary>Prints the card of <paramref name="language"/> to <paramref name="pdf"/> (A6, one page).</summary>
    public static void PrintPdf(Chromium browser, string language, string pdf)
    {
        string svg = Render(language);
        browser.PrintSvgToPdf(svg, Width / 10, Height / 10, Title(language, svg), pdf);
    }

    public static string Render(LedWords words, string language, FrontPanel panel)
    {
        LedLanguage w = words.Language(language);
        var s = new StringBuilder();
        s.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"105mm\" height=\"148mm\" viewBox=\"0 0 ")
         .Append(Width).Append(' ').Append(Height).Append("\" font-family=\"").Append(Attr(w.Fonts))
         .Append("\" lang=\"").Append(Attr(language)).Append("\">\n");
        s.Append("  <rect width=\"").Append(Width).Append("\" height=\"").Append(Height).Append("\" fill=\"#ffffff\"/>\n");
        int y = Margin + 34;
        Text(s, Margin, y, 36, w.Label("cardTitle"), bold: true);
        y += 10;
        foreach (string line in Wrap(w.Label("cardSubtitle"), Width - 2 * Margin, TextSize))
            Text(s, Margin, y += 26, TextSize, line, fill: "#333333");
        y = DrawFront(s, w, panel, y + 20);
        y += 12;
        foreach (StatusRow row in words.RowsInOrder())
            y = DrawState(s, w, row, y);
        y = DrawLine(s, w, y + 8);
        foreach (string line in Wrap(w.Label("lineNote"), Width - 2 * Margin, SmallSize))
            Text(s, Margin, y += 20, SmallSize, line, fill: "#555555");
        y = DrawPhones(s, w, y + 42);
        Text(s, Margin, Height - 16, SmallSize, w.Label("footer"), fill: "#777777");
        if (y > Height - 36)
            throw new InvalidOperationException($"the {language} LED card does not fit on A6 ({y / 10} mm of {(Height - 36) / 10} mm used): shorten its words");
        s.Append("</svg>\n");
        return s.ToString();
    }

    /// <summary>The panel with its LEDs lit, each labelled with its colour and role.</summary>
    static int DrawFront(StringBuilder s, LedLanguage w, FrontPanel panel, int top)
    {
        const double scale = 6.5; // units per mm: a 100 mm panel is 65 mm wide on the card
        double pw = panel.WidthMm * scale, ph = panel.HeightMm * scale, px = (Width - pw) / 2;
        Text(s, (int)px, top + 20, SmallSize, w.Label("front"), fill: "#555555");
        double py = top + 30;
        s.Append("  <rect x=\"").Append(N(px)).Append("\" y=\"").Append(N(py)).Append("\" width=\"").Append(N(pw))
         .Append("\" height=\"").Append(N(ph)).Append("\" rx=\"24\" fill=\"#f3f3f1\" stroke=\"#333333\" stroke-width=\"4\"/>\n");
        foreach (FrontLed led in panel.Leds)
        {
            double cx = px + led.XMm * scale, cy = py + led.YMm * scale, r = led.SizeMm * scale / 2 + 6;
            string ink = FrontPanel.Ink[led.Colour];
            s.Append("  <circle cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"").Append(N(r + 10))
             .Append("\" fill=\"").Append(ink).Append("\" fill-opacity=\"0.25\"/>\n");
            s.Append("  <circle cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"").Append(N(r))
             .Append("\" fill=\"").Append(ink).Append("\" stroke=\"#333333\" stroke-width=\"2\"/>\n");
            Text(s, (int)cx, (int)(cy + r + 40), TextSize + 2, w.Colours[led.Colour], bold: true, anchor: "middle");
            Text(s, (int)cx, (int)(cy + r + 66), SmallSize + 2, w.Roles[led.Colour], anchor: "middle", fill: "#333333");
        }
        return (int)(py + ph);
    }

    /// <summary>One state: 3 s of each LED on the left, what you see, what it means and what to do on the right.</summary>
    static int DrawState(StringBuilder s, LedLanguage w, StatusRow row, int top)
    {
        StateWords words = w.State(row);
        s.Append("  <line x1=\"").Append(Margin).Append("\" y1=\"").Append(top).Append("\" x2=\"").Append(Width - Margin)
         .Append("\" y2=\"").Append(top).Append("\" stroke=\"#cccccc\" stroke-width=\"2\"/>\n");
        s.Append("  <g data-state=\"").Append(Attr(row.Name)).Append("\">\n");
        int stripY = top + 12;
        foreach ((string colour, LedPattern pattern) in LedLanguage.Leds(row))
        {
            Strip(s, StripsX, stripY, colour, pattern);
            stripY += StripHeight + StripGap;
        }
        int leftY = stripY + 6;
        foreach (string line in Wrap(words.Title, StripsWidth, TextSize))
            Text(s, StripsX, leftY += 22, TextSize, line, bold: true);
        int y = top + 6;
        foreach (string line in Wrap(w.Seen(row), TextWidth, HeadlineSize))
            Text(s, TextX, y += 28, HeadlineSize, line, bold: true);
        foreach (string line in Wrap(words.Means, TextWidth, TextSize))
            Text(s, TextX, y += 24, TextSize, line);
        foreach (string line in Wrap("→ " + words.Do, TextWidth, TextSize))
            Text(s, TextX, y += 24, TextSize, line, bold: true, fill: "#1a1a1a");
        s.Append("  </g>\n");
        return Math.Max(y, leftY) + 10;
    }

    /// <summary>The yellow light's line states.</summary>
    static int DrawLine(StringBuilder s, LedLanguage w, int top)
    {
        s.Append("  <line x1=\"").Append(Margin).Append("\" y1=\"").Append(top - 8).Append("\" x2=\"").Append(Width - Margin)
         .Append("\" y2=\"").Append(top - 8).Append("\" stroke=\"#cccccc\" stroke-width=\"2\"/>\n");
        int y = top + 22;
        Text(s, Margin, y, HeadlineSize, w.Label("lineHeading"), bold: true);
        foreach (StatusRow row in StatusTable.LineRows)
        {
            int rowTop = y + 10;
            s.Append("  <g data-line-state=\"").Append(Attr(row.Name)).Append("\">\n");
            Strip(s, StripsX, rowTop + 4, "yellow", row.Yellow);
            int ty = rowTop - 6;
            foreach (string line in Wrap(w.SeenLine(row) + w.Label("colon") + w.LineState(row).Means, TextWidth, TextSize))
                Text(s, TextX, ty += 24, TextSize, line);
            s.Append("  </g>\n");
            y = Math.Max(ty, rowTop + StripHeight + 4);
        }
        return y + 4;
    }

    /// <summary>Two fields to write the phone numbers of whom the card says to call.</summary>
    static int DrawPhones(StringBuilder s, LedLanguage w, int y)
    {
        int half = (Width - 2 * Margin) / 2;
        foreach ((string key, int x) in new[] { ("installerPhone", Margin), ("itPhone", Margin + half + 10) })
        {
            string label = w.Label(key) + w.Label("colon").TrimEnd();
            Text(s, x, y, TextSize, label, bold: true);
            int lineX = x + (int)Measure(label, TextSize) + 8;
            s.Append("  <line x1=\"").Append(lineX).Append("\" y1=\"").Append(y + 4).Append("\" x2=\"").Append(x + half - 20)
             .Append("\" y2=\"").Append(y + 4).Append("\" stroke=\"#333333\" stroke-width=\"2\"/>\n");
        }
        return y + 8;
    }

    /// <summary>3 s of one LED: lit spans in its colour on grey; a pattern that follows an input is a pale bar.</summary>
    static void Strip(StringBuilder s, int x, int y, string colour, LedPattern pattern)
    {
        string ink = FrontPanel.Ink[colour];
        s.Append("  <rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(StripsWidth)
         .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"#e4e4e4\"/>\n");
        if (pattern.Kind != LedPatternKind.Cycle)
        {
            s.Append("  <rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(StripsWidth)
             .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"").Append(ink)
             .Append("\" fill-opacity=\"0.3\" stroke=\"").Append(ink).Append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n");
            return;
        }
        int start = -1;
        for (int t = 0; t <= WindowMs; t++)
        {
            bool on = t < WindowMs && pattern.CycleIsOn(t);
            if (on && start < 0) start = t;
            if (!on && start >= 0)
            {
                int x0 = x + start * StripsWidth / WindowMs, x1 = x + t * StripsWidth / WindowMs;
                s.Append("  <rect x=\"").Append(x0).Append("\" y=\"").Append(y).Append("\" width=\"").Append(Math.Max(1, x1 - x0))
                 .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"").Append(ink).Append("\"/>\n");
                start = -1;
            }
        }
    }

    static void Text(StringBuilder s, int x, int y, int size, string text, bool bold = false, string anchor = "start", string fill = "#000000")
    {
        s.Append("  <text x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" font-size=\"").Append(size).Append('"');
        if (bold) s.Append(" font-weight=\"bold\"");
        if (anchor != "start") s.Append(" text-anchor=\"").Append(anchor).Append('"');
        if (fill != "#000000") s.Append(" fill=\"").Append(fill).Append('"');
        s.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Lines of at most <paramref name="width"/> units at <paramref name="size"/>: Latin text breaks
    /// at spaces, CJK text between any two characters (never before closing punctuation).</summary>
    public static List<string> Wrap(string text, int width, int size)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        double used = 0;
        int i = 0;
        while (i < text.Length)
        {
            // The next unit: a CJK character (with the punctuation that must follow it), or a word with its space.
            int end = i + 1;
            if (!IsWide(text[i]))
                while (end < text.Length && text[end] != ' ' && !IsWide(text[end])) end++;
            while (end < text.Length && (text[end] == ' ' || IsClosing(text[end]))) end++;
            string unit = text[i..end];
            double unitWidth = Measure(unit.TrimEnd(' '), size);
            if (line.Length > 0 && used + unitWidth > width)
            {
                lines.Add(line.ToString().TrimEnd(' '));
                line.Clear();
                used = 0;
            }
            line.Append(unit);
            used += Measure(unit, size);
            i = end;
        }
        if (line.Length > 0) lines.Add(line.ToString().TrimEnd(' '));
        return lines;
    }

    /// <summary>Estimated width of <paramref name="text"/> at font size <paramref name="size"/> (bold Noto Sans, rounded up).</summary>
    public static double Measure(string text, int size)
    {
        double em = 0;
        foreach (char c in text)
            em += IsWide(c) ? 1.0
                : c is ' ' or '.' or ',' or ':' or ';' or 'i' or 'l' or 'j' or 't' or 'f' or 'r' or '\'' or '(' or ')' or '-' ? 0.33
                : c is 'm' or 'w' or 'M' or 'W' ? 0.85
                : char.IsUpper(c) ? 0.68 : 0.56;
        return em * size;
    }

    static bool IsWide(char c) => c >= 0x2E80 || c == '→';

    static bool IsClosing(char c) => "，。：；、）！？」』》,.:;)!?".Contains(c);

    static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    static string Attr(string text) => Escape(text).Replace("\"", "&quot;");
}
