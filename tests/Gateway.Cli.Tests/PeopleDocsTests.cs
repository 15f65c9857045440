using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Cli.LedCard;
using Gateway.Cli.Tests.Support;
using Gateway.Core.Status;
using Markdig;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The pages for the people at the box (docs/&lt;lang&gt;/leds.md and install.md): every language
/// lists the firmware's states and patterns, says the same things to installers, and reads as
/// intended in a browser (screenshots in artifacts/docs-render/).</summary>
[TestClass]
public class PeopleDocsTests
{
    static readonly string[] Pages = ["leds.md", "install.md", "led-card.svg", "led-card.pdf"];

    static IEnumerable<string> Languages => LedWords.All.LanguageCodes;

    static string Doc(string lang, string page) => SimulateOutputTests.Repo($"docs/{lang}/{page}");

    /// <summary>The cells of each row of the first pipe table after <paramref name="begin"/>, header and separator left out.</summary>
    static List<string[]> TableAfter(string markdown, string begin)
    {
        var rows = new List<string[]>();
        bool header = true;
        foreach (string raw in LedLegendMarkdown.Section(markdown, begin).Split('\n'))
        {
            string line = raw.Trim();
            if (!line.StartsWith('|')) continue;
            string[] cells = Regex.Split(line[1..^1], @"(?<!\\)\|").Select(c => c.Trim().Replace("\\|", "|").Replace("**", "")).ToArray();
            if (header || cells[0].StartsWith("---", StringComparison.Ordinal)) { header = false; continue; }
            rows.Add(cells);
        }
        return rows;
    }

    [TestMethod]
    public void Every_language_folder_has_the_same_pages()
    {
        string[] folders = Directory.GetDirectories(SimulateOutputTests.Repo("docs"))
            .Select(Path.GetFileName).Where(n => Regex.IsMatch(n!, "^[a-z]{2}(-[A-Z]{2})?$")).Order().ToArray()!;
        CollectionAssert.AreEqual(Languages.Order().ToArray(), folders, "docs/<lang>/ folders vs the languages of led-words.json");
        foreach (string lang in Languages)
            foreach (string page in Pages)
                Assert.IsTrue(File.Exists(Doc(lang, page)), $"docs/{lang}/{page} is missing");
    }

    [TestMethod]
    public void The_legend_in_every_language_lists_the_firmwares_states_and_patterns()
    {
        foreach (string lang in Languages)
        {
            LedLanguage w = LedWords.All.Language(lang);
            string page = File.ReadAllText(Doc(lang, "leds.md")).Replace("\r\n", "\n");
            List<string[]> rows = TableAfter(page, LedLegendMarkdown.StatesBegin);
            Assert.AreEqual(StatusTable.Rows.Length, rows.Count, $"docs/{lang}/leds.md: state rows");
            foreach (StatusRow row in StatusTable.Rows)
            {
                string[]? cells = rows.FirstOrDefault(c => c[0] == w.Seen(row));
                Assert.IsNotNull(cells, $"docs/{lang}/leds.md has no row for {row.Name} ('{w.Seen(row)}')");
                Assert.AreEqual(w.Pattern(row.Green), cells[1], $"{lang} {row.Name}: green");
                Assert.AreEqual(w.Pattern(row.Yellow), cells[2], $"{lang} {row.Name}: yellow");
                Assert.AreEqual(w.Pattern(row.Red), cells[3], $"{lang} {row.Name}: red");
                StringAssert.Contains(cells[4], w.State(row).Means, $"{lang} {row.Name}: what it means");
            }
            List<string[]> lines = TableAfter(page, LedLegendMarkdown.LineBegin);
            CollectionAssert.AreEqual(StatusTable.LineRows.Select(w.SeenLine).ToArray(), lines.Select(c => c[0]).ToArray(), $"docs/{lang}/leds.md: yellow line states");
        }
    }

    [TestMethod]
    public void The_legend_tables_are_made_from_the_words()
    {
        // GATEWAY_WRITE_DOCS=1 rewrites them after a change of led-words.json or of the status table.
        foreach (string lang in Languages)
        {
            string path = Doc(lang, "leds.md");
            string page = File.ReadAllText(path).Replace("\r\n", "\n");
            string expected = page;
            expected = LedLegendMarkdown.Replace(expected, LedLegendMarkdown.StatesBegin, LedLegendMarkdown.States(LedWords.All, lang));
            expected = LedLegendMarkdown.Replace(expected, LedLegendMarkdown.RedBegin, LedLegendMarkdown.RedBlinks(LedWords.All, lang));
            expected = LedLegendMarkdown.Replace(expected, LedLegendMarkdown.LineBegin, LedLegendMarkdown.Line(LedWords.All, lang));
            if (Environment.GetEnvironmentVariable("GATEWAY_WRITE_DOCS") == "1")
            {
                File.WriteAllText(path, expected);
                page = expected;
            }
            Assert.AreEqual(expected, page, path + " is stale: run the tests with GATEWAY_WRITE_DOCS=1");
        }
    }

