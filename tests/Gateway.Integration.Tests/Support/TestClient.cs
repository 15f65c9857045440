using System.Text;
using Gateway.Cli.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Integration.Tests.Support;

/// <summary>A plain MQTTnet client for the test's side of the conversation (publishing probes,
/// pretending to be a backend or another box).</summary>
public sealed class TestClient : IAsyncDisposable
{
    readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();

    public static async Task<TestClient> ConnectAsync(BrokerOptions broker, string clientId)
    {
        var c = new TestClient();
        await c.client.ConnectAsync(broker.ClientOptions(clientId).WithCleanSession(true).Build());
        return c;
    }

    public async Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false) =>
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false) =>
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
            await client.DisconnectAsync();
        client.Dispose();
    }
}
