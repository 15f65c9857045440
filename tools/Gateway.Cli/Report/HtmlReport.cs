using System.Globalization;
using System.Net;
using System.Text;

namespace Gateway.Cli.Report;

/// <summary>`gateway report`'s page: one self-contained HTML file (inline CSS and SVG charts, no
/// script, nothing fetched), laid out for a phone first and wider on a desktop.</summary>
public static class HtmlReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    // Colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008).
    static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public static string Render(ReportData d, string title, DateTime generatedUtc)
    {
        var h = new StringBuilder();
        string period = $"{d.FromUtc.ToString("yyyy-MM-dd HH:mm", Inv)} to {d.ToUtc.ToString("yyyy-MM-dd HH:mm", Inv)} UTC";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<title>").Append(E(title)).Append(" · ").Append(E(period)).Append("</title><style>")
         .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;margin:0;padding:12px;color:#1b1b1b;background:#fafafa;line-height:1.4}")
         .Append("main{max-width:960px;margin:0 auto}h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}")
         .Append(".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:8px}")
         .Append(".tile{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px}.tile b{display:block;font-size:1.6em}")
         .Append(".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9em;background:#fff}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}td.n{text-align:right}")
         .Append("svg{width:100%;max-width:560px;height:auto;display:block;background:#fff;border:1px solid #ddd;border-radius:8px}.muted{color:#666;font-size:.9em}.bad{color:#b00020}")
         .Append("</style></head><body><main>\n");
        h.Append("<h1>").Append(E(title)).Append("</h1><p class=\"muted\">").Append(E(period))
         .Append(" · generated ").Append(generatedUtc.ToString("yyyy-MM-dd HH:mm", Inv)).Append(" UTC from the collector's database</p>\n");

        h.Append("<section id=\"summary\"><div class=\"tiles\">");
        Tile(h, "calls", d.Calls);
        Tile(h, "completed", d.Completed);
        Tile(h, "blocked", d.Blocked);
        Tile(h, "emergency", d.Emergency);
        Tile(h, "incoming", d.Incoming);
        Tile(h, "boxes", d.Boxes.Count);
        h.Append("</div>");
        if (d.UnsyncedClock > 0)
            h.Append("<p class=\"muted\">").Append(d.UnsyncedClock).Append(" call(s) were recorded before the box's clock was synchronised: their day may be wrong.</p>");
        h.Append("</section>\n");

        h.Append("<section id=\"calls-per-line\"><h2>Calls per line per day</h2>");
        if (d.Calls == 0)
            h.Append("<p>No calls in this period.</p>");
        else
        {
            StackedBars(h, d.Days, d.CallsPerLinePerDay);
            // A column per day up to a week; longer periods list the total per line (the chart has the days).
            bool perDayColumns = d.Days.Count <= 7;
            h.Append("<div class=\"scroll\"><table><tr><th>box / line</th>");
            if (perDayColumns)
                foreach (string day in d.Days)
                    h.Append("<th>").Append(day[5..]).Append("</th>");
            h.Append("<th>total</th></tr>");
            foreach ((string line, int[] perDay) in d.CallsPerLinePerDay)
            {
                h.Append("<tr><td>").Append(E(line)).Append("</td>");
                if (perDayColumns)
                    foreach (int n in perDay)
                        h.Append("<td class=\"n\">").Append(n).Append("</td>");
                h.Append("<td class=\"n\">").Append(perDay.Sum()).Append("</td></tr>");
            }
            h.Append("</table></div>");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"blocked\"><h2>Blocked attempts by rule</h2>");
        if (d.BlockedByRule.Count == 0)
            h.Append("<p>No blocked attempts in this period.</p>");
        else
            HorizontalBars(h, d.BlockedByRule.Select(b => ("rule " + b.Rule, b.Count)).ToList(), "#D55E00");
        h.Append("</section>\n");

        h.Append("<section id=\"destinations\"><h2>Top destinations by prefix (first ").Append(d.PrefixDigits).Append(" digits)</h2>");
        if (d.TopPrefixes.Count == 0)
            h.Append("<p>No outgoing calls in this period.</p>");
        else
            HorizontalBars(h, d.TopPrefixes.Select(p => (p.Prefix, p.Count)).ToList(), "#0072B2");
        h.Append("</section>\n");

        h.Append("<section id=\"durations\"><h2>Durations of completed calls</h2>");
        if (d.Completed == 0)
            h.Append("<p>No completed calls in this period.</p>");
        else
        {
            var labels = new List<(string, int)>();
            for (int i = 0; i < d.DurationBuckets.Length; i++)
            {
                string label = i == 0 ? $"under {Seconds(ReportData.DurationBucketsS[0])}"
                    : i < ReportData.DurationBucketsS.Length ? $"{Seconds(ReportData.DurationBucketsS[i - 1])} to {Seconds(ReportData.DurationBucketsS[i])}"
                    : $"{Seconds(ReportData.DurationBucketsS[^1])} or more";
                labels.Add((label, d.DurationBuckets[i]));
            }
            HorizontalBars(h, labels, "#009E73");
            h.Append("<p>Total ").Append(Duration(d.TotalDurationMs)).Append(", median ").Append(Duration(d.MedianDurationMs))
             .Append(", average ").Append(Duration(d.TotalDurationMs / d.Completed)).Append(", longest ").Append(Duration(d.LongestDurationMs)).Append(".</p>");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"boxes\"><h2>Boxes offline and faults</h2>");
        int offline = d.StatusChanges.Count(c => !c.Online), faults = d.StatusChanges.Count(c => c.Fault != null);
        h.Append("<p>").Append(offline).Append(" time(s) a box went offline and ").Append(faults).Append(" fault report(s) in this period.</p>");
        if (d.StatusChanges.Count > 0)
        {
            h.Append("<div class=\"scroll\"><table><tr><th>when (UTC)</th><th>box</th><th>state</th></tr>");
            foreach ((string box, string at, bool online, string? fault) in d.StatusChanges)
                h.Append("<tr><td>").Append(E(Short(at))).Append("</td><td>").Append(E(box)).Append("</td><td")
                 .Append(online && fault == null ? ">" : " class=\"bad\">").Append(E(State(online, fault))).Append("</td></tr>");
            h.Append("</table></div>");
        }
        if (d.Boxes.Count > 0)
        {
            h.Append("<h3>Now</h3><div class=\"scroll\"><table><tr><th>box</th><th>state</th><th>since (UTC)</th></tr>");
            foreach ((string box, string at, bool online, string? fault) in d.Boxes)
                h.Append("<tr><td>").Append(E(box)).Append("</td><td").Append(online && fault == null ? ">" : " class=\"bad\">")
                 .Append(E(State(online, fault))).Append("</td><td>").Append(E(Short(at))).Append("</td></tr>");
            h.Append("</table></div>");
        }
        h.Append("</section>\n</main></body></html>\n");
        return h.ToString();
    }

    static void Tile(StringBuilder h, string label, int value) =>
        h.Append("<div class=\"tile\"><b>").Append(value.ToString("N0", Inv)).Append("</b>").Append(label).Append("</div>");

    static string State(bool online, string? fault) => !online ? "offline" : fault == null ? "online" : "fault: " + fault;

    static string Short(string iso) => iso.Length >= 19 ? iso[..10] + " " + iso[11..19] : iso;

    static string Seconds(int s) => s < 60 ? $"{s} s" : $"{s / 60} min";

    static string Duration(long ms) => ms < 60_000 ? (ms / 1000.0).ToString("0.0", Inv) + " s"
        : ms < 3_600_000 ? $"{ms / 60_000} min {ms / 1000 % 60} s" : $"{ms / 3_600_000} h {ms / 60_000 % 60} min";

    /// <summary>Days along x, one stacked colour per line, a legend below; scales with the page width.</summary>
    static void StackedBars(StringBuilder h, List<string> days, SortedDictionary<string, int[]> series)
    {
        // 360 units wide: about one unit per CSS pixel on a phone, so the 11-12 unit texts stay readable there.
        const int W = 360, H = 200, Left = 30, Bottom = 22, Top = 8;
        int max = Math.Max(1, Enumerable.Range(0, days.Count).Max(i => series.Values.Sum(s => s[i])));
        double band = (W - Left - 4.0) / Math.Max(1, days.Count), bar = Math.Max(1, band * 0.7);
        int legendRows = (series.Count + 1) / 2;
        h.Append("<svg viewBox=\"0 0 ").Append(W).Append(' ').Append(H + 18 * legendRows).Append("\" role=\"img\" aria-label=\"calls per line per day\">");
        Axis(h, Left, Top, W, H - Bottom, max);
        for (int i = 0; i < days.Count; i++)
        {
            double x = Left + i * band + (band - bar) / 2, y = H - Bottom;
            int colour = 0;
            foreach (int[] s in series.Values)
            {
                double height = s[i] * (H - Bottom - Top) / (double)max;
                if (height > 0)
                    h.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(F(y - height)).Append("\" width=\"").Append(F(bar))
                     .Append("\" height=\"").Append(F(height)).Append("\" fill=\"").Append(Palette[colour % Palette.Length]).Append("\"/>");
                y -= height;
                colour++;
            }
            if (days.Count <= 7 || i % (days.Count / 6 + 1) == 0)
                h.Append("<text x=\"").Append(F(Left + i * band + band / 2)).Append("\" y=\"").Append(H - 8)
                 .Append("\" font-size=\"11\" text-anchor=\"middle\">").Append(days[i][5..]).Append("</text>");
        }
        int k = 0;
        foreach (string name in series.Keys)
        {
            int x = 4 + (k % 2) * W / 2, y = H + 4 + (k / 2) * 18;
            h.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"12\" height=\"12\" fill=\"").Append(Palette[k % Palette.Length]).Append("\"/>")
             .Append("<text x=\"").Append(x + 16).Append("\" y=\"").Append(y + 11).Append("\" font-size=\"12\">").Append(E(name)).Append("</text>");
            k++;
        }
        h.Append("</svg>");
    }

    static void Axis(StringBuilder h, int left, int top, int width, int baseline, int max)
    {
        h.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(baseline).Append("\" x2=\"").Append(width - 4).Append("\" y2=\"").Append(baseline).Append("\" stroke=\"#999\"/>");
        foreach (int v in new[] { max / 2, max }.Distinct().Where(v => v > 0))
        {
            double y = baseline - v * (baseline - top) / (double)max;
            h.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(F(y)).Append("\" x2=\"").Append(width - 4).Append("\" y2=\"").Append(F(y)).Append("\" stroke=\"#eee\"/>")
             .Append("<text x=\"").Append(left - 4).Append("\" y=\"").Append(F(y + 4)).Append("\" font-size=\"11\" text-anchor=\"end\">").Append(v).Append("</text>");
        }
    }

    /// <summary>One labelled bar per row with its count at the end; the label above the bar so long
    /// labels fit a phone's width.</summary>
    static void HorizontalBars(StringBuilder h, List<(string Label, int Count)> rows, string colour)
    {
        const int W = 360, Row = 34;
        int max = Math.Max(1, rows.Max(r => r.Count));
        h.Append("<svg viewBox=\"0 0 ").Append(W).Append(' ').Append(rows.Count * Row + 6).Append("\" role=\"img\">");
        for (int i = 0; i < rows.Count; i++)
        {
            int y = i * Row + 4;
            double width = Math.Max(2, rows[i].Count * (W - 60.0) / max);
            h.Append("<text x=\"4\" y=\"").Append(y + 11).Append("\" font-size=\"13\">").Append(E(rows[i].Label)).Append("</text>")
             .Append("<rect x=\"4\" y=\"").Append(y + 15).Append("\" width=\"").Append(F(width)).Append("\" height=\"14\" rx=\"2\" fill=\"").Append(colour).Append("\"/>")
             .Append("<text x=\"").Append(F(width + 10)).Append("\" y=\"").Append(y + 27).Append("\" font-size=\"13\">").Append(rows[i].Count).Append("</text>");
        }
        h.Append("</svg>");
    }

    static string F(double v) => v.ToString("0.#", Inv);

    static string E(string text) => WebUtility.HtmlEncode(text);
}
