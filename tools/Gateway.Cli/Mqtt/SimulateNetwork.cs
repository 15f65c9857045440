using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;
using Gateway.Core.Settings;

namespace Gateway.Cli.Mqtt;

/// <summary>The network options of `gateway simulate` (defined in <see cref="SimulateCommand"/>).</summary>
public sealed class SimulateNetworkOptions
{
    /// <summary>Null: start the embedded broker.</summary>
    public BrokerOptions? Broker { get; init; }
    /// <summary>Directory of the outbox journal; null keeps it in memory (lost at exit).</summary>
    public string? Journal { get; init; }
    /// <summary>Scenario time per wall time (1 = real time); null plays as fast as possible.</summary>
    public double? Speed { get; init; }
    /// <summary>After the scenario, how long to wait for the broker to acknowledge every record.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>After draining, how long the box stays online (answering rule updates) before it leaves.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;
    /// <summary>The epoch a fresh journal takes; null draws a random one (a fresh journal is a new
    /// epoch, so that two runs never share a record's key).</summary>
    public long? Epoch { get; init; }
    /// <summary>The box's hardware id (12 lowercase hex digits) in status and records.</summary>
    public string Hw { get; init; } = MadeUpHw("box1");

    /// <summary>A stable stand-in for a factory MAC: "02" (a locally administered address, never a
    /// factory one) and the low 40 bits of the box id's 64-bit FNV-1a hash, so a box id always gets
    /// the same one and two ids almost never share one.</summary>
    public static string MadeUpHw(string box)
    {
        ulong h = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(box))
            h = (h ^ b) * 1099511628211;
        return "02" + (h & 0xFF_FFFF_FFFF).ToString("x10", CultureInfo.InvariantCulture);
    }
    /// <summary>The box's maxRuleSetBytes (0: as maxRuleUpdateBytes): sizes its rules slot for staged transfers.</summary>
    public int MaxRuleSetBytes { get; init; }
}

