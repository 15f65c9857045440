using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>A box process against Mosquitto configured as docs/mosquitto/ recommends: its own
/// credentials under the shipped ACL, TLS with a CA of its own, and its last will.</summary>
[TestClass]
public class SecuredBoxTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [TestMethod]
    public void Under_the_shipped_acl_a_box_with_its_own_credentials_publishes_status_and_calls()
    {
        using var broker = Mosquitto.Start(BrokerAuth.Config, dir => BrokerAuth.Prepare(dir, ("backend", "backend-pw"), ("box-1", "box-1-pw")));
        using var backend = Subscriber.Start(broker, "backend", ["gateway/#"], "backend", "backend-pw");
        string scenario = Scenarios.OutgoingCalls(TempDirs.Create("gateway-acl-"), 5);

        using var box = BoxProcess.Start("simulate", scenario, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", "box-1",
            "--user", "box-1", "--password", "box-1-pw");
        Assert.AreEqual(0, box.WaitForExit(Wait), box.Stderr);

        Subscriber.Message[] got = backend.WaitFor(m => m.Count(x => x.Topic == "gateway/box-1/calls") >= 5
            && m.Any(x => x.Topic == "gateway/box-1/status" && x.Payload.StartsWith("{\"online\":false,\"hw\":\"")), Wait, "5 calls and the planned offline status");
        foreach (Subscriber.Message status in got.Where(m => m.Topic == "gateway/box-1/status"))
            Assert.IsNull(Schemas.Problems("status.schema.json", status.Payload), status.Payload);
        Assert.IsTrue(got.Any(m => m.Topic == "gateway/box-1/status" && m.Payload.Contains("\"online\":true")), "the box said it was online");
    }

    [TestMethod]
    public void A_box_with_a_wrong_password_keeps_its_records_and_says_why()
    {
        using var broker = Mosquitto.Start(BrokerAuth.Config, dir => BrokerAuth.Prepare(dir, ("box-1", "box-1-pw")));
        string dir = TempDirs.Create("gateway-acl-");

        using var box = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 2), "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", "box-1",
            "--user", "box-1", "--password", "wrong", "--journal", Path.Combine(dir, "journal"), "--drain-timeout", "2");

        Assert.AreEqual(1, box.WaitForExit(Wait), "records not delivered is a failure");
        StringAssert.Contains(box.Stderr, "NotAuthorized");
        StringAssert.Contains(box.Stderr, "2 call record(s) not acknowledged");
        StringAssert.Contains(box.Stderr, "go out on the next run");
    }

    [TestMethod]
    public void Over_tls_with_ca_the_box_delivers_its_records()
    {
        string dir = TempDirs.Create("gateway-tls-e2e-");
        TestCertificates certs = TestCertificates.Create(dir, "lab");
        using var broker = Mosquitto.Start(BrokerAuth.TlsConfig(certs));
        // The backend listens on the same TLS listener through mosquitto_sub --cafile.
        using var backend = Subscriber.Start(broker, "backend", ["gateway/box-1/calls", "gateway/probe/ready"], caFile: certs.CaFile);
        Transport.MqttNetTransportTests.WaitSubscribed(broker, backend,
            via: new Gateway.Cli.Mqtt.BrokerOptions { Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = certs.CaFile }).GetAwaiter().GetResult();

        using var box = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 3), "--broker", $"mqtts://127.0.0.1:{broker.Port}", "--box", "box-1",
            "--tls", "--ca", certs.CaFile);
        Assert.AreEqual(0, box.WaitForExit(Wait), box.Stderr);

        StringAssert.Contains(box.Stderr, $"connected to mqtts://127.0.0.1:{broker.Port}");
        Subscriber.Message[] got = backend.WaitFor(m => m.Count(x => x.Topic == "gateway/box-1/calls") >= 3, Wait, "3 call records over TLS");
        CollectionAssert.AreEqual(box.Stdout, got.Where(x => x.Topic == "gateway/box-1/calls").Select(x => x.Payload).ToArray());
    }

    [TestMethod]
    public void A_killed_box_is_reported_offline_by_its_last_will()
    {
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/box-1/status"]);
        string dir = TempDirs.Create("gateway-will-");

        using var box = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 100), "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", "box-1",
            "--speed", "200");
        backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"online\":true")), Wait, "the box online");
        box.Kill();

        Subscriber.Message[] got = backend.WaitFor(m => m.Last().Payload.StartsWith("{\"online\":false,\"hw\":\""), Wait, "the last will");
        Assert.IsNull(Schemas.Problems("status.schema.json", got.Last().Payload));
    }
}
