using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Gateway.Cli.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Gateway.Cli.Collect;

/// <summary>`gateway collect`'s loop: a persistent MQTT 5 session under a fixed client id, every
/// box's calls, status and events, stored in batches, each message acknowledged (PUBACK) only after
/// the transaction holding it is committed.</summary>
/// <remarks>
/// The broker keeps what is not acknowledged: while the collector is away (its session is kept,
/// expiry "never"), while the database is down (the collector disconnects, so nothing waits in
/// flight on a dead link) and across a broker restart (persistence). Whatever was stored but not
/// acknowledged comes again and is a duplicate the key (box, epoch, seq) absorbs. Acknowledgements
/// belong to one connection: a message read on an earlier one is never acknowledged on a later one
/// (the broker resends it there under a packet id that may now mean another message).
/// </remarks>
public sealed class Collector
{
    /// <summary>Messages the broker may send before the collector acknowledges (MQTT 5 Receive
    /// Maximum), and so the largest batch one transaction stores.</summary>
    public const int ReceiveMaximum = 1000;

    /// <summary>Topic tails collected under PREFIX/+/ (names as in Core's MessagingTopics).</summary>
    public static readonly string[] Suffixes = ["calls", "status", "events"];

    readonly BrokerOptions broker;
    readonly string prefix;
    readonly string clientId;
    readonly string? group;
    readonly Func<CollectorStore> openStore;
    readonly TextWriter log;
    readonly StoreCounts total = new();
    CollectorStore? store;
    Channel<Received>? session;
    int generation;

    public Collector(BrokerOptions broker, string prefix, string clientId, string? group, Func<CollectorStore> openStore, TextWriter log)
    {
        this.broker = broker;
        this.prefix = prefix;
        this.clientId = clientId;
        this.group = group;
        this.openStore = openStore;
        this.log = log;
    }

    public ReconnectBackoff Backoff { get; init; } = ReconnectBackoff.Default;

    /// <summary>How often a summary line goes to the log while messages arrive.</summary>
    public TimeSpan SummaryEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The topic filters subscribed: PREFIX/+/calls etc., under $share/GROUP/ with a group.</summary>
    public IEnumerable<string> Filters => Suffixes.Select(s => (group == null ? "" : $"$share/{group}/") + $"{prefix}/+/{s}");

    readonly record struct Received(MqttApplicationMessageReceivedEventArgs Args, int Generation);

