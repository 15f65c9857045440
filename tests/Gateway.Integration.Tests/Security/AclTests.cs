using System.Text;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Security;

/// <summary>docs/mosquitto/gateway.acl with a password file, enforced by a real Mosquitto.</summary>
[TestClass]
public class AclTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    static Mosquitto StartSecuredBroker() => Mosquitto.Start(BrokerAuth.Config,
        dir => BrokerAuth.Prepare(dir, ("backend", "backend-pw"), ("box-1", "box-1-pw"), ("box-2", "box-2-pw")));

    static BrokerOptions As(Mosquitto broker, string user, string password) =>
        new() { Host = "127.0.0.1", Port = broker.Port, User = user, Password = password };

    [TestMethod]
    public async Task A_box_cannot_publish_for_another_box_nor_write_its_own_rules()
    {
        using var broker = StartSecuredBroker();
        using var backend = Subscriber.Start(broker, "backend-sub", ["gateway/#"], "backend", "backend-pw");
        await using var box1 = await TestClient.ConnectAsync(As(broker, "box-1", "box-1-pw"), "box-1");
        await WaitUntilBackendHears(backend, box1, "gateway/box-1/events", "warm-up");

        await box1.PublishAsync("gateway/box-2/calls", "{\"forged\":true}");
        await box1.PublishAsync("gateway/box-2/status", "{\"online\":false}", retain: true);
        await box1.PublishAsync("gateway/box-1/rules/set", "{\"forged\":true}", retain: true);
        await box1.PublishAsync("gateway/box-2/log", "{\"forged\":true}");
        await box1.PublishAsync("gateway/box-1/log", "{\"seq\":1}"); // allowed
        await box1.PublishAsync("gateway/box-1/calls", "{\"seq\":1}"); // allowed, and after the forged ones

        // Mosquitto forwards one client's messages in order: once the allowed one is here, the
        // forbidden ones would have arrived before it.
        Subscriber.Message[] seen = backend.WaitFor(m => m.Any(x => x.Topic == "gateway/box-1/calls"), Wait, "box-1's own call record");
        CollectionAssert.DoesNotContain(seen.Select(m => m.Topic).ToArray(), "gateway/box-2/calls");
        CollectionAssert.DoesNotContain(seen.Select(m => m.Topic).ToArray(), "gateway/box-2/status");
        CollectionAssert.DoesNotContain(seen.Select(m => m.Topic).ToArray(), "gateway/box-1/rules/set");
        CollectionAssert.DoesNotContain(seen.Select(m => m.Topic).ToArray(), "gateway/box-2/log");
        CollectionAssert.Contains(seen.Select(m => m.Topic).ToArray(), "gateway/box-1/log");
    }

    [TestMethod]
    public async Task The_backend_pushes_rules_to_a_box_and_another_box_cannot_read_them()
    {
        using var broker = StartSecuredBroker();
        var box1 = new RecordingListener();
        var box2 = new RecordingListener();
        using var d1 = new CoreDispatcher(TextWriter.Null);
        using var d2 = new CoreDispatcher(TextWriter.Null);
        await using var t1 = Box(broker, "box-1", "box-1-pw", d1, box1);
        await using var t2 = Box(broker, "box-2", "box-2-pw", d2, box2);
        lock (d1.Gate)
            t1.Subscribe("gateway/box-1/rules/set", MqttQos.AtLeastOnce);
        lock (d2.Gate)
        {
            t2.Subscribe("gateway/box-1/rules/set", MqttQos.AtLeastOnce); // snooping: the ACL grants it, delivers nothing
            t2.Subscribe("gateway/box-2/rules/set", MqttQos.AtLeastOnce);
        }
        t1.Start();
        t2.Start();
        box1.WaitFor("connected", Wait);
        box2.WaitFor("connected", Wait);

        await using var backend = await TestClient.ConnectAsync(As(broker, "backend", "backend-pw"), "backend");
        // Publish both until each box has heard its own; Mosquitto keeps one publisher's order,
        // so box-2 would have heard box-1's update before its own.
        await MqttNetTransportTestsWait(async () =>
        {
            await backend.PublishAsync("gateway/box-1/rules/set", "rules-a2", retain: true);
            await backend.PublishAsync("gateway/box-2/rules/set", "rules-b2", retain: true);
            return box1.Events.Any(e => e.StartsWith("message gateway/box-1/rules/set rules-a2"))
                && box2.Events.Any(e => e.StartsWith("message gateway/box-2/rules/set rules-b2"));
        });
        Assert.IsFalse(box2.Events.Any(e => e.StartsWith("message gateway/box-1/")), "box-2 heard box-1's rules: " + string.Join(" | ", box2.Events));
        // Mosquitto's acl_file grants every subscription and filters at delivery (docs/nanoframework.md,
        // "SUBACK"): a box whose ACL is wrong hears nothing rather than a refused SUBACK.
        box2.WaitFor("subscribed gateway/box-1/rules/set granted", Wait);
    }

    [TestMethod]
    public async Task A_box_cannot_take_another_box_s_client_id_and_knock_it_offline()
    {
        using var broker = StartSecuredBroker();
        using var backend = Subscriber.Start(broker, "backend-sub", ["gateway/#"], "backend", "backend-pw");
        var box2 = new RecordingListener();
        using var d2 = new CoreDispatcher(TextWriter.Null);
        // The device's client id scheme (gateway-<boxId>), with its last will.
        await using var t2 = new MqttNetTransport(As(broker, "box-2", "box-2-pw"), Session("box-2", "gateway-box-2"), d2, TextWriter.Null);
        t2.SetListener(box2);
        t2.Start();
        box2.WaitFor("connected", Wait);

        // box-1, with its own credentials, under box-2's client ids: the device's and simulate's.
        foreach (string id in new[] { "gateway-box-2", "box-2" })
        {
            await using var intruder = await TestClient.ConnectAsync(As(broker, "box-1", "box-1-pw"), id);
            // Mosquitto handles a take-over (and publishes the will) while it takes the CONNECT, so
            // a will would reach the backend before the intruder's own message does.
            await WaitUntilBackendHears(backend, intruder, "gateway/box-1/events", "as " + id);
        }
        Subscriber.Message[] seen = backend.Messages;
        Assert.IsFalse(seen.Any(m => m.Topic == "gateway/box-2/status" && m.Payload.Contains("\"online\":false")),
            "box-2's will was published: " + string.Join(" | ", seen.Select(m => m.Topic + " " + m.Payload)));
        Assert.AreEqual(0, box2.Count("disconnected"), string.Join(" | ", box2.Events));
        Assert.AreEqual(1, box2.Count("connected"), string.Join(" | ", box2.Events));
    }

    [TestMethod]
    public async Task A_box_under_the_device_client_id_scheme_publishes_its_own_topics_only()
    {
        using var broker = StartSecuredBroker();
        using var backend = Subscriber.Start(broker, "backend-sub", ["gateway/#"], "backend", "backend-pw");
        await using var box2 = await TestClient.ConnectAsync(As(broker, "box-2", "box-2-pw"), "gateway-box-2");
        await box2.PublishAsync("gateway/box-1/calls", "{\"forged\":true}");
        await WaitUntilBackendHears(backend, box2, "gateway/box-2/calls", "{\"seq\":1}");
        CollectionAssert.DoesNotContain(backend.Messages.Select(m => m.Topic).ToArray(), "gateway/box-1/calls");
    }

    [TestMethod]
    public async Task The_collector_keeps_hearing_every_box_while_the_backend_pushes_rules()
    {
        using var broker = Mosquitto.Start(BrokerAuth.Config,
            dir => BrokerAuth.Prepare(dir, ("collector", "collector-pw"), ("backend", "backend-pw"), ("box-1", "box-1-pw")));
        using var collector = Subscriber.Start(broker, "collector", ["gateway/#"], "collector", "collector-pw");
        await using var box1 = await TestClient.ConnectAsync(As(broker, "box-1", "box-1-pw"), "gateway-box-1");
        await WaitUntilBackendHears(collector, box1, "gateway/box-1/calls", "{\"seq\":1}");

        // Under users of their own the two never share a client id, so the push leaves the collector's session alone.
        await using (var push = await TestClient.ConnectAsync(As(broker, "backend", "backend-pw"), "gateway-push-1"))
            await push.PublishAsync("gateway/box-1/rules/set", "rules-a1", retain: true);
        await box1.PublishAsync("gateway/box-1/calls", "{\"seq\":2}");
        Subscriber.Message[] seen = collector.WaitFor(m => m.Any(x => x.Payload == "{\"seq\":2}"), Wait, "box-1's second call record");
        Assert.IsTrue(seen.Any(m => m.Topic == "gateway/box-1/rules/set" && m.Payload == "rules-a1"), "the collector heard the push");
        Assert.AreEqual("", collector.Errors.Trim());
    }

    [TestMethod]
    public void A_box_logged_in_under_another_name_shows_the_settings_fault_while_the_broker_drops_its_records()
    {
        using var broker = StartSecuredBroker();
        using var backend = Subscriber.Start(broker, "backend-sub", ["gateway/#"], "backend", "backend-pw");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = Gateway.Cli.Program.Run(["simulate", "-", "--box", "office-3f", "--leds", "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--user", "box-1", "--password", "box-1-pw"], new StringReader("1000 hook off\n2000 dtmf 1 80\n62000 hook on\n"), stdout, stderr);

        // The broker acknowledges what the ACL drops: only the box itself can tell.
        Assert.AreEqual(0, code, stderr.ToString());
        string err = stderr.ToString();
        StringAssert.Contains(err, "gateway simulate: FAULT (line still guarded): settings: brokerUser box-1 is not the box id office-3f: ");
        StringAssert.Contains(err, " leds Fault: ");
        Assert.AreEqual(1, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, "the record is kept and printed");
        CollectionAssert.DoesNotContain(backend.Messages.Select(m => m.Topic).ToArray(), "gateway/office-3f/calls");
    }

    [TestMethod]
    public async Task A_box_with_a_wrong_password_is_not_let_in()
    {
        using var broker = StartSecuredBroker();
        var listener = new RecordingListener();
        var log = new StringWriter();
        using var d = new CoreDispatcher(log);
        await using var t = new MqttNetTransport(As(broker, "box-1", "box-2-pw"), Session("box-1"), d, TextWriter.Synchronized(log));
        t.SetListener(listener);
        t.Start();

        await MqttNetTransportTestsWait(() => Task.FromResult(Snapshot(log).Contains("cannot connect")));
        StringAssert.Contains(Snapshot(log), "NotAuthorized");
        Assert.AreEqual(0, listener.Count("connected"));
    }

    [TestMethod]
    public async Task A_box_whose_broker_user_is_not_its_id_shows_a_fault_while_a_correct_box_stays_clear()
    {
        using var broker = StartSecuredBroker();
        using var backend = Subscriber.Start(broker, "backend-sub", ["gateway/#"], "backend", "backend-pw");
        using var d1 = new CoreDispatcher(TextWriter.Null);
        using var d2 = new CoreDispatcher(TextWriter.Null);
        // box-1 logs in as box-1; box-3 logs in as box-2: the ACL's %u then names other topics than its own.
        await using var t1 = new MqttNetTransport(As(broker, "box-1", "box-1-pw"), Session("box-1"), d1, TextWriter.Null);
        await using var t2 = new MqttNetTransport(As(broker, "box-2", "box-2-pw"), Session("box-3"), d2, TextWriter.Null);
        BoxLink good = Link(t1, "box-1");
        BoxLink wrong = Link(t2, "box-3");
        t1.Start();
        t2.Start();

        await MqttNetTransportTestsWait(() => Task.FromResult(Under(d1, () => good.DeliveryConfirmed)));
        // An ordering barrier for the wrong box: a message on a topic its user may write and read
        // comes back after anything the broker would have delivered to it before.
        await MqttNetTransportTestsWait(() => Task.FromResult(Under(d2, () => t2.IsConnected)));
        lock (d2.Gate)
        {
            t2.Subscribe("gateway/box-2/status", MqttQos.AtLeastOnce);
            t2.Publish("gateway/box-2/status", Encoding.UTF8.GetBytes("barrier"), MqttQos.AtLeastOnce, false);
        }
        await MqttNetTransportTestsWait(() => Task.FromResult(Under(d2, () => wrong.IgnoredMessages > 0)));

        lock (d1.Gate)
            good.Tick(good.EchoTimeoutMs);
        lock (d2.Gate)
            wrong.Tick(wrong.EchoTimeoutMs);
        Assert.IsNull(Under(d1, () => good.CurrentFault), "the correctly configured box");
        Assert.AreEqual(BoxLink.NotDeliveredFault, Under(d2, () => wrong.CurrentFault), "the box whose messages the ACL swallows");
        CollectionAssert.DoesNotContain(backend.Messages.Select(m => m.Topic).ToArray(), "gateway/box-3/status", "nothing of box-3 arrived");
        Assert.IsTrue(backend.Messages.Any(m => m.Topic == "gateway/box-1/status"), "box-1's status arrived");
    }

    static BoxLink Link(MqttNetTransport t, string box) =>
        new(t, new MessagingTopics("gateway", box), new OutboxJournal(new MemoryJournalStorage(), box, 64 * 1024, Random.Shared.NextInt64()),
            new Gateway.Core.Rules.RuleBook(), "test", BoxLink.DefaultWindow, RuleUpdateRequest.DefaultMaxPayloadBytes);

    static T Under<T>(CoreDispatcher d, Func<T> read)
    {
        lock (d.Gate)
            return read();
    }

    static string Snapshot(StringWriter log)
    {
        lock (log)
            return log.ToString();
    }

    static MqttSession Session(string id, string? clientId = null) => new()
    {
        ClientId = clientId ?? id,
        WillTopic = $"gateway/{id}/status",
        WillPayload = () => Encoding.UTF8.GetBytes("{\"online\":false}"),
    };

    static MqttNetTransport Box(Mosquitto broker, string id, string password, CoreDispatcher d, RecordingListener l)
    {
        var t = new MqttNetTransport(As(broker, id, password), Session(id), d, TextWriter.Null);
        t.SetListener(l);
        return t;
    }

    static async Task WaitUntilBackendHears(Subscriber backend, TestClient box, string topic, string payload)
    {
        await MqttNetTransportTestsWait(async () =>
        {
            await box.PublishAsync(topic, payload);
            return backend.Messages.Any(m => m.Topic == topic);
        });
    }

    static Task MqttNetTransportTestsWait(Func<Task<bool>> condition) =>
        Transport.MqttNetTransportTests.WaitUntil(condition, "condition");
}
