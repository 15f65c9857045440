using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate` with a broker it cannot reach, until its outbox is full: stdout holds
/// only records the journal kept.</summary>
[TestClass]
public class SimulateOutboxFullTests
{
    private static int UnusedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [TestMethod]
    public void Records_the_full_outbox_refuses_are_not_printed_and_are_reported()
    {
        const int calls = 2400;  // the 4 MB module's default outbox holds 2,180 (docs/flash.md)
        var sb = new StringBuilder();
        for (int i = 0; i < calls; i++)
        {
            long t = i * 20_000L;
            sb.Append(t).Append(" hook off\n")
              .Append(t + 1_000).Append(" dtmf 5 80\n")
              .Append(t + 1_200).Append(" dtmf 1 80\n")
              .Append(t + 9_000).Append(" hook on\n");
        }
        string dir = Path.Combine(Path.GetTempPath(), "gateway-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string scenario = Path.Combine(dir, "many.scenario");
        File.WriteAllText(scenario, sb.ToString());

        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(["simulate", scenario, "--broker", $"mqtt://127.0.0.1:{UnusedPort()}", "--drain-timeout", "0"],
            TextReader.Null, @out, err);

        Assert.AreEqual(1, code, "records not delivered is a failure");
        string[] printed = @out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        MatchCollection refused = Regex.Matches(err.ToString(), @"call record (\d+) refused by the outbox \(journal full\)");
        Assert.IsTrue(refused.Count > 0, "the outbox should have filled: " + err);
        Assert.AreEqual(calls, printed.Length + refused.Count, "every call is either printed (kept) or reported (refused)");
        long lastPrinted = long.Parse(Regex.Match(printed[^1], "\"seq\":(\\d+)").Groups[1].Value);
        Assert.IsTrue(long.Parse(refused[0].Groups[1].Value) > lastPrinted, "kept records are the older ones: the journal refuses the newest");
    }
}
