using System.Text;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Transport;

/// <summary>The host's MQTT adapter against a real Mosquitto.</summary>
[TestClass]
public class MqttNetTransportTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    sealed class Box : IAsyncDisposable
    {
        public readonly RecordingListener Listener = new();
        public readonly CoreDispatcher Dispatcher;
        public readonly MqttNetTransport Transport;
        public readonly StringWriter Log = new();

        public Box(BrokerOptions broker, string id)
        {
            Dispatcher = new CoreDispatcher(Log);
            Transport = new MqttNetTransport(broker, new MqttSession
            {
                ClientId = id,
                WillTopic = $"gateway/{id}/status",
                WillPayload = () => Encoding.UTF8.GetBytes("{\"state\":\"offline\"}"),
            }, Dispatcher, Log)
            {
                Backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)),
            };
            Transport.SetListener(Listener);
        }

        public async ValueTask DisposeAsync()
        {
            await Transport.DisposeAsync();
            Dispatcher.Dispose();
        }
    }

    [TestMethod]
    public async Task Qos1_publish_reaches_a_subscriber_and_comes_back_acknowledged()
    {
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/#"]);
        await using var box = new Box(broker.Options, "box-1");
        box.Transport.Start();
        box.Listener.WaitFor("connected", Wait);
        await WaitSubscribed(broker, backend);

        int token = 0;
        lock (box.Dispatcher.Gate)
            token = box.Transport.Publish("gateway/box-1/calls", Encoding.UTF8.GetBytes("{\"seq\":1}"), MqttQos.AtLeastOnce, false);

        Assert.IsTrue(token > 0, "a connected transport hands out a token");
        box.Listener.WaitFor($"published {token} ack", Wait);
        backend.WaitFor(m => m.Any(x => x.Topic == "gateway/box-1/calls" && x.Payload == "{\"seq\":1}"), Wait, "the call record");
        Assert.IsFalse(box.Listener.Overlapped, "reports to Core never overlap");
    }

    [TestMethod]
    public async Task Publish_returns_zero_while_the_broker_is_unreachable()
    {
        int port = EmbeddedBroker.FreeLoopbackPort(); // nobody listens there
        await using var box = new Box(new BrokerOptions { Host = "127.0.0.1", Port = port }, "box-1");
        box.Transport.Start();

        Assert.AreEqual(0, box.Transport.Publish("gateway/box-1/calls", [1], MqttQos.AtLeastOnce, false));
        Assert.IsFalse(box.Transport.IsConnected);
    }

    [TestMethod]
    public async Task After_a_broker_restart_it_reconnects_and_its_subscription_still_delivers()
    {
        using var broker = Mosquitto.Start();
        await using var box = new Box(broker.Options, "box-1");
        lock (box.Dispatcher.Gate)
            box.Transport.Subscribe("gateway/box-1/rules/set", MqttQos.AtLeastOnce);
        box.Transport.Start();
        box.Listener.WaitFor("connected", Wait);
        await WaitDelivered(broker, box, "before");

        broker.Stop();
        box.Listener.WaitFor("disconnected", Wait);
        Assert.AreEqual(0, box.Transport.Publish("gateway/box-1/calls", [1], MqttQos.AtLeastOnce, false), "no token while the broker is down");
        broker.Restart();
        box.Listener.WaitFor("connected", Wait, times: 2);

        await WaitDelivered(broker, box, "after");
        StringAssert.Contains(box.Log.ToString(), "connection to mqtt://127.0.0.1:" + broker.Port + " lost");
    }

    [TestMethod]
    public async Task A_wrong_password_is_refused_and_said_once()
    {
        using var broker = Mosquitto.Start(BrokerAuth.Config, dir => BrokerAuth.Prepare(dir, ("box-1", "right")));
        await using var box = new Box(new BrokerOptions { Host = "127.0.0.1", Port = broker.Port, User = "box-1", Password = "wrong" }, "box-1");
        box.Transport.Start();

        await WaitUntil(() => box.Log.ToString().Contains("cannot connect"), "the refusal in the log");
        Assert.IsFalse(box.Transport.IsConnected);
        StringAssert.Contains(box.Log.ToString(), "NotAuthorized");
        Assert.AreEqual(0, box.Listener.Count("connected"));
    }

    [TestMethod]
    public async Task Tls_connects_when_the_broker_certificate_chains_to_the_given_ca()
    {
        string dir = TempDirs.Create("gateway-tls-");
        TestCertificates good = TestCertificates.Create(dir, "good");
        using var broker = Mosquitto.Start(BrokerAuth.TlsConfig(good));
        await using var box = new Box(new BrokerOptions { Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = good.CaFile }, "box-1");
        box.Transport.Start();

        box.Listener.WaitFor("connected", Wait);
    }

    [TestMethod]
    public async Task Tls_refuses_a_broker_whose_certificate_another_ca_signed()
    {
        string dir = TempDirs.Create("gateway-tls-");
        TestCertificates broker1 = TestCertificates.Create(dir, "broker");
        TestCertificates stranger = TestCertificates.Create(dir, "stranger");
        using var broker = Mosquitto.Start(BrokerAuth.TlsConfig(broker1));
        await using var box = new Box(new BrokerOptions { Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = stranger.CaFile }, "box-1");
        box.Transport.Start();

        await WaitUntil(() => box.Log.ToString().Contains("cannot connect"), "the TLS refusal in the log");
        Assert.AreEqual(0, box.Listener.Count("connected"));
    }

    static async Task WaitDelivered(Mosquitto broker, Box box, string marker)
    {
        await using var backend = await TestClient.ConnectAsync(broker.Options, "backend-" + marker);
        // The subscribe is queued behind OnConnected; publish until the box hears one.
        await WaitUntil(async () =>
        {
            await backend.PublishAsync("gateway/box-1/rules/set", marker);
            return box.Listener.Events.Any(e => e.StartsWith("message gateway/box-1/rules/set " + marker));
        }, $"rule message '{marker}' at the box");
    }

    /// <summary>Publishes a probe on <paramref name="topic"/> until the backend hears it: then its
    /// subscription is in place. The probe is not JSON, so it never passes for a record.</summary>
    internal static async Task WaitSubscribed(Mosquitto broker, Subscriber backend, string topic = "gateway/probe/ready", BrokerOptions? via = null)
    {
        await using var probe = await TestClient.ConnectAsync(via ?? broker.Options, "probe");
        await WaitUntil(async () =>
        {
            await probe.PublishAsync(topic, "probe");
            return backend.Messages.Any(m => m.Topic == topic && m.Payload == "probe");
        }, "the backend's subscription");
    }

    internal static Task WaitUntil(Func<bool> condition, string what) => WaitUntil(() => Task.FromResult(condition()), what);

    internal static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} not seen within {Wait.TotalSeconds:0} s");
            await Task.Delay(50); // polling a condition that raises no event; bounded
        }
    }
}
