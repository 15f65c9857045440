using System.Globalization;
using System.Text;
using Gateway.Core.Status;

namespace Gateway.Core.Tests.Status.Support
{
    /// <summary>Host-only: draws a legend row as an SVG timing strip (3 s of each LED), from the same table the device uses.</summary>
    public static class LedStripSvg
    {
        public const int WindowMs = 3000;
        private const int Left = 160, Width = 600, StripHeight = 22, Gap = 8, Top = 28;

        /// <summary>File name for a row: "Rules refused" -> "rules-refused.svg".</summary>
        public static string FileName(StatusRow row)
        {
            return row.Name.ToLowerInvariant().Replace(' ', '-') + ".svg";
        }

        public static string Render(StatusRow row)
        {
            var leds = new[]
            {
                ("green", "#1f9d3a", row.Green),
                ("yellow", "#e6b800", row.Yellow),
                ("red", "#d62828", row.Red),
            };
            int shown = 0;
            foreach (var l in leds) if (l.Item3 != null) shown++;
            int height = Top + shown * (StripHeight + Gap) + 18;
            StringBuilder s = new StringBuilder();
            s.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Left + Width + 20)
             .Append("\" height=\"").Append(height).Append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
            s.Append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
            s.Append("  <text x=\"8\" y=\"18\" font-weight=\"bold\">").Append(Escape(row.Name)).Append("</text>\n");
            int y = Top;
            foreach (var (name, colour, pattern) in leds)
            {
                if (pattern == null) continue;
                s.Append("  <text x=\"8\" y=\"").Append(y + 16).Append("\">").Append(name).Append(": ")
                 .Append(Escape(pattern.Name)).Append("</text>\n");
                s.Append("  <rect x=\"").Append(Left).Append("\" y=\"").Append(y).Append("\" width=\"").Append(Width)
                 .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"#e6e6e6\"/>\n");
                if (pattern.Kind == LedPatternKind.Cycle)
                {
                    AppendOnSpans(s, pattern, colour, y);
                }
                else
                {
                    s.Append("  <rect x=\"").Append(Left).Append("\" y=\"").Append(y).Append("\" width=\"").Append(Width)
                     .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"").Append(colour)
                     .Append("\" fill-opacity=\"0.25\"/>\n");
                    s.Append("  <text x=\"").Append(Left + 8).Append("\" y=\"").Append(y + 16).Append("\">")
                     .Append(Escape(Follows(pattern.Kind))).Append("</text>\n");
                }
                y += StripHeight + Gap;
            }
            for (int t = 0; t <= WindowMs; t += 500)
            {
                int x = Left + t * Width / WindowMs;
                s.Append("  <text x=\"").Append(x).Append("\" y=\"").Append(y + 8).Append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666666\">")
                 .Append((t / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</text>\n");
            }
            s.Append("</svg>\n");
            return s.ToString();
        }

        private static void AppendOnSpans(StringBuilder s, LedPattern p, string colour, int y)
        {
            int start = -1;
            for (int t = 0; t <= WindowMs; t++)
            {
                bool on = t < WindowMs && p.CycleIsOn(t);
                if (on && start < 0) start = t;
                if (!on && start >= 0)
                {
                    int x0 = Left + start * Width / WindowMs, x1 = Left + t * Width / WindowMs;
                    s.Append("  <rect x=\"").Append(x0).Append("\" y=\"").Append(y).Append("\" width=\"").Append(x1 - x0)
                     .Append("\" height=\"").Append(StripHeight).Append("\" fill=\"").Append(colour).Append("\"/>\n");
                    start = -1;
                }
            }
        }

        private static string Follows(LedPatternKind kind)
        {
            switch (kind)
            {
                case LedPatternKind.Line: return "shows the line: off idle, on in use, fast blink while cut";
                case LedPatternKind.Hook: return "on while the hook input says off-hook";
                default: return "lit 0.3 s after each key or ring input";
            }
        }

        private static string Escape(string text)
        {
            return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        }
    }
}
