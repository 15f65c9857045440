using Gateway.Cli;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Commands;

/// <summary>`gateway watch` against a real Mosquitto.</summary>
[TestClass]
public class WatchCommandTests
{
    [TestMethod]
    public async Task Once_shows_every_box_with_its_status_last_call_and_refused_rule_update()
    {
        using var broker = Mosquitto.Start();
        await using (var boxes = await TestClient.ConnectAsync(broker.Options, "boxes"))
        {
            await boxes.PublishAsync("gateway/box-a/status", "{\"online\":true,\"queued\":0}", retain: true);
            await boxes.PublishAsync("gateway/box-b/status", "{\"online\":false}", retain: true);
            await boxes.PublishAsync("gateway/box-b/rules/state", "{\"version\":\"v8\",\"result\":\"refused\",\"requested\":\"v9\",\"reason\":\"line 3: not a prefix\",\"warnings\":null}", retain: true);
        }
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = Program.Run(["watch", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--once"], TextReader.Null, stdout, stderr);

        Assert.AreEqual(0, code, stderr.ToString());
        string screen = stdout.ToString();
        StringAssert.Contains(screen, "2 boxes");
        StringAssert.Contains(screen, "[box-a]");
        StringAssert.Contains(screen, "status: online=true queued=0");
        StringAssert.Contains(screen, "[box-b]");
        StringAssert.Contains(screen, "refused rule update: version=v8 result=refused requested=v9 reason=line 3: not a prefix");
        Assert.IsFalse(screen.Contains('\u001b'), "not a terminal: plain text, no escape sequences");
    }

    [TestMethod]
    public void Duration_shows_calls_published_while_it_watches()
    {
        using var broker = Mosquitto.Start();
        var screen = new StringWriter();
        TextWriter stdout = TextWriter.Synchronized(screen); // the watcher draws while the test reads
        var stderr = new StringWriter();
        var watching = Task.Run(() => Program.Run(["watch", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "6"], TextReader.Null, stdout, stderr));

        // Publish until the watcher has subscribed and drawn the call (bounded by --duration).
        PublishCallUntilDrawn(broker, screen, stdout, watching);

        Assert.AreEqual(0, watching.Result, stderr.ToString());
        StringAssert.Contains(screen.ToString(), "call: seq=7 digits=0301234");
    }

    [TestMethod]
    public void Duration_shows_the_box_log_published_while_it_watches()
    {
        using var broker = Mosquitto.Start();
        var screen = new StringWriter();
        TextWriter stdout = TextWriter.Synchronized(screen);
        var stderr = new StringWriter();
        var watching = Task.Run(() => Program.Run(["watch", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", "box-0042", "--duration", "6"], TextReader.Null, stdout, stderr));
        // The bytes a box publishes on its log topic (docs/schemas/log.example.json is the encoder's output).
        string entry = File.ReadAllText(Path.Combine(Repo.Root, "docs", "schemas", "log.example.json")).TrimEnd('\n');
        const string line = "  log: 2026-11-25 09:15:02 UTC boot 4 #7 warning: mqtt: broker refused the connection: MQTT reason code 5\n";
        Assert.IsNull(Schemas.Problems("log.schema.json", entry), "the log example against its schema (a full JSON Schema validator)");

        var client = TestClient.ConnectAsync(broker.Options, "box-0042").GetAwaiter().GetResult();
        try
        {
            // Not retained: publish until the watcher has subscribed and drawn it (bounded by --duration).
            while (!watching.IsCompleted && !Snapshot(screen, stdout).Contains(line))
            {
                client.PublishAsync("gateway/box-0042/log", entry).GetAwaiter().GetResult();
                watching.Wait(300);
            }
        }
        finally
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Assert.AreEqual(0, watching.Result, stderr.ToString());
        StringAssert.Contains(Snapshot(screen, stdout), line);
    }

    static void PublishCallUntilDrawn(Mosquitto broker, StringWriter screen, TextWriter stdout, Task<int> watching)
    {
        var client = TestClient.ConnectAsync(broker.Options, "box-c").GetAwaiter().GetResult();
        try
        {
            while (!watching.IsCompleted && !Snapshot(screen, stdout).Contains("seq=7"))
            {
                client.PublishAsync("gateway/box-c/calls", "{\"seq\":7,\"digits\":\"0301234\"}").GetAwaiter().GetResult();
                watching.Wait(300);
            }
        }
        finally
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    static string Snapshot(StringWriter screen, TextWriter synchronized)
    {
        lock (synchronized) // TextWriter.Synchronized locks the wrapper itself
            return screen.ToString();
    }

    [TestMethod]
    public void An_unreachable_broker_is_a_failure_with_the_address()
    {
        int port = Gateway.Cli.Mqtt.EmbeddedBroker.FreeLoopbackPort();
        var stderr = new StringWriter();

        int code = Program.Run(["watch", "--broker", $"mqtt://127.0.0.1:{port}", "--once"], TextReader.Null, TextWriter.Null, stderr);

        Assert.AreEqual(1, code);
        StringAssert.Contains(stderr.ToString(), $"cannot connect to mqtt://127.0.0.1:{port}");
    }

    [TestMethod]
    public void Over_tls_it_trusts_the_ca_given_with_ca_and_no_other()
    {
        string dir = TempDirs.Create("gateway-tls-");
        TestCertificates ours = TestCertificates.Create(dir, "ours");
        TestCertificates theirs = TestCertificates.Create(dir, "theirs");
        using var broker = Mosquitto.Start(BrokerAuth.TlsConfig(ours));
        string url = $"mqtts://127.0.0.1:{broker.Port}";
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.AreEqual(0, Program.Run(["watch", "--broker", url, "--tls", "--ca", ours.CaFile, "--once"], TextReader.Null, stdout, stderr), stderr.ToString());
        StringAssert.Contains(stdout.ToString(), "gateway watch  " + url);

        var refused = new StringWriter();
        Assert.AreEqual(1, Program.Run(["watch", "--broker", url, "--tls", "--ca", theirs.CaFile, "--once"], TextReader.Null, TextWriter.Null, refused));
        StringAssert.Contains(refused.ToString(), "cannot connect to " + url);
    }

    [TestMethod]
    public void Once_and_duration_together_are_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.AreEqual(2, Program.Run(["watch", "--once", "--duration", "2"], TextReader.Null, TextWriter.Null, stderr));
        StringAssert.Contains(stderr.ToString(), "--once and --duration exclude each other");
    }
}