    [TestMethod]
    public void The_install_page_in_every_language_keeps_the_flash_on_upgrade_and_sets_the_broker_user_to_the_box_id()
    {
        foreach (string lang in Languages)
        {
            string path = $"docs/{lang}/install.md";
            string page = File.ReadAllText(Doc(lang, "install.md"));
            string[] nanoff = Regex.Matches(page, @"^\s*nanoff .*$", RegexOptions.Multiline).Select(m => m.Value.Trim()).ToArray();
            string[] updates = nanoff.Where(c => c.Contains("--update")).ToArray();
            Assert.AreEqual(2, updates.Length, path + ": a new box and an upgrade each flash the firmware");
            Assert.AreEqual(1, updates.Count(c => c.Contains("--masserase")), path + ": only the new box is mass-erased");
            Assert.IsFalse(updates[1].Contains("--masserase"), path + ": the upgrade (second) never mass-erases");
            foreach (string deploy in nanoff.Where(c => c.Contains("--deploy")))
                StringAssert.Contains(deploy, "--address 0x1E0000", path);
            string json = Regex.Match(page, "```json\n(.*?)\n```", RegexOptions.Singleline).Groups[1].Value;
            using JsonDocument settings = JsonDocument.Parse(json);
            Assert.AreEqual(settings.RootElement.GetProperty("boxId").GetString(), settings.RootElement.GetProperty("brokerUser").GetString(), path + ": brokerUser = boxId");
            StringAssert.Contains(page, lang == "en" ? "**The broker user must be the box id.**" : "必须等于设备编号", path);
            Assert.IsTrue(page.Contains("relay step") || page.Contains("继电器步骤"), path + ": the self-test's relay step");
        }
    }

    [TestMethod]
    public void Every_link_of_the_people_pages_leads_to_a_file()
    {
        foreach (string lang in Languages)
            foreach (string page in new[] { "leds.md", "install.md" })
            {
                string path = Doc(lang, page);
                foreach (Match m in Regex.Matches(File.ReadAllText(path), @"\]\(([^)#\s]+)(#[^)]*)?\)"))
                {
                    string target = m.Groups[1].Value;
                    if (target.Contains("://")) continue;
                    string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
                    Assert.IsTrue(File.Exists(full) || Directory.Exists(full), $"docs/{lang}/{page}: {target}");
                }
            }
    }

    [TestMethod]
    public void No_doc_calls_the_yellow_led_amber()
    {
        string root = SimulateOutputTests.Repo("");
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "hardware")))
            .Append(Path.Combine(root, "README.md"))
            .Where(f => f.EndsWith(".md") || f.EndsWith(".svg") || f.EndsWith(".csv")))
            Assert.IsFalse(File.ReadAllText(file).Contains("amber", StringComparison.OrdinalIgnoreCase), Path.GetRelativePath(root, file) + " says amber: the LED is yellow (hardware/bom.csv)");
    }

    /// <summary>A doc page as a simple HTML page (Markdig), with links and pictures resolved beside the page.</summary>
    static string Html(string lang, string page)
    {
        string markdown = File.ReadAllText(Doc(lang, page));
        string body = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UsePipeTables().Build());
        string fonts = LedWords.All.Language(lang).Fonts.Replace("\"", "'");
        return "<!DOCTYPE html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><base href=\""
            + new Uri(Doc(lang, page)).AbsoluteUri + "\"><style>body { font-family: " + fonts
            + "; max-width: 960px; margin: 16px; font-size: 15px } table { border-collapse: collapse } "
            + "td, th { border: 1px solid #bbb; padding: 4px; vertical-align: top } img { max-width: 420px }</style></head><body>\n"
            + body + "</body></html>\n";
    }

    /// <summary>Visible text: tags out, whitespace squeezed, entities decoded.</summary>
    static string Visible(string dom) =>
        Regex.Replace(System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(dom, "<(style|script)[^>]*>.*?</\\1>", "", RegexOptions.Singleline), "<[^>]+>", " ")), @"\s+", "");

    [TestMethod]
    public void The_pages_render_in_chromium_with_every_state_in_words()
    {
        Chromium browser = BrowserForTests.Get();
        BrowserForTests.RequireChineseFont();
        string output = BrowserForTests.OutputDir();
        foreach (string lang in Languages)
        {
            LedLanguage w = LedWords.All.Language(lang);
            foreach (string page in new[] { "leds.md", "install.md" })
            {
                string name = lang + "-" + Path.GetFileNameWithoutExtension(page);
                string html = Path.Combine(output, name + ".html");
                File.WriteAllText(html, Html(lang, page));
                string url = new Uri(html).AbsoluteUri;
                string png = Path.Combine(output, name + ".png");
                browser.Screenshot(url, png, 1000, page == "leds.md" ? 2600 : 3400);
                Assert.IsTrue(new FileInfo(png).Length > 20_000, png + " looks empty");
                string text = Visible(browser.DumpDom(url));
                if (page == "leds.md")
                {
                    foreach (StatusRow row in StatusTable.Rows)
                        foreach (string part in new[] { w.Seen(row), w.State(row).Title, w.State(row).Do })
                            StringAssert.Contains(text, Regex.Replace(part, @"\s+", ""), $"{name}: {row.Name}");
                }
                else
                {
                    StringAssert.Contains(text, "nanoff--target", name);
                    StringAssert.Contains(text, lang == "en" ? "Thebrokerusermustbetheboxid" : "必须等于设备编号", name);
                }
            }
            // The card as it prints, larger: a person checks the glyphs in this picture.
            string card = Path.Combine(output, lang + "-led-card.html");
            File.WriteAllText(card, "<!DOCTYPE html><html><body style=\"margin:0\"><img src=\"" + new Uri(Doc(lang, "led-card.svg")).AbsoluteUri + "\" style=\"width:840px\"></body></html>");
            string cardPng = Path.Combine(output, lang + "-led-card.png");
            browser.Screenshot(new Uri(card).AbsoluteUri, cardPng, 840, 1184);
            Assert.IsTrue(new FileInfo(cardPng).Length > 50_000, cardPng + " looks empty");
        }
    }
}
