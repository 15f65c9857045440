using System.Diagnostics;
using System.Text;

namespace Gateway.Cli.LedCard;

/// <summary>Headless Chromium for what a person would see: a page printed to PDF, a screenshot, the DOM after layout.</summary>
/// <remarks>Each call starts its own browser with a fresh profile and everything that would reach the
/// network switched off, and waits for it with a time limit.</remarks>
public sealed class Chromium(string path)
{
    /// <summary>Where Debian and others put it.</summary>
    public static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public string Path { get; } = path;

    /// <summary>$GATEWAY_CHROMIUM or the first of <see cref="Candidates"/> that exists, else null.</summary>
    public static string? Find()
    {
        string? env = Environment.GetEnvironmentVariable("GATEWAY_CHROMIUM");
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? env : null;
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>An HTML page that shows the SVG alone on a page of its size (mm), for printing.</summary>
    public static string PageFor(string svg, int widthMm, int heightMm, string title) =>
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + System.Net.WebUtility.HtmlEncode(title) + "</title><style>@page { size: " + widthMm + "mm " + heightMm + "mm; margin: 0 } "
        + "html, body { margin: 0; padding: 0 } svg { display: block }</style></head><body>\n" + svg + "</body></html>\n";

    /// <summary>Prints <paramref name="svg"/> on one page of <paramref name="widthMm"/> x <paramref name="heightMm"/> to
    /// <paramref name="pdf"/>, with <paramref name="title"/> as the PDF's title.</summary>
    public void PrintSvgToPdf(string svg, int widthMm, int heightMm, string title, string pdf)
    {
        string dir = Directory.CreateTempSubdirectory("gateway-print-").FullName;
        try
        {
            string page = System.IO.Path.Combine(dir, "page.html");
            File.WriteAllText(page, PageFor(svg, widthMm, heightMm, title), new UTF8Encoding(false));
            string target = System.IO.Path.GetFullPath(pdf);
            if (File.Exists(target)) File.Delete(target);
            Run(dir, "--no-pdf-header-footer", "--print-to-pdf-no-header", "--print-to-pdf=" + target, new Uri(page).AbsoluteUri);
            if (!File.Exists(target))
                throw new ChromiumException($"{Path} printed no PDF");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>A PNG of <paramref name="url"/> in a window of the given size (CSS pixels).</summary>
    public void Screenshot(string url, string png, int width, int height)
    {
        string dir = Directory.CreateTempSubdirectory("gateway-shot-").FullName;
        try
        {
            string target = System.IO.Path.GetFullPath(png);
            if (File.Exists(target)) File.Delete(target);
            Run(dir, "--hide-scrollbars", $"--window-size={width},{height}", "--screenshot=" + target, url);
            if (!File.Exists(target))
                throw new ChromiumException($"{Path} took no screenshot of {url}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>The page's DOM after it loaded, as Chromium serialises it: the text a person can see is in it.</summary>
    public string DumpDom(string url)
    {
        string dir = Directory.CreateTempSubdirectory("gateway-dom-").FullName;
        try
        {
            return Run(dir, "--dump-dom", url);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    string Run(string profileParent, params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + System.IO.Path.Combine(profileParent, "profile"),
        })
            start.ArgumentList.Add(a);
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start) ?? throw new ChromiumException($"cannot start {Path}");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(true);
            throw new ChromiumException($"{Path} did not finish within {Limit.TotalSeconds} s");
        }
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new ChromiumException($"{Path} exited with {p.ExitCode}: {stderr.Result.Trim()}");
        return stdout.Result;
    }
}

/// <summary>Chromium could not be run or did not produce what was asked.</summary>
public sealed class ChromiumException(string message) : Exception(message);
