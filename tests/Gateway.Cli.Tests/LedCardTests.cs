using System.Text.RegularExpressions;
using Gateway.Cli.LedCard;
using Gateway.Cli.Tests.Support;
using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using UglyToad.PdfPig;

namespace Gateway.Cli.Tests;

/// <summary>The printable LED card: drawn from the firmware's status table, committed under
/// docs/&lt;lang&gt;/ exactly as `gateway docs led-card` draws it now (GATEWAY_WRITE_DOCS=1 rewrites it).</summary>
[TestClass]
public class LedCardTests
{
    static bool Regenerate => Environment.GetEnvironmentVariable("GATEWAY_WRITE_DOCS") == "1";

    static IEnumerable<string> Languages => LedWords.All.LanguageCodes;

    static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>The words of an SVG's text elements, joined, so wrapped lines read as one text.</summary>
    static string TextOf(string svg) =>
        string.Concat(Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value + " "));

    static string Squeeze(string text) => Regex.Replace(text, @"\s+", "");

    /// <summary>Whether text read from a PDF holds <paramref name="part"/>. The CJK font maps some glyphs
    /// back to radicals (⽹ for 网, ⻩ for 黄): NFKC undoes the Kangxi ones, and a character of the CJK
    /// radicals supplement stands for the ideograph expected there.</summary>
    static void PdfContains(string pdfText, string part, string message)
    {
        string text = Squeeze(pdfText.Normalize(System.Text.NormalizationForm.FormKC));
        string pattern = string.Concat(Squeeze(part.Normalize(System.Text.NormalizationForm.FormKC)).Select(c => c >= 0x3400 && c <= 0x9FFF ? "[" + c + "\u2E80-\u2EFF]" : Regex.Escape(c.ToString())));
        Assert.IsTrue(Regex.IsMatch(text, pattern), $"{message}: '{part}' not in the PDF's text '{text}'");
    }

    [TestMethod]
    public void The_card_has_every_state_with_what_you_see_and_what_to_do()
    {
        foreach (string lang in Languages)
        {
            LedLanguage w = LedWords.All.Language(lang);
            string svg = LedCardSvg.Render(lang);
            string text = Squeeze(TextOf(svg));
            foreach (StatusRow row in StatusTable.Rows)
            {
                StringAssert.Contains(svg, $"data-state=\"{Xml(row.Name)}\"", $"{lang}: {row.Name}");
                StateWords sw = w.State(row);
                foreach (string part in new[] { sw.Title, w.Seen(row), sw.Means, sw.Do })
                    StringAssert.Contains(text, Squeeze(Xml(part)), $"{lang}: {row.Name}");
            }
            foreach (StatusRow row in StatusTable.LineRows)
            {
                StringAssert.Contains(svg, $"data-line-state=\"{Xml(row.Name)}\"", $"{lang}: {row.Name}");
                StringAssert.Contains(text, Squeeze(Xml(w.SeenLine(row))), $"{lang}: {row.Name}");
                StringAssert.Contains(text, Squeeze(Xml(w.LineState(row).Means)), $"{lang}: {row.Name}");
            }
            Assert.AreEqual(StatusTable.Rows.Length, Regex.Matches(svg, "data-state=").Count, lang + ": states on the card");
        }
    }

    [TestMethod]
    public void The_card_is_a6_and_draws_the_leds_of_the_front_panel_in_their_colours()
    {
        string svg = LedCardSvg.Render("en");
        StringAssert.Contains(svg, "width=\"105mm\" height=\"148mm\" viewBox=\"0 0 1050 1480\"");
        foreach (FrontLed led in FrontPanel.Load().Leds)
            StringAssert.Contains(svg, $"fill=\"{FrontPanel.Ink[led.Colour]}\" stroke=\"#333333\"", led.Ref);
    }

    [TestMethod]
    public void Each_strip_shows_the_tables_pattern()
    {
        // Fault's red (150 on / 100 off) lights 12 spans in 3 s: the strips are the table's cycles, not drawings of their own.
        string svg = LedCardSvg.Render("en");
        string fault = Regex.Match(svg, "<g data-state=\"Fault\">(.*?)</g>", RegexOptions.Singleline).Groups[1].Value;
        Assert.AreEqual(12, Regex.Matches(fault, "fill=\"#d62828\"/>").Count, "red spans of Fault");
        string blocked = Regex.Match(svg, "<g data-state=\"Blocked attempt\">(.*?)</g>", RegexOptions.Singleline).Groups[1].Value;
        Assert.AreEqual(3, Regex.Matches(blocked, "fill=\"#d62828\"/>").Count, "red spans of Blocked attempt");
    }

    [TestMethod]
    public void Long_words_wrap_inside_the_card()
    {
        List<string> lines = LedCardSvg.Wrap("设备无法连接公司服务器（Wi-Fi或网络）。呼叫仍会被检查；通话记录保存在设备中，恢复连接后发送。", 740, 20);
        Assert.IsTrue(lines.Count >= 2);
        foreach (string line in lines)
        {
            Assert.IsTrue(LedCardSvg.Measure(line, 20) <= 740, line);
            Assert.IsFalse("，。；）".Contains(line[0]), "a line starts with closing punctuation: " + line);
        }
        CollectionAssert.AreEqual(new[] { "one two", "three" }, LedCardSvg.Wrap("one two three", (int)LedCardSvg.Measure("one two ", 10), 10));
    }

    [TestMethod]
    public void The_committed_svg_cards_are_what_the_generator_draws_now()
    {
        foreach (string lang in Languages)
        {
            string path = SimulateOutputTests.Repo($"docs/{lang}/led-card.svg");
            string expected = LedCardSvg.Render(lang);
            if (Regenerate) File.WriteAllText(path, expected);
            Assert.IsTrue(File.Exists(path), path + " is missing: run the tests with GATEWAY_WRITE_DOCS=1, or gateway docs led-card --lang " + lang + " -o " + path);
            Assert.AreEqual(expected, File.ReadAllText(path), path + " is stale: run the tests with GATEWAY_WRITE_DOCS=1 (Chromium also redraws the PDF)");
        }
    }

    [TestMethod]
    public void The_committed_pdf_cards_are_one_a6_page_with_every_state_in_words()
    {
        // Chromium's PDF is not byte-stable (dates, ids), so the PDF is read back: page size and every state's words.
        foreach (string lang in Languages)
        {
            string path = SimulateOutputTests.Repo($"docs/{lang}/led-card.pdf");
            string title = LedCardSvg.Title(lang, LedCardSvg.Render(lang));
            if (Regenerate && Chromium.Find() is string browser && TitleOf(path) != title)
                LedCardSvg.PrintPdf(new Chromium(browser), lang, path);
            Assert.IsTrue(File.Exists(path), path + " is missing: gateway docs led-card --lang " + lang + " -o " + path);
            Assert.AreEqual(title, TitleOf(path), path + " was printed from another card: run the tests with GATEWAY_WRITE_DOCS=1 where Chromium is installed");
            using PdfDocument pdf = PdfDocument.Open(path);
            Assert.AreEqual(1, pdf.NumberOfPages, path);
            var page = pdf.GetPage(1);
            Assert.AreEqual(105 / 25.4 * 72, page.Width, 1.5, path + ": A6 width (pt)");
            Assert.AreEqual(148 / 25.4 * 72, page.Height, 1.5, path + ": A6 height (pt)");
            LedLanguage w = LedWords.All.Language(lang);
            foreach (StatusRow row in StatusTable.Rows)
                foreach (string part in new[] { w.State(row).Title, w.Seen(row), w.State(row).Do })
                    PdfContains(page.Text, part, $"{path}: {row.Name} (stale: run the tests with GATEWAY_WRITE_DOCS=1 where Chromium is installed)");
        }
    }

    static string? TitleOf(string pdf)
    {
        if (!File.Exists(pdf)) return null;
        using PdfDocument doc = PdfDocument.Open(pdf);
        return doc.Information.Title;
    }

    [TestMethod]
    public void The_command_writes_the_card_and_refuses_what_it_cannot_make()
    {
        string dir = Directory.CreateTempSubdirectory("gateway-card-").FullName;
        try
        {
            string file = Path.Combine(dir, "card.svg");
            var err = new StringWriter();
            Assert.AreEqual(0, Program.Run(["docs", "led-card", "--lang", "zh-CN", "--out", file], TextReader.Null, TextWriter.Null, err), err.ToString());
            Assert.AreEqual(LedCardSvg.Render("zh-CN"), File.ReadAllText(file));
            var @out = new StringWriter();
            Assert.AreEqual(0, Program.Run(["docs", "led-card"], TextReader.Null, @out, TextWriter.Null));
            Assert.AreEqual(LedCardSvg.Render("en"), @out.ToString(), "English on stdout by default");
            err = new StringWriter();
            Assert.AreEqual(2, Program.Run(["docs", "led-card", "--lang", "fr"], TextReader.Null, TextWriter.Null, err));
            StringAssert.Contains(err.ToString(), "--lang must be one of en, zh-CN (is 'fr')");
            err = new StringWriter();
            Assert.AreEqual(2, Program.Run(["docs", "led-card", "-o", Path.Combine(dir, "card.png")], TextReader.Null, TextWriter.Null, err));
            StringAssert.Contains(err.ToString(), "--output must end in .svg or .pdf");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void The_command_prints_a_pdf_with_chromium()
    {
        Chromium browser = BrowserForTests.Get();
        BrowserForTests.RequireChineseFont();
        string file = Path.Combine(BrowserForTests.OutputDir(), "led-card-zh-CN.pdf");
        var err = new StringWriter();
        Assert.AreEqual(0, Program.Run(["docs", "led-card", "--lang", "zh-CN", "-o", file, "--chromium", browser.Path], TextReader.Null, TextWriter.Null, err), err.ToString());
        using PdfDocument pdf = PdfDocument.Open(file);
        PdfContains(pdf.GetPage(1).Text, LedWords.All.Language("zh-CN").Label("cardTitle"), file);
        Assert.AreEqual(LedCardSvg.Title("zh-CN", LedCardSvg.Render("zh-CN")), pdf.Information.Title, "the PDF names the card it was printed from");
    }
}
