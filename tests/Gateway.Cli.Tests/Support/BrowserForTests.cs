using System.Diagnostics;
using Gateway.Cli.LedCard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests.Support;

/// <summary>Headless Chromium and the CJK fonts for the tests that look at pages as a person would.
/// Missing, such a test is reported as skipped with the reason (a fresh clone passes without them);
/// with GATEWAY_CHROMIUM_REQUIRED=1 (CI, which installs both) it fails instead.</summary>
internal static class BrowserForTests
{
    const string Install = "apt-get install chromium fonts-noto-cjk";

    public static bool Required => Environment.GetEnvironmentVariable("GATEWAY_CHROMIUM_REQUIRED") == "1";

    /// <summary>Chromium, or the test stops here as skipped (failed when required).</summary>
    public static Chromium Get()
    {
        string? path = Chromium.Find();
        if (path == null)
            Missing($"Chromium not found ({string.Join(", ", Chromium.Candidates)} or $GATEWAY_CHROMIUM): {Install}");
        return new Chromium(path!);
    }

    /// <summary>Stops the test as skipped (failed when required) unless fontconfig knows a Chinese font.</summary>
    public static void RequireChineseFont()
    {
        string fonts;
        try
        {
            var start = new ProcessStartInfo("fc-list", ":lang=zh family") { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(start)!;
            fonts = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            fonts = "";
        }
        if (fonts.Trim().Length == 0)
            Missing($"no Chinese font (fc-list :lang=zh is empty), the zh-CN pages would show empty boxes: {Install}");
    }

    static void Missing(string why)
    {
        if (Required)
            Assert.Fail(why + " (GATEWAY_CHROMIUM_REQUIRED=1)");
        Assert.Inconclusive("skipped: " + why);
    }

    /// <summary>artifacts/docs-render/ in the repository: screenshots and pages a person can look at after the run.</summary>
    public static string OutputDir()
    {
        string dir = SimulateOutputTests.Repo(Path.Combine("artifacts", "docs-render"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
