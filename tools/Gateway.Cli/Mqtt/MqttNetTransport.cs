using System.Buffers;
using System.Threading.Channels;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Cli.Mqtt;

/// <summary>Core's MQTT port over an MQTTnet 5 client: the device's connection contract, last will, reconnect with
/// backoff, and every report back to Core delivered through the box's <see cref="CoreDispatcher"/>.</summary>
/// <remarks>
/// Publish and Subscribe never block (they are called with Core's lock held): they queue work for
/// one sender task, so publishes go out in call order and each QoS 1 result comes back as
/// OnPublished. The client keeps nothing across a disconnect; anything unacknowledged is reported
/// as not acknowledged and Core's outbox sends it again.
/// </remarks>
public sealed class MqttNetTransport : IMqttTransport, IAsyncDisposable
{
    readonly BrokerOptions broker;
    readonly MqttSession session;
    readonly CoreDispatcher dispatcher;
    readonly TextWriter log;
    readonly IMqttClient client;
    readonly Channel<Operation> outgoing = Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    readonly SemaphoreSlim lost = new(0, 1);
    readonly CancellationTokenSource stopping = new();
    readonly object filtersLock = new();
    readonly List<(string Filter, MqttQos Qos)> filters = new();
    readonly HashSet<string> subscribedThisSession = new();
    IMqttListener? listener;
    Task? connectLoop, sendLoop;
    volatile bool connected;
    long nextToken;
    // Bumped on every new session: work queued in an earlier one is not sent into a later one
    // (Core was told of the disconnect and resends with fresh tokens).
    volatile int epoch;

    public MqttNetTransport(BrokerOptions broker, MqttSession session, CoreDispatcher dispatcher, TextWriter log)
    {
        this.broker = broker;
        this.session = session;
        this.dispatcher = dispatcher;
        this.log = log;
        client = new MqttClientFactory().CreateMqttClient();
        client.DisconnectedAsync += OnClientDisconnected;
        client.ApplicationMessageReceivedAsync += OnClientMessage;
    }

    /// <summary>The reconnect policy; defaults to 1 s doubling to 30 s.</summary>
    public ReconnectBackoff Backoff { get; init; } = ReconnectBackoff.Default;

    public bool IsConnected => connected;

    /// <summary>Also told of every publish result, on the sender's thread (not under the Core lock):
    /// for the host's own messages, such as the offline status at a planned stop.</summary>
    /// <summary>The will sent with the current (or last) CONNECT; a planned stop publishes it itself.</summary>
    public byte[] CurrentWill { get; private set; } = Array.Empty<byte>();

    public Action<int, bool>? PublishedObserver { get; set; }

    public void SetListener(IMqttListener listener) => this.listener = listener;

    /// <summary>Starts connecting in the background; Core hears OnConnected when the session is up.</summary>
    public void Start()
    {
        connectLoop ??= Task.Run(ConnectLoop);
        sendLoop ??= Task.Run(SendLoop);
    }

    public int Publish(string topic, byte[] payload, MqttQos qos, bool retain)
    {
        if (!connected)
            return 0;
        int token = (int)(Interlocked.Increment(ref nextToken) % int.MaxValue) + 1; // always > 0
        outgoing.Writer.TryWrite(new Operation(topic, (byte[])payload.Clone(), qos, retain, token, epoch));
        return token;
    }

    public void Subscribe(string topicFilter, MqttQos qos)
    {
        lock (filtersLock)
        {
            filters.RemoveAll(f => f.Filter == topicFilter);
            filters.Add((topicFilter, qos));
            if (!connected || !subscribedThisSession.Add(topicFilter))
                return;
        }
        outgoing.Writer.TryWrite(new Operation(topicFilter, null, qos, false, 0, epoch));
    }

