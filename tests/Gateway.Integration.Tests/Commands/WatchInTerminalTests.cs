using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Commands;

/// <summary>`gateway watch` in a real 80x24 terminal (tmux) while `gateway simulate` publishes an office
/// day: the pane is captured as text and with its colours, kept under artifacts/watch/, and checked.</summary>
[TestClass]
public class WatchInTerminalTests
{
    const int Width = 80, Height = 24;

    public TestContext TestContext { get; set; } = null!;

    static string? Tmux => File.Exists("/usr/bin/tmux") ? "/usr/bin/tmux" : Mosquitto.OnPath("tmux");

    [TestMethod]
    public void The_dashboard_shows_the_box_its_blocked_calls_and_the_emergency_call_within_80_columns()
    {
        if (Tmux == null)
            Assert.Inconclusive("SKIPPED: tmux is not installed (apt-get install tmux): `gateway watch` was not checked in a real terminal");
        using var broker = Mosquitto.Start();
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        // A tmux server of our own (-L): the test starts and ends only what it made.
        string server = "gateway-watch-test-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            string command = $"dotnet {Quote(BoxProcess.GatewayDll)} watch --broker {url} --duration 120";
            Run("new-session", "-d", "-x", Width.ToString(), "-y", Height.ToString(), "-s", "watch", command);
            // Calls are not retained: the dashboard must be drawn (connected, subscribed) before the box dials.
            WaitForPane(server, pane => pane.Contains("gateway watch  " + url), "the dashboard's first frame");

            using (var box = BoxProcess.Start("simulate", Path.Combine(Repo.Root, "samples", "office-day.scenario"),
                "--rules", Path.Combine(Repo.Root, "samples", "rules", "office.rules"), "--broker", url, "--box", "office-3f", "--line", "1", "--linger", "30"))
            {
                box.WaitForStdoutLines(11, TimeSpan.FromSeconds(60));
                string text = WaitForPane(server, pane => pane.Contains("EMERGENCY") && pane.Contains("blocked by rule") && Regex.IsMatch(pane, @"(?m)^office-3f +online"),
                    "the box row, a blocked call and the emergency call");
                string colours = Capture(server, "-e");
                string joined = Capture(server, "-J"); // wrapped lines joined: a line over 80 columns would show here
                string dir = Path.Combine(Repo.Root, "artifacts", "watch");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "watch-80x24.txt"), text);
                File.WriteAllText(Path.Combine(dir, "watch-80x24.ansi"), colours);
                TestContext.AddResultFile(Path.Combine(dir, "watch-80x24.txt"));
                TestContext.AddResultFile(Path.Combine(dir, "watch-80x24.ansi"));
                TestContext.WriteLine("gateway watch in tmux, 80x24 (also in artifacts/watch/watch-80x24.txt):\n" + text);

                // The rules column: the version `rules push` would give office.rules (rule text has none of its own).
                string version = "sha256-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                    File.ReadAllBytes(Path.Combine(Repo.Root, "samples", "rules", "office.rules"))))[..12];
                StringAssert.Matches(text, new Regex(@"(?m)^office-3f +online +\d\d:\d\d:\d\d \(\d+[smhd]\) +\d+s ago +" + version + @" +\d+ +0 +\w+"), "the box row");
                StringAssert.Matches(text, new Regex(@"(?m)^\d\d:\d\d:\d\d +office-3f +1 +00\d* +blocked by rule 00 at key \d+ *$"), "a blocked call, outcome in full");
                StringAssert.Matches(text, new Regex(@"(?m)^\d\d:\d\d:\d\d +office-3f +1 +120 +completed EMERGENCY *$"), "the emergency call");
                string[] lines = joined.Split('\n');
                Assert.IsTrue(lines.Length <= Height + 1, joined);
                foreach (string line in lines)
                    Assert.IsTrue(line.TrimEnd().Length <= Width, $"over {Width} columns: '{line}'");
                // Colours: the blocked call's outcome in red, EMERGENCY highlighted on yellow (SGR codes, ECMA-48).
                StringAssert.Matches(colours, new Regex("\u001b\\[[0-9;]*(31|91|38;5;9)m[^\u001b]*blocked by rule 00"), "blocked in red");
                StringAssert.Matches(colours, new Regex("\u001b\\[[0-9;]*(43|103|48;5;11)[0-9;]*m[^\u001b]*EMERGENCY"), "EMERGENCY on yellow");
                box.Kill();
            }
        }
        finally
        {
            Tmux_(server, "kill-server");
        }

        void Run(params string[] args)
        {
            (int code, string output) = Tmux_(server, args);
            Assert.AreEqual(0, code, $"tmux {string.Join(' ', args)}: {output}");
        }
    }

    static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    static string Capture(string server, string option)
    {
        string[] args = option.Length == 0 ? ["capture-pane", "-p", "-t", "watch"] : ["capture-pane", "-p", option, "-t", "watch"];
        (int code, string output) = Tmux_(server, args);
        Assert.AreEqual(0, code, output);
        return output;
    }

    /// <summary>Captures the pane until <paramref name="ready"/> holds (the processes run on their own clock), 60 s at most.</summary>
    static string WaitForPane(string server, Func<string, bool> ready, string what)
    {
        var clock = Stopwatch.StartNew();
        string pane = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            pane = Capture(server, "");
            if (ready(pane))
                return pane;
            Thread.Sleep(250);
        }
        Assert.Fail($"{what} not on the screen within 60 s; the pane:\n{pane}");
        return pane;
    }

    static (int Code, string Output) Tmux_(string server, params string[] args)
    {
        var psi = new ProcessStartInfo(Tmux!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(server);
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