/// <summary>The box's network side in `gateway simulate`: broker (given or embedded), MQTTnet
/// transport, outbox journal (file or memory) and Core's BoxLink, all serialised on one Core lock.</summary>
/// <remarks>
/// The scenario thread reaches BoxLink only through <see cref="Records"/> and <see cref="LiveEvents"/>,
/// which take the lock; the transport's reports run on the dispatcher thread under the same lock, and
/// the link's Tick on the timer's thread under the box's lock and then this one. Lock order is box,
/// then this lock: BoxLink never calls into the box.
/// </remarks>
public sealed class SimulateNetwork : IAsyncDisposable, IDisposable
{
    /// <summary>How often the link's Tick runs (resends, status heartbeat).</summary>
    static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);

    readonly SimulateNetworkOptions options;
    readonly TextWriter stderr;
    readonly EmbeddedBroker? embedded;
    readonly IJournalStorage storage;
    readonly CoreDispatcher dispatcher;
    readonly MqttNetTransport transport;
    readonly Stopwatch uptime = Stopwatch.StartNew();
    readonly Timer ticker;

    SimulateNetwork(SimulateNetworkOptions options, BrokerOptions broker, EmbeddedBroker? embedded, IJournalStorage storage,
        MessagingTopics topics, IRuleUpdateTarget rules, SimulateCallPrinter stdout, TextWriter stderr)
    {
        this.options = options;
        this.stderr = stderr;
        this.embedded = embedded;
        this.storage = storage;
        Topics = topics;
        dispatcher = new CoreDispatcher(stderr);
        transport = new MqttNetTransport(broker, new MqttSession
        {
            ClientId = topics.Box,
            WillTopic = topics.Status,
            // The simulated box's clock is the PC's, set from the start.
            WillPayload = () => MessagingTopics.WillPayload(options.Hw, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true),
        }, dispatcher, stderr);
        // The default box on the BOM's 4 MB module: the journal fills and refuses as the device's would.
        // The epoch a fresh journal draws (the device takes it from its hardware RNG).
        var journal = new OutboxJournal(storage, topics.Box, FlashBudget.FourMbModuleDefault().JournalBytes,
            options.Epoch ?? Random.Shared.NextInt64(long.MinValue, long.MaxValue));
        if (journal.Depth > 0)
            Say($"journal: {journal.Depth} record(s) from an earlier run still to send (next seq {journal.NextSeq})");
        Link = new BoxLink(transport, topics, journal, rules, FirmwareVersion, BoxLink.DefaultWindow, RuleUpdateRequest.DefaultMaxPayloadBytes);
        Link.Hw = options.Hw;
        if (rules is RuleBook book)
        {
            // The rules slot of the box's flash: files beside the journal, or memory.
            IRulesSlot slot = options.Journal != null ? new FileRulesSlot(options.Journal) : new MemoryRulesSlot();
            var budget = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, FlashBudget.Esp32BlockBytes, RuleUpdateRequest.DefaultMaxPayloadBytes, 0, options.MaxRuleSetBytes);
            var transfer = new RuleTransfer(slot, book, budget.RulesFileBytes);
            if (options.Journal != null)
                RestoreRules(transfer, book);
            Link.AppliedRulesStore = new RulesSlotStore(slot);
            Link.Transfer = transfer;
        }
        Records = new RecordTee(this, stdout);
        ticker = new Timer(_ => Tick(), null, TickEvery, TickEvery);
    }

    // Like the device at boot: the last set applied from the network (whole or staged), before
    // connecting, so the box enforces it even if the broker is unreachable (the retained replay is
    // then "unchanged"); a staged transfer cut short resumes.
    void RestoreRules(RuleTransfer transfer, RuleBook book)
    {
        string before = book.Version;
        string? reason = transfer.Restore(out string? version, out _);
        if (reason != null)
            Say($"rules saved in {options.Journal} not restored ({reason}); keeping the built-in default");
        else if (book.Version != before)
            Say($"rules {version} from an earlier update are in force ({Path.Combine(options.Journal!, RuleTransfer.SavedName)})");
        if (transfer.Manifest != null)
            Say($"staged transfer of {transfer.Manifest.Version} resumes: {transfer.Received} of {transfer.Manifest.ChunkCount} chunks on disk");
    }

    /// <summary>Firmware version the simulated box reports in its status.</summary>
    public static string FirmwareVersion => "gateway-simulate " + (typeof(SimulateNetwork).Assembly.GetName().Version?.ToString() ?? "0");

    public MessagingTopics Topics { get; }
    public BoxLink Link { get; }

    /// <summary>The box's lock (<see cref="GatewayBox.Gate"/>), once the box exists: the link's Tick
    /// takes it first.</summary>
    public object? BoxGate { get; set; }

    // The link applies a staged rule set in Tick, between calls, and that resets every rule cursor,
    // which the scenario thread uses under the box's lock: so Tick holds the box's lock, then Core's,
    // the order the box's sinks take them in (the device runs both under its one lock). Without a
    // box yet, Tick runs on the dispatcher like every other report.
    void Tick()
    {
        object? box = BoxGate;
        if (box == null)
        {
            dispatcher.Post(() => Link.Tick(Now));
            return;
        }
        lock (box)
            lock (dispatcher.Gate)
                Link.Tick(Now);
    }
    /// <summary>Where the box's call session hands its records: outbox first (seq, journal), then stdout.</summary>
    public ICallRecordSink Records { get; }
    long Now => uptime.ElapsedMilliseconds;

    /// <summary>Connects the box: to <see cref="SimulateNetworkOptions.Broker"/>, or to an embedded
    /// broker started on a free loopback port. Throws <see cref="UsageException"/> for a bad journal.</summary>
    public static async Task<SimulateNetwork> StartAsync(SimulateNetworkOptions options, string box, IRuleUpdateTarget rules, SimulateCallPrinter stdout, TextWriter stderr)
    {
        MessagingTopics topics;
        try
        {
            topics = new MessagingTopics(MessagingTopics.DefaultPrefix, box);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--box: " + e.Message);
        }
        IJournalStorage storage;
        try
        {
            storage = options.Journal == null ? new MemoryJournalStorage() : new FileJournalStorage(options.Journal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--journal {options.Journal}: {e.Message}");
        }
        EmbeddedBroker? embedded = null;
        BrokerOptions? broker = options.Broker;
        if (broker == null)
        {
            embedded = await EmbeddedBroker.StartAsync();
            broker = embedded.Options;
        }
        var network = new SimulateNetwork(options, broker, embedded, storage, topics, rules, stdout, stderr);
        if (embedded != null)
            network.Say($"embedded broker on {broker} (give --broker to use a real one)");
        network.transport.Start();
        return network;
    }

    /// <summary>Synchronous <see cref="StartAsync"/> for the scenario player's thread.</summary>
    public static SimulateNetwork Start(SimulateNetworkOptions options, string box, IRuleUpdateTarget rules, SimulateCallPrinter stdout, TextWriter stderr) =>
        StartAsync(options, box, rules, stdout, stderr).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="FinishAsync"/>.</summary>
    public bool Finish() => FinishAsync().GetAwaiter().GetResult();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Hands the box's fault (or null) to the link's status, on the Core thread.</summary>
    public void ReportFault(string? fault) => dispatcher.Post(() => Link.Fault = fault);

    /// <summary>Live events to the link (under the Core lock), and to <paramref name="also"/> if any.</summary>
    public ILiveEventSink LiveEvents(ILiveEventSink? also) => new LiveTee(this, also);

    /// <summary>Called when the scenario has played: waits for the broker to acknowledge every
    /// record (up to --drain-timeout), stays online for --linger, then leaves cleanly with an
    /// offline status. Returns false when records are still waiting in the journal.</summary>
    public async Task<bool> FinishAsync()
    {
        var clock = Stopwatch.StartNew();
        int depth = Depth();
        while (depth > 0 && clock.Elapsed < options.DrainTimeout)
        {
            await Task.Delay(20); // the outbox raises no event when it empties; poll, bounded
            depth = Depth();
        }
        bool drained = depth == 0;
        if (!drained)
            Say($"{depth} call record(s) not acknowledged within {options.DrainTimeout.TotalSeconds:0.#} s; they stay in the journal" +
                (options.Journal != null ? $" ({options.Journal}) and go out on the next run" : " (in memory: lost; give --journal DIR to keep them)"));
        if (options.Linger > TimeSpan.Zero)
            await Task.Delay(options.Linger);
        await ticker.DisposeAsync(); // no heartbeat "online" after the "offline" below
        await GoOfflineAsync();
        return drained;
    }

    int Depth()
    {
        lock (dispatcher.Gate)
            return Link.Journal.Depth;
    }

    // A planned stop: say "offline" ourselves, because a clean DISCONNECT makes the broker drop the will.
    async Task GoOfflineAsync()
    {
        if (!transport.IsConnected)
            return;
        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        transport.PublishedObserver = (t, ok) => results[t] = ok;
        int token;
        lock (dispatcher.Gate)
            token = transport.Publish(Topics.Status, transport.CurrentWill, MqttQos.AtLeastOnce, true);
        var clock = Stopwatch.StartNew();
        while (token != 0 && !results.ContainsKey(token) && clock.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(10); // bounded wait for the broker's PUBACK of the offline status
    }

    void Say(string line)
    {
        lock (stderr)
            stderr.WriteLine("gateway: simulate: " + line);
    }

    public async ValueTask DisposeAsync()
    {
        await ticker.DisposeAsync();
        await transport.DisposeAsync();
        dispatcher.Dispose();
        (storage as IDisposable)?.Dispose();
        if (embedded != null)
            await embedded.DisposeAsync();
    }

    /// <summary>Records go to the outbox first (it assigns the seq and journals them), then to stdout
    /// with that seq: a record on stdout is always already safe in the journal. One the journal
    /// refuses (full, or storage failing) is not printed: stderr says so, and status counts it in
    /// <c>dropped</c>, as on the box.</summary>
    sealed class RecordTee(SimulateNetwork network, SimulateCallPrinter stdout) : ICallRecordSink
    {
        readonly JsonWriter json = new(512);

        public void OnCallRecord(CallRecord record)
        {
            bool refused;
            lock (network.dispatcher.Gate)
            {
                long dropped = network.Link.Journal.Dropped;
                network.Link.OnCallRecord(record);
                refused = network.Link.Journal.Dropped != dropped;
            }
            if (refused)
            {
                network.Say($"call record {record.Seq} refused by the outbox ({network.Link.Journal.LastError}): not kept, counted in dropped");
                return;
            }
            json.Reset();
            CallRecordJson.Write(json, record);
            stdout.Print(Encoding.UTF8.GetString(json.Buffer, 0, json.Length));
        }
    }

    sealed class LiveTee(SimulateNetwork network, ILiveEventSink? also) : ILiveEventSink
    {
        public void OnLiveEvent(LiveEvent e)
        {
            lock (network.dispatcher.Gate)
                network.Link.OnLiveEvent(e);
            also?.OnLiveEvent(e);
        }
    }
}