    /// <summary>Runs until <paramref name="cancel"/>; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            Channel<Received>? current = session;
            current?.Writer.TryWrite(new Received(e, Volatile.Read(ref generation)));
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += _ =>
        {
            session?.Writer.TryComplete();
            return Task.CompletedTask;
        };
        int attempt = 0;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                if (store == null)
                {
                    CollectorStore opened = openStore();
                    try
                    {
                        IReadOnlyList<int> applied = opened.Migrate();
                        log.WriteLine($"collect: database {opened.Description}, schema version {opened.SchemaVersion()}" +
                            (applied.Count > 0 ? $" (applied {string.Join(", ", applied)})" : ""));
                    }
                    catch (Exception)
                    {
                        opened.Dispose();
                        throw;
                    }
                    store = opened;
                }
                var channel = Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = true });
                int thisGeneration = Interlocked.Increment(ref generation);
                session = channel;
                MqttClientConnectResult connected = await client.ConnectAsync(ClientOptions(), cancel);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    throw new IOException($"broker refused the connection: {connected.ResultCode} {connected.ReasonString}");
                foreach (string filter in Filters)
                {
                    MqttClientSubscribeResult sub = await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, cancel);
                    foreach (MqttClientSubscribeResultItem item in sub.Items)
                        if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                            throw new IOException($"broker refused the subscription to {filter}: {item.ResultCode}");
                }
                log.WriteLine($"collect: connected to {broker} as {clientId} (session present: {connected.IsSessionPresent.ToString().ToLowerInvariant()}), " +
                    $"subscribed to {string.Join(", ", Filters)}");
                attempt = 0;
                await Pump(channel.Reader, thisGeneration, cancel);
                if (!cancel.IsCancellationRequested)
                    log.WriteLine($"collect: connection to {broker} lost; reconnecting");
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                break;
            }
            catch (StoreException e)
            {
                log.WriteLine($"collect: {store?.Description ?? "database"}: {Root(e.InnerException!)}; nothing of that batch was acknowledged, reopening");
                store?.Dispose();
                store = null;
            }
            catch (Exception e) when (store == null)
            {
                log.WriteLine($"collect: cannot open the database: {Root(e)}");
            }
            catch (Exception e)
            {
                log.WriteLine($"collect: {broker}: {Root(e)}");
            }
            session = null;
            await Disconnect(client);
            if (cancel.IsCancellationRequested)
                break;
            attempt++;
            try
            {
                await Task.Delay(Backoff.DelayBefore(attempt), cancel);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        session = null;
        await Disconnect(client);
        store?.Dispose();
        store = null;
        log.WriteLine($"collect: stopped; {Summary(total)}");
        return Program.ExitOk;
    }

    MqttClientOptions ClientOptions() => broker.ClientOptions(clientId)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithCleanStart(false)
        .WithSessionExpiryInterval(uint.MaxValue) // MQTT 5 §3.1.2.11.2: 0xFFFFFFFF, the session never expires
        .WithReceiveMaximum(ReceiveMaximum)
        .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
        .Build();

    async Task Pump(ChannelReader<Received> reader, int thisGeneration, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var sinceSummary = new StoreCounts();
        var batch = new List<Received>(ReceiveMaximum);
        var rows = new List<CollectedMessage>(ReceiveMaximum);
        // Cancellation ends the wait for messages, not a batch being stored and acknowledged.
        while (await WaitToRead(reader, cancel))
        {
            batch.Clear();
            rows.Clear();
            while (batch.Count < ReceiveMaximum && reader.TryRead(out Received r))
            {
                if (r.Generation != thisGeneration)
                    continue;
                batch.Add(r);
                MqttApplicationMessage m = r.Args.ApplicationMessage;
                if (CollectedMessage.Read(prefix, m.Topic, m.Payload.ToArray()) is CollectedMessage row)
                    rows.Add(row);
            }
            if (rows.Count > 0)
            {
                StoreCounts counts;
                try
                {
                    counts = store!.Store(rows, DateTime.UtcNow);
                }
                catch (Exception e)
                {
                    throw new StoreException(e);
                }
                Add(total, counts);
                Add(sinceSummary, counts);
            }
            foreach (Received r in batch)
            {
                if (Volatile.Read(ref generation) != thisGeneration)
                    return;
                try
                {
                    await r.Args.AcknowledgeAsync(CancellationToken.None);
                }
                catch (Exception)
                {
                    return; // the link went: the broker sends the rest again on the next session
                }
            }
            if (clock.Elapsed >= SummaryEvery)
            {
                log.WriteLine($"collect: {Summary(sinceSummary)} in the last {clock.Elapsed.TotalSeconds:0} s");
                sinceSummary = new StoreCounts();
                clock.Restart();
            }
        }
    }

    static async Task<bool> WaitToRead(ChannelReader<Received> reader, CancellationToken cancel)
    {
        try
        {
            return await reader.WaitToReadAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    static void Add(StoreCounts to, StoreCounts c)
    {
        to.Calls += c.Calls;
        to.Duplicates += c.Duplicates;
        to.Conflicts += c.Conflicts;
        to.Statuses += c.Statuses;
        to.Events += c.Events;
        to.Rejected += c.Rejected;
    }

    static string Summary(StoreCounts c) =>
        $"{c.Calls} new call records, {c.Duplicates} duplicates, {c.Conflicts} key conflicts, {c.Statuses} status, {c.Events} events, {c.Rejected} rejected";

    static async Task Disconnect(IMqttClient client)
    {
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (Exception)
        {
            // the link is gone either way; the broker keeps the session
        }
    }

    static string Root(Exception e)
    {
        Exception root = e;
        while (root.InnerException != null)
            root = root.InnerException;
        return root == e ? e.Message : $"{e.Message} ({root.Message})";
    }

    /// <summary>Storing a batch failed: the database, not the broker.</summary>
    sealed class StoreException(Exception inner) : Exception(inner.Message, inner);
}