    async Task ConnectLoop()
    {
        CancellationToken stop = stopping.Token;
        int attempt = 0;
        string? lastError = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (attempt > 0)
                    await Task.Delay(Backoff.DelayBefore(attempt), stop);
                // docs/mqtt.md, "Connection": the same contract as the device's M2Mqtt adapter.
                CurrentWill = session.WillPayload();
                MqttClientOptions options = broker.ClientOptions(session.ClientId)
                    .WithCleanSession(session.CleanSession)
                    .WithKeepAlivePeriod(session.KeepAlive)
                    .WithWillTopic(session.WillTopic)
                    .WithWillPayload(CurrentWill)
                    .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithWillRetain(true)
                    .Build();
                MqttClientConnectResult result = await client.ConnectAsync(options, stop);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                    throw new IOException($"broker refused the connection ({result.ResultCode})");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                attempt++;
                string message = Describe(e);
                if (message != lastError) // say it once per cause, not on every retry
                    Log($"mqtt: cannot connect to {broker}: {message}; retrying (next in {Backoff.DelayBefore(attempt).TotalSeconds:0.#} s)");
                lastError = message;
                continue;
            }
            attempt = 0;
            lastError = null;
            Log($"mqtt: connected to {broker} as {session.ClientId}");
            lock (filtersLock)
                subscribedThisSession.Clear();
            epoch++;
            connected = true;
            dispatcher.Post(() => listener?.OnConnected());
            dispatcher.Post(ResubscribeRemembered);
            try
            {
                await lost.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            attempt = 1;
        }
    }

    // Runs on the Core thread after OnConnected, so filters Core subscribed there are not repeated
    // (a repeated subscribe would make the broker send the retained rule update again).
    void ResubscribeRemembered()
    {
        lock (filtersLock)
        {
            foreach ((string filter, MqttQos qos) in filters)
                if (connected && subscribedThisSession.Add(filter))
                    outgoing.Writer.TryWrite(new Operation(filter, null, qos, false, 0, epoch));
        }
    }

    Task OnClientDisconnected(MqttClientDisconnectedEventArgs e)
    {
        if (!e.ClientWasConnected)
            return Task.CompletedTask; // a failed attempt: ConnectLoop already knows
        connected = false;
        if (!stopping.IsCancellationRequested)
            Log($"mqtt: connection to {broker} lost: {(e.Exception != null ? Describe(e.Exception) : e.Reason.ToString())}");
        dispatcher.Post(() => listener?.OnDisconnected());
        if (lost.CurrentCount == 0)
            lost.Release();
        return Task.CompletedTask;
    }

    Task OnClientMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        string topic = message.Topic;
        byte[] payload = message.Payload.ToArray();
        bool retained = message.Retain;
        dispatcher.Post(() => listener?.OnMessage(topic, payload, retained));
        return Task.CompletedTask;
    }

    async Task SendLoop()
    {
        CancellationToken stop = stopping.Token;
        try
        {
            await foreach (Operation op in outgoing.Reader.ReadAllAsync(stop))
            {
                if (op.Epoch != epoch)
                    Report(op, false);
                else if (op.Payload == null)
                    await SubscribeNow(op, stop);
                else
                    await PublishNow(op, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task PublishNow(Operation op, CancellationToken stop)
    {
        bool acknowledged;
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(op.Topic)
                .WithPayload(op.Payload)
                .WithQualityOfServiceLevel(op.Qos == MqttQos.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
                .WithRetainFlag(op.Retain)
                .Build();
            MqttClientPublishResult result = await client.PublishAsync(message, stop);
            acknowledged = result.IsSuccess;
            if (!acknowledged)
                Log($"mqtt: broker refused publish to {op.Topic}: {result.ReasonCode} {result.ReasonString}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            acknowledged = false; // not connected any more; Core resends after OnConnected
        }
        Report(op, acknowledged);
    }

    void Report(Operation op, bool acknowledged)
    {
        if (op.Payload == null)
            return; // a subscribe: the next session subscribes again
        PublishedObserver?.Invoke(op.Token, acknowledged);
        if (op.Qos == MqttQos.AtLeastOnce)
        {
            int token = op.Token;
            dispatcher.Post(() => listener?.OnPublished(token, acknowledged));
        }
    }

    async Task SubscribeNow(Operation op, CancellationToken stop)
    {
        try
        {
            var qos = op.Qos == MqttQos.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;
            MqttClientSubscribeResult result = await client.SubscribeAsync(op.Topic, qos, stop);
            bool granted = true;
            foreach (MqttClientSubscribeResultItem item in result.Items)
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    granted = false;
                    Log($"mqtt: broker refused subscription to {op.Topic}: {item.ResultCode}");
                }
            string topic = op.Topic;
            dispatcher.Post(() => listener?.OnSubscribed(topic, granted));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Lost mid-subscribe: the next session subscribes again (ResubscribeRemembered).
            Log($"mqtt: subscribe to {op.Topic} failed: {Describe(e)}");
        }
    }

    /// <summary>Disconnects cleanly (the broker then drops the last will: publish "offline" first if
    /// the backend should see it) and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        outgoing.Writer.TryComplete();
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
        catch (Exception)
        {
            // already gone
        }
        connected = false;
        foreach (Task? t in new[] { connectLoop, sendLoop })
            if (t != null)
                await t.ContinueWith(_ => { }, TaskScheduler.Default);
        client.Dispose();
    }

    void Log(string line)
    {
        lock (log)
            log.WriteLine(line);
    }

    static string Describe(Exception e)
    {
        Exception root = e;
        while (root.InnerException != null && root is not MQTTnet.Adapter.MqttConnectingFailedException)
            root = root.InnerException;
        return root.Message;
    }

    readonly record struct Operation(string Topic, byte[]? Payload, MqttQos Qos, bool Retain, int Token, int Epoch);
}

/// <summary>Who the box is on the broker: client id, keepalive and the last will Core provides.</summary>
public sealed class MqttSession
{
    public required string ClientId { get; init; }
    /// <summary>Retained status topic the broker writes the will to when the box vanishes.</summary>
    public required string WillTopic { get; init; }
    /// <summary>The will for a connection starting now (called at each CONNECT: it carries the time).</summary>
    public required Func<byte[]> WillPayload { get; init; }
    /// <summary>MQTT keepalive; the broker declares the box gone after 1.5 times this (MQTT 3.1.1 section 3.1.2.10).
    /// The box's default (BoxSettings.keepAliveSeconds).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(new BoxSettings().keepAliveSeconds);
    /// <summary>Clean session, as the device connects: the outbox, not the broker session, carries
    /// unacknowledged records, and the retained rules/set comes again with each subscription.</summary>
    public bool CleanSession { get; init; } = true;
}
