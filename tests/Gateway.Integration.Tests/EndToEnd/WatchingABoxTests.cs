using Gateway.Cli;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>`gateway watch` looking at a live box process.</summary>
[TestClass]
public class WatchingABoxTests
{
    [TestMethod]
    public void Watch_once_shows_a_live_box_with_its_status_and_the_rules_it_refused()
    {
        string dir = TempDirs.Create("gateway-watch-e2e-");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/box-7/#"]);
        using var box = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 3), "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", "box-7", "--linger", "60");
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        // At rest: every record acknowledged and the line idle again (an early status has queue 0 too,
        // and the last one is published up to StatusMinIntervalMs after the scenario's last change).
        backend.WaitFor(m => m.Any(x => x.Topic == "gateway/box-7/status" && x.Payload.Contains("\"queue\":0") && x.Payload.Contains("\"line\":\"idle\"")),
            TimeSpan.FromSeconds(30), "the box's status with an empty outbox and an idle line");
        TestClient push = TestClient.ConnectAsync(broker.Options, "backend-pub").GetAwaiter().GetResult();
        push.PublishAsync("gateway/box-7/rules/set", "{\"version\":\"bad-1\",\"format\":\"text\",\"rules\":\"allow\"}", retain: true).GetAwaiter().GetResult();
        push.DisposeAsync().AsTask().GetAwaiter().GetResult();
        backend.WaitFor(m => m.Any(x => x.Topic == "gateway/box-7/rules/state" && x.Payload.Contains("\"refused\"")), TimeSpan.FromSeconds(30), "the refusal");

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.AreEqual(0, Program.Run(["watch", "--broker", url, "--box", "box-7", "--once"], TextReader.Null, stdout, stderr), stderr.ToString());

        string screen = stdout.ToString();
        StringAssert.Contains(screen, "[box-7]");
        StringAssert.Contains(screen, "status: online=true");
        StringAssert.Contains(screen, "queue=0");
        StringAssert.Contains(screen, "line=idle");
        StringAssert.Contains(screen, "refused rule update: version=\"\" result=refused requested=bad-1");
    }
}
