using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.Cli;
using Gateway.Cli.Collect;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway report` from a collector database filled through the collector's own store:
/// the figures on the page, and the page in headless Chromium at a phone's size (screenshots in
/// artifacts/report/).</summary>
[TestClass]
public class ReportTests
{
    public TestContext TestContext { get; set; } = null!;

    static string Temp() => Directory.CreateTempSubdirectory("gateway-report-").FullName;

    static string Record(string box, long seq, string day, string time, string digits, string outcome, string? rule, long durationMs,
        bool emergency = false, string direction = "outgoing") =>
        $"{{\"seq\":{seq},\"box\":\"{box}\",\"line\":\"1\",\"direction\":\"{direction}\",\"digits\":\"{digits}\",\"dial\":\"dtmf\"," +
        $"\"start\":\"{day}T{time}.000Z\",\"end\":\"{day}T{time}.000Z\",\"durationMs\":{durationMs},\"outcome\":\"{outcome}\"," +
        $"\"rule\":{(rule == null ? "null" : "\"" + rule + "\"")},\"blockedAtDigit\":{(rule == null ? "null" : "2")},\"flashes\":0," +
        $"\"emergency\":{(emergency ? "true" : "false")},\"clockSynced\":true}}";

    /// <summary>Two boxes over three days of November 2026, stored as the collector stores them.</summary>
    static string SampleDatabase(string dir)
    {
        string db = Path.Combine(dir, "calls.db");
        using CollectorStore store = CollectorStore.OpenSqlite(db);
        store.Migrate();
        var rows = new List<CollectedMessage?>();
        void Add(string box, string json) => rows.Add(CollectedMessage.Read("gateway", $"gateway/{box}/calls", System.Text.Encoding.UTF8.GetBytes(json)));
        long seq = 0;
        foreach ((string day, int calls) in new[] { ("2026-11-23", 5), ("2026-11-24", 8), ("2026-11-25", 3) })
            for (int i = 0; i < calls; i++)
                Add("office-3f", Record("office-3f", ++seq, day, $"09:{i:D2}:00", "01062345678", "completed", null, 95_000));
        Add("office-3f", Record("office-3f", ++seq, "2026-11-24", "10:00:00", "00441962234567", "blocked", "00", 4_000));
        Add("office-3f", Record("office-3f", ++seq, "2026-11-24", "10:05:00", "00331234", "blocked", "00", 3_000));
        Add("office-3f", Record("office-3f", ++seq, "2026-11-24", "10:06:00", "1900123", "blocked", "1900", 2_000));
        Add("office-3f", Record("office-3f", ++seq, "2026-11-25", "11:00:00", "120", "completed", null, 240_000, emergency: true));
        Add("lobby", Record("lobby", 1, "2026-11-25", "12:00:00", "", "incoming", null, 30_000, direction: "incoming"));
        Add("lobby", Record("lobby", 1, "2026-11-25", "12:00:00", "", "incoming", null, 30_000, direction: "incoming")); // a QoS 1 duplicate
        Add("office-3f", Record("office-3f", 99, "2026-12-01", "08:00:00", "0101", "completed", null, 1_000)); // outside the week
        rows.Add(CollectedMessage.Read("gateway", "gateway/lobby/status", "{\"online\":true,\"fault\":null}"u8.ToArray()));
        store.Store([.. rows.OfType<CollectedMessage>()], new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc));
        store.Store([CollectedMessage.Read("gateway", "gateway/lobby/status", "{\"online\":false}"u8.ToArray())!], new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc));
        store.Store([CollectedMessage.Read("gateway", "gateway/office-3f/status",
            "{\"online\":true,\"fault\":\"line cut not seen on the hook input: <check the relay>\"}"u8.ToArray())!], new DateTime(2026, 11, 25, 7, 0, 0, DateTimeKind.Utc));
        return db;
    }

    static string Report(string db, string html, params string[] period)
    {
        var err = new StringWriter();
        int code = Program.Run(["report", "--db", db, "-o", html, .. period], TextReader.Null, TextWriter.Null, err);
        Assert.AreEqual(0, code, err.ToString());
        return File.ReadAllText(html);
    }

    /// <summary>The visible text of a page, tags removed and entities decoded.</summary>
    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<style>.*?</style>", "", RegexOptions.Singleline), "<[^>]+>", " "));

    [TestMethod]
    public void A_week_shows_calls_per_line_per_day_blocked_by_rule_destinations_durations_and_box_states()
    {
        string dir = Temp();
        string html = Report(SampleDatabase(dir), Path.Combine(dir, "week.html"), "--period", "week", "--from", "2026-11-23");
        string text = Regex.Replace(Text(html), @"\s+", " ");
        StringAssert.Contains(text, "2026-11-23 00:00 to 2026-11-30 00:00 UTC");
        StringAssert.Contains(text, "21 calls"); // 16 + 3 blocked + the emergency call + one incoming; the duplicate and December's are not counted
        StringAssert.Contains(text, "17 completed");
        StringAssert.Contains(text, "3 blocked");
        StringAssert.Contains(text, "1 emergency");
        StringAssert.Contains(text, "office-3f / 1 5 11 4 0 0 0 0 20"); // 16 completed, 3 blocked, the emergency call
        StringAssert.Contains(text, "lobby / 1 0 0 1 0 0 0 0 1");
        StringAssert.Contains(text, "rule 00 2 rule 1900 1");
        StringAssert.Contains(text, "0106 16 0033 1 0044 1 120 1 1900 1");
        StringAssert.Contains(text, "1 min to 3 min 16 3 min to 10 min 1");
        StringAssert.Contains(text, "1 time(s) a box went offline and 1 fault report(s)");
        StringAssert.Contains(text, "fault: line cut not seen on the hook input: <check the relay>");
        StringAssert.Contains(html, "&lt;check the relay&gt;", "text from the network is escaped");
        Assert.IsFalse(Regex.IsMatch(html, @"(src|href)\s*=|<script|@import|url\(", RegexOptions.IgnoreCase), "self-contained: nothing to fetch, no script");
        Assert.AreEqual(4, Regex.Matches(html, "<svg ").Count, "a chart each for calls per day, blocked attempts, destinations and durations");
    }

    [TestMethod]
    public void A_period_without_calls_says_so_and_a_missing_database_is_a_usage_error()
    {
        string dir = Temp();
        string db = SampleDatabase(dir);
        string text = Text(Report(db, Path.Combine(dir, "day.html"), "--period", "day", "--from", "2026-11-26"));
        StringAssert.Contains(text, "No calls in this period.");
        var err = new StringWriter();
        Assert.AreEqual(2, Program.Run(["report", "--db", Path.Combine(dir, "none.db"), "--period", "day"], TextReader.Null, TextWriter.Null, err));
        StringAssert.StartsWith(err.ToString(), "gateway report: --db: no database at ");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "none.db")), "a report never creates a database");
        err = new StringWriter();
        Assert.AreEqual(2, Program.Run(["report", "--db", db], TextReader.Null, TextWriter.Null, err));
        StringAssert.StartsWith(err.ToString(), "gateway report: give --from and --to, or --period (day, week or month)");
    }

    [TestMethod]
    public void Periods_are_a_utc_day_an_iso_week_from_monday_and_a_calendar_month()
    {
        var now = new DateTime(2026, 11, 26, 15, 0, 0, DateTimeKind.Utc); // a Thursday
        Assert.AreEqual((new DateTime(2026, 11, 26), new DateTime(2026, 11, 27)), ReportCommand.Range(null, null, "day", now));
        Assert.AreEqual((new DateTime(2026, 11, 23), new DateTime(2026, 11, 30)), ReportCommand.Range(null, null, "week", now));
        Assert.AreEqual((new DateTime(2026, 11, 1), new DateTime(2026, 12, 1)), ReportCommand.Range(null, null, "month", now));
        Assert.AreEqual((new DateTime(2026, 2, 1), new DateTime(2026, 3, 1)), ReportCommand.Range(new DateTime(2026, 2, 1), null, "month", now));
    }

    static string RunChromium(string chromium, string profile, params string[] args)
    {
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile }.Concat(args))
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            Assert.Fail("chromium did not finish within 120 s");
        }
        return stdout.Result;
    }

    [TestMethod]
    public void The_report_renders_in_headless_chromium_at_phone_width_without_sideways_scrolling()
    {
        // Skipped with the reason where Chromium is missing; a failure in CI (GATEWAY_CHROMIUM_REQUIRED=1).
        Gateway.Cli.LedCard.Chromium browser = Support.BrowserForTests.Get();
        string chromium = browser.Path;
        string dir = Temp();
        string html = Path.Combine(dir, "week.html");
        Report(SampleDatabase(dir), html, "--period", "week", "--from", "2026-11-23");
        string artifacts = SimulateOutputTests.Repo("artifacts/report");
        Directory.CreateDirectory(artifacts);
        foreach ((string name, int width, int height) in new[] { ("phone", 390, 844), ("phone-full", 390, 2400), ("desktop", 1280, 900) })
        {
            string png = Path.Combine(artifacts, $"report-{name}.png");
            browser.Screenshot(new Uri(html).AbsoluteUri, png, width, height);
            Assert.IsTrue(File.Exists(png) && new FileInfo(png).Length > 10_000, $"screenshot {png}");
            TestContext.AddResultFile(png);
        }
        // The DOM after layout, with the page's width measured by the browser at phone size.
        string probe = Path.Combine(dir, "probe.html");
        File.WriteAllText(probe, File.ReadAllText(html).Replace("</main>",
            "</main><script>document.body.setAttribute('data-overflow', String(document.documentElement.scrollWidth > window.innerWidth));</script>"));
        string dom = RunChromium(chromium, Directory.CreateTempSubdirectory("gateway-chromium-").FullName, "--window-size=390,844", "--dump-dom", new Uri(probe).AbsoluteUri);
        StringAssert.Contains(dom, "data-overflow=\"false\"", "the page fits a 390 px wide phone (tables scroll inside their box)");
        string text = Regex.Replace(Text(dom), @"\s+", " ");
        foreach (string heading in new[] { "Calls per line per day", "Blocked attempts by rule", "Top destinations by prefix", "Durations of completed calls", "Boxes offline and faults" })
            StringAssert.Contains(text, heading);
        StringAssert.Contains(text, "21 calls");
        StringAssert.Contains(text, "rule 00 2");
    }
}
