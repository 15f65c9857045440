using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Cli.Mqtt;

/// <summary>A short-lived MQTTnet client for the operator's commands (`watch`, `rules push`):
/// clean session, one attempt to connect, messages handed to a callback.</summary>
public sealed class BrokerClient : IAsyncDisposable
{
    readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();
    readonly BrokerOptions broker;
    readonly string clientId;

    public BrokerClient(BrokerOptions broker, string clientId, Action<string, byte[], bool> onMessage)
    {
        this.broker = broker;
        this.clientId = clientId;
        client.ApplicationMessageReceivedAsync += e =>
        {
            onMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
            return Task.CompletedTask;
        };
    }

    /// <summary>Connects once; on failure says why on <paramref name="stderr"/> and returns false.</summary>
    public async Task<bool> TryConnectAsync(TextWriter stderr, string command, CancellationToken cancel)
    {
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(broker.ClientOptions(clientId).WithCleanSession(true).Build(), cancel);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
                return true;
            stderr.WriteLine($"gateway {command}: broker {broker} refused the connection: {result.ResultCode}");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"gateway {command}: cancelled while connecting to {broker}");
        }
        catch (Exception e)
        {
            Exception root = e;
            while (root.InnerException != null)
                root = root.InnerException;
            stderr.WriteLine($"gateway {command}: cannot connect to {broker}: {(root == e ? e.Message : e.Message + " (" + root.Message + ")")}");
        }
        return false;
    }

    /// <summary>Subscribes with QoS 1; throws when the broker refuses (an ACL, typically).</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancel)
    {
        MqttClientSubscribeResult result = await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, cancel);
        foreach (MqttClientSubscribeResultItem item in result.Items)
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                throw new IOException($"broker refused the subscription to {filter}: {item.ResultCode}");
    }

    /// <summary>Publishes with QoS 1 and waits for the broker's PUBACK.</summary>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancel)
    {
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain).Build(), cancel);
        if (!result.IsSuccess)
            throw new IOException($"broker refused the publish to {topic}: {result.ReasonCode} {result.ReasonString}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (Exception)
        {
            // going away anyway
        }
        client.Dispose();
    }
}
