using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Settings;
using MQTTnet.Exceptions;

namespace Gateway.Cli;

/// <summary>`gateway rules push`: publishes a rule update and waits for the box's answer.</summary>
/// <remarks>
/// A set whose rules/set payload is over the box's message limit goes as a staged transfer: the
/// manifest (retained) on rules/set, then the chunks the box reports missing on rules/chunk, round
/// after round, across broker restarts and box restarts, until the box answers applied. A refused
/// set is taken off the retained rules/set again (docs/mqtt.md).
/// The update goes to the box's rules/set topic, retained (a box that is offline gets it when it
/// comes back), in the rules/set format of docs/schemas/rules-set.schema.json. Only a live answer on
/// rules/state naming the pushed version counts: a retained answer is from an earlier push.
/// </remarks>
public static class RulesPushCommand
{
    /// <summary>How long to wait for the box's answer when --timeout is not given.</summary>
    public const double DefaultTimeoutSeconds = 30;

    public static Command Create(CliStreams io)
    {
        var input = RulesCommand.RulesArgument("Rule text or compiled image to push.");
        var box = new Option<string>("--box")
        {
            HelpName = "ID",
            Description = "The box to update.",
            Required = true,
            CustomParser = r => OptionValues.TopicPart(r, "box id", false),
        };
        var command = new Command("push", "Publish a rule update to a box (retained) and wait for its answer.") { input, box };
        var broker = new BrokerArguments(command, $"mqtt://127.0.0.1:{BrokerOptions.DefaultPort}");
        var prefix = OptionValues.TopicPrefix();
        var version = new Option<string?>("--version")
        {
            HelpName = "V",
            Description = "The update's version (default: an image's own version, else sha256- and 12 hex digits of the file).",
        };
        var timeout = new Option<double?>("--timeout")
        {
            HelpName = "S",
            Description = $"Seconds to wait for the box's answer; in a staged transfer, for its next answer (default {DefaultTimeoutSeconds}).",
            CustomParser = r => OptionValues.Number(r, 0, 86_400, true, "a number of seconds"),
        };
        // The box's own limit (settings key maxRuleUpdateBytes); checked here so an update it would refuse is never sent.
        var maxBytes = new Option<int?>("--max-bytes")
        {
            HelpName = "N",
            Description = $"The box's maxRuleUpdateBytes, if raised (default {RuleUpdateRequest.DefaultMaxPayloadBytes}).",
            CustomParser = MaxBytes,
        };
        command.Options.Add(prefix);
        command.Options.Add(version);
        command.Options.Add(timeout);
        command.Options.Add(maxBytes);
        var maxSetBytes = new Option<int?>("--max-set-bytes")
        {
            HelpName = "N",
            Description = "The box's maxRuleSetBytes, if set: the largest compiled set its flash takes in a staged transfer (default: as --max-bytes).",
            CustomParser = MaxSetBytes,
        };
        command.Options.Add(maxSetBytes);
        var chunkSize = new Option<int?>("--chunk-size")
        {
            HelpName = "N",
            Description = $"Bytes per chunk of a staged transfer ({RuleManifest.MinChunkBytes}-{BoxSettings.MaxRuleUpdateBytes - RuleChunk.HeaderBytes}, and 12 less than the box's message limit; default {RuleManifest.DefaultChunkBytes}).",
            CustomParser = r => (int?)OptionValues.Number(r, RuleManifest.MinChunkBytes, BoxSettings.MaxRuleUpdateBytes - RuleChunk.HeaderBytes, false, "a chunk size in bytes"),
        };
        command.Options.Add(chunkSize);
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(input),
            new MessagingTopics(parsed.GetRequiredValue(prefix), parsed.GetRequiredValue(box)),
            broker.Read(parsed) ?? new BrokerOptions(),
            parsed.GetValue(version),
            TimeSpan.FromSeconds(parsed.GetValue(timeout) ?? DefaultTimeoutSeconds),
            parsed.GetValue(maxBytes),
            parsed.GetValue(maxSetBytes),
            parsed.GetValue(chunkSize),
            io));
        return command;
    }

    static int? MaxBytes(ArgumentResult result)
    {
        string text = OptionValues.Text(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= BoxSettings.MinRuleUpdateBytes && n <= BoxSettings.MaxRuleUpdateBytes)
            return n;
        result.AddError($"--max-bytes: '{text}' is not {BoxSettings.MinRuleUpdateBytes}-{BoxSettings.MaxRuleUpdateBytes} (the box's maxRuleUpdateBytes)");
        return null;
    }

    /// <summary>Parses --max-set-bytes (the box's maxRuleSetBytes).</summary>
    public static int? MaxSetBytes(ArgumentResult result)
    {
        string text = OptionValues.Text(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= BoxSettings.MinRuleSetBytes && n <= BoxSettings.MaxRuleSetBytes)
            return n;
        result.AddError($"--max-set-bytes: '{text}' is not {BoxSettings.MinRuleSetBytes}-{BoxSettings.MaxRuleSetBytes} (the box's maxRuleSetBytes)");
        return null;
    }

    static int Run(string path, MessagingTopics topics, BrokerOptions broker, string? version, TimeSpan timeout, int? maxBytesGiven, int? maxSetBytes, int? chunkSizeGiven, CliStreams io)
    {
        TextWriter stdout = io.Out, stderr = io.Error;
        int maxBytes = maxBytesGiven ?? RuleUpdateRequest.DefaultMaxPayloadBytes;
        LoadedRules loaded = RulesFiles.Load(path, null); // refuses unreadable or invalid rules here, with exit 2
        byte[] body = loaded.Bytes;
        version ??= loaded.WasImage && loaded.Trie.Version.Length > 0 ? loaded.Trie.Version : RulesFiles.ContentVersion(body);
        if (RuleUpdateRequest.CheckVersion(version) is string badVersion)
            throw new UsageException("--version: " + badVersion);
        byte[] payload = Encode(version, loaded.WasImage, body);
        if (payload.Length <= maxBytes)
            return PushAsync(broker, topics, version, payload, null, timeout, stdout, stderr, io.ErrorIsTerminal).GetAwaiter().GetResult();

        // Too large for one message: a staged transfer of the compiled image (docs/mqtt.md, "Staged transfers").
        byte[] image = loaded.WasImage ? body : RuleImage.Write(loaded.Trie);
        var budget = new FlashBudget(FlashBudget.FourMbModuleDriveBytes, FlashBudget.Esp32BlockBytes, maxBytes, 0, maxSetBytes ?? 0);
        int room = budget.RulesFileBytes - AppliedRulesFile.Header(true, version).Length;
        if (budget.Error != null || image.Length > room)
        {
            stderr.WriteLine($"gateway rules push: the compiled set is {image.Length} bytes, " +
                (budget.Error ?? $"over the {room} bytes of image the box's rules slot on flash holds ({(maxSetBytes == null ? "default settings" : "maxRuleSetBytes " + maxSetBytes)})") +
                "; a box takes larger sets with a larger maxRuleSetBytes (docs/flash.md): give it to --max-set-bytes as well");
            return Program.ExitUsage;
        }
        int chunkBytes = Math.Min(chunkSizeGiven ?? RuleManifest.DefaultChunkBytes, maxBytes - RuleChunk.HeaderBytes);
        var manifest = RuleManifest.ForImage(image, version, chunkBytes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (manifest.Problem() is string problem)
        {
            stderr.WriteLine($"gateway rules push: cannot stage the set: {problem}");
            return Program.ExitUsage;
        }
        return PushAsync(broker, topics, version, EncodeManifest(manifest), new StagedSet(manifest, image), timeout, stdout, stderr, io.ErrorIsTerminal).GetAwaiter().GetResult();
    }

    /// <summary>The rules/set payload: {"version","format","rules"|"image"} (docs/schemas/rules-set.schema.json).</summary>
    public static byte[] Encode(string version, bool isImage, byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", version);
            json.WriteString("format", isImage ? "image" : "text");
            if (isImage)
                json.WriteString("image", Convert.ToBase64String(body));
            else
                json.WriteString("rules", new UTF8Encoding(false, true).GetString(body));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>True when <paramref name="retained"/> is the manifest of the same transfer as <paramref name="m"/>
    /// (version, size, CRC-32, chunks) issued by an earlier push.</summary>
    static bool SameTransfer(byte[]? retained, RuleManifest m, out long issued)
    {
        issued = 0;
        if (retained == null || retained.Length == 0)
            return false;
        RuleUpdateRequest request = RuleUpdateRequest.Parse(retained, BoxSettings.MaxRuleUpdateBytes, out _);
        RuleManifest? r = request is { IsManifest: true } ? request.Manifest : null;
        if (r == null || r.Version != m.Version || r.TotalBytes != m.TotalBytes || r.Crc32 != m.Crc32 || r.ChunkBytes != m.ChunkBytes || r.ChunkCount != m.ChunkCount)
            return false;
        issued = r.IssuedMs;
        return true;
    }

    /// <summary>The manifest of a staged transfer, as rules/set carries it (format "chunked").</summary>
    public static byte[] EncodeManifest(RuleManifest m)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", m.Version);
            json.WriteString("format", "chunked");
            json.WriteNumber("size", m.TotalBytes);
            json.WriteNumber("crc32", m.Crc32);
            json.WriteNumber("chunkSize", m.ChunkBytes);
            json.WriteNumber("chunks", m.ChunkCount);
            json.WriteNumber("issued", m.IssuedMs);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>An image cut into the rules/chunk payloads of its manifest.</summary>
    public sealed class StagedSet(RuleManifest manifest, byte[] image)
    {
        public RuleManifest Manifest => manifest;

        public byte[] Chunk(int index) => RuleChunk.Payload(manifest, image, index);
    }

    /// <summary>A version named after the content, so pushing the same file twice names it the same.</summary>

    /// <summary>How long to wait for the retained rules/set and rules/state after subscribing.</summary>
    static readonly TimeSpan RetainedGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>After a round of chunks, how long without an answer before the next round goes out anyway.</summary>
    static readonly TimeSpan QuietRound = TimeSpan.FromSeconds(2);

    static async Task<int> PushAsync(BrokerOptions broker, MessagingTopics topics, string version, byte[] payload, StagedSet? staged, TimeSpan timeout,
        TextWriter stdout, TextWriter stderr, bool progressBar)
    {
        var session = new PushSession(topics, version);
        var progress = new TransferProgress(stderr, progressBar, topics.Box);
        DateTime lastHeard = DateTime.UtcNow;
        var clock = new System.Diagnostics.Stopwatch();
        BrokerClient? client = null;
        bool published = false;
        try
        {
            while (true)
            {
                if (client == null)
                {
                    client = new BrokerClient(broker, "gateway-push-" + Environment.ProcessId, session.OnMessage);
                    using var connectCancel = new CancellationTokenSource(timeout);
                    if (!await client.TryConnectAsync(published ? TextWriter.Null : stderr, "rules push", connectCancel.Token))
                    {
                        await client.DisposeAsync();
                        client = null;
                        if (!published || DateTime.UtcNow - lastHeard > timeout)
                        {
                            if (published)
                                stderr.WriteLine($"gateway rules push: lost the broker {broker} and could not reconnect within {timeout.TotalSeconds:0.#} s");
                            return Program.ExitFailure;
                        }
                        await Task.Delay(500); // the broker is restarting: try again, bounded by the timeout
                        continue;
                    }
                    using var cancel = new CancellationTokenSource(timeout);
                    try
                    {
                        if (!published)
                        {
                            // What is retained now, to put it back if the box refuses this update.
                            await client.SubscribeAsync(topics.RulesSet, cancel.Token);
                            await client.SubscribeAsync(topics.RulesState, cancel.Token);
                            await session.WaitForRetainedAsync(RetainedGrace);
                            // A push of the same set that stopped before the end left its manifest
                            // retained: publishing that one again lets the box keep the chunks it has.
                            if (staged != null && SameTransfer(session.PreviousSet, staged.Manifest, out long issued))
                            {
                                payload = session.PreviousSet!;
                                stderr.WriteLine($"gateway rules push: the broker holds the manifest of this set from an earlier push (issued {issued}): the transfer resumes");
                            }
                        }
                        else
                            await client.SubscribeAsync(topics.RulesState, cancel.Token);
                        await client.PublishAsync(topics.RulesSet, payload, retain: true, cancel.Token);
                    }
                    catch (MqttCommunicationException e) when (!published && e is not MqttCommunicationTimedOutException)
                    {
                        // MQTT 3.1.1 has no way to refuse a publish: a broker over its size limit just hangs up.
                        stderr.WriteLine($"gateway rules push: the broker closed the connection while taking the update ({payload.Length} bytes; {e.Message}): " +
                            $"it was not published and {topics.Box} keeps its rules. A broker closes the connection of a client whose packet is over its size limit " +
                            "(Mosquitto's max_packet_size, which docs/mosquitto/mosquitto.conf sets to what a box without PSRAM can receive)");
                        return Program.ExitFailure;
                    }
                    catch (Exception e) when (published && e is MqttCommunicationException or IOException or OperationCanceledException)
                    {
                        await client.DisposeAsync();
                        client = null;
                        continue;
                    }
                    if (!published)
                        stderr.WriteLine($"gateway rules push: published {version} ({(staged == null ? payload.Length + " bytes" : $"a manifest: {staged.Manifest.TotalBytes} bytes in {staged.Manifest.ChunkCount} chunks of {staged.Manifest.ChunkBytes}")}) to {topics.RulesSet}; waiting for {topics.Box}'s answer");
                    if (!published)
                        clock.Start();
                    published = true;
                }

                // Wait for the next answer naming this version.
                StateAnswer? answer = await session.NextAnswerAsync(staged == null ? timeout : QuietRound);
                if (answer != null)
                    lastHeard = DateTime.UtcNow;
                else if (DateTime.UtcNow - lastHeard > timeout)
                {
                    progress.End();
                    stderr.WriteLine($"gateway rules push: no answer from {topics.Box} for {version} within {timeout.TotalSeconds:0.#} s " +
                        "(the update stays retained on the broker: the box applies it when it connects" + (staged != null ? " and a new push sends the chunks it lacks" : "") + ")");
                    return Program.ExitFailure;
                }
                StateAnswer? latest = answer ?? session.Latest;
                if (latest == null)
                    continue;
                if (latest.Result is "applied" or "unchanged")
                {
                    progress.End();
                    if (staged != null)
                        stderr.WriteLine($"gateway rules push: {topics.Box} answered {latest.Result} {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s after the manifest ({staged.Manifest.ChunkCount} chunks)");
                    stdout.WriteLine(latest.Text);
                    return Program.ExitOk;
                }
                if (latest.Result == "refused")
                {
                    progress.End();
                    stdout.WriteLine(latest.Text);
                    stderr.WriteLine($"gateway rules push: {topics.Box} refused {version}; its rules in force are unchanged");
                    await RestoreRetainedAsync(client, session, topics, stderr);
                    return Program.ExitFailure;
                }
                if (staged == null || latest.Result == "pending")
                {
                    if (latest.Result == "pending")
                        progress.Show(latest.Received, latest.Chunks, "waiting for the line to be idle");
                    continue;
                }
                // receiving: send what the box lacks, then hear how far it got.
                progress.Show(latest.Received, latest.Chunks, null);
                int[] missing = MissingChunks(latest.Missing, staged.Manifest.ChunkCount);
                try
                {
                    using var cancel = new CancellationTokenSource(timeout);
                    session.StartRound();
                    foreach (int index in missing)
                        await client!.PublishAsync(topics.RulesChunk, staged.Chunk(index), retain: false, cancel.Token);
                    await session.WaitForRoundAsync(missing.Length, QuietRound);
                }
                catch (Exception e) when (e is MqttCommunicationException or IOException or OperationCanceledException or InvalidOperationException)
                {
                    // The broker went away mid-round: reconnect, publish the manifest again (a broker
                    // without persistence lost it), and resume from the box's next answer.
                    if (client != null)
                        await client.DisposeAsync();
                    client = null;
                }
            }
        }
        catch (IOException e)
        {
            progress.End();
            stderr.WriteLine($"gateway rules push: {e.Message}");
            return Program.ExitFailure;
        }
        finally
        {
            if (client != null)
                await client.DisposeAsync();
        }
    }

    /// <summary>A refused set must not stay retained where a replaced box would pick it up: put back
    /// the retained set that was there when it is the set in force, else delete the retained message.</summary>
    static async Task RestoreRetainedAsync(BrokerClient? client, PushSession session, MessagingTopics topics, TextWriter stderr)
    {
        if (client == null)
            return;
        byte[] back = session.PreviousSetInForce ?? [];
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.PublishAsync(topics.RulesSet, back, retain: true, cancel.Token);
            stderr.WriteLine(back.Length > 0
                ? $"gateway rules push: {topics.RulesSet} holds {session.PreviousVersion} again (retained), the set in force"
                : $"gateway rules push: cleared the retained {topics.RulesSet}, so that no box picks up the refused set");
        }
        catch (Exception e) when (e is MqttCommunicationException or IOException or OperationCanceledException)
        {
            stderr.WriteLine($"gateway rules push: could not take the refused set off {topics.RulesSet} ({e.Message}): delete it (mosquitto_pub -r -n -t {topics.RulesSet})");
        }
    }

    /// <summary>Chunk indexes from the box's "missing" ranges ("0-3,7"); after ",..." every index
    /// beyond the last range listed may be missing too.</summary>
    public static int[] MissingChunks(string missing, int count)
    {
        var list = new List<int>();
        bool more = false;
        int last = -1;
        foreach (string part in missing.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "...")
            {
                more = true;
                continue;
            }
            string[] ends = part.Split('-');
            if (!int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from))
                continue;
            int to = from;
            if (ends.Length == 2 && !int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out to))
                continue;
            for (int i = Math.Max(from, last + 1); i <= to && i < count; i++)
                list.Add(i);
            last = Math.Max(last, to);
        }
        if (more)
            for (int i = last + 1; i < count; i++)
                list.Add(i);
        return list.ToArray();
    }

    /// <summary>The answers of one push: live rules/state answers naming its version, and what was
    /// retained on rules/set and rules/state before it published.</summary>
    sealed class PushSession(MessagingTopics topics, string version)
    {
        readonly object gate = new();
        readonly SemaphoreSlim signal = new(0);
        readonly TaskCompletionSource retainedSet = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource retainedState = new(TaskCreationOptions.RunContinuationsAsynchronously);
        byte[]? previousSet;
        string? previousSetVersion, inForce;
        int answers, roundStart;

        public StateAnswer? Latest { get; private set; }

        /// <summary>The retained set seen before publishing, when it is the set in force per the retained rules/state.</summary>
        public byte[]? PreviousSetInForce { get { lock (gate) return previousSetVersion != null && previousSetVersion == inForce ? previousSet : null; } }
        public string? PreviousVersion { get { lock (gate) return previousSetVersion; } }
        public byte[]? PreviousSet { get { lock (gate) return previousSet; } }

        public void OnMessage(string topic, byte[] bytes, bool retained)
        {
            if (retained)
            {
                lock (gate)
                {
                    if (topic == topics.RulesSet && previousSet == null)
                    {
                        previousSet = bytes;
                        previousSetVersion = RuleStateAnswer.VersionOf(bytes);
                        retainedSet.TrySetResult();
                    }
                    else if (topic == topics.RulesState && inForce == null)
                    {
                        inForce = RuleStateAnswer.InForce(bytes);
                        retainedState.TrySetResult();
                    }
                }
                return;
            }
            if (topic != topics.RulesState || !StateAnswer.TryRead(bytes, version, out StateAnswer? answer))
                return;
            lock (gate)
            {
                Latest = answer;
                answers++;
            }
            signal.Release();
        }

        public Task WaitForRetainedAsync(TimeSpan grace) => Task.WhenAny(Task.WhenAll(retainedSet.Task, retainedState.Task), Task.Delay(grace));

        /// <summary>The next answer, or null after <paramref name="wait"/> without one.</summary>
        public async Task<StateAnswer?> NextAnswerAsync(TimeSpan wait)
        {
            if (!await signal.WaitAsync(wait))
                return null;
            while (signal.CurrentCount > 0)
                await signal.WaitAsync(0); // only the newest counts
            lock (gate)
                return Latest;
        }

        public void StartRound()
        {
            lock (gate)
                roundStart = answers;
        }

        /// <summary>Waits until the box answered every chunk of the round, was done with the
        /// transfer, or said nothing for <paramref name="quiet"/> (chunks lost with a broker or a box).</summary>
        public async Task WaitForRoundAsync(int sent, TimeSpan quiet)
        {
            int heard;
            lock (gate)
                heard = answers;
            var silence = System.Diagnostics.Stopwatch.StartNew();
            while (silence.Elapsed < quiet)
            {
                lock (gate)
                {
                    if (answers - roundStart >= sent || Latest?.Result is not ("receiving" or null))
                        return;
                    if (answers != heard)
                    {
                        heard = answers;
                        silence.Restart();
                    }
                }
                await Task.Delay(20); // answers raise no event of their own here; poll, bounded by quiet
            }
        }
    }

    /// <summary>Shows a staged transfer's progress on stderr: a bar redrawn in place on a terminal,
    /// otherwise a line whenever another tenth of the chunks is in.</summary>
    sealed class TransferProgress(TextWriter stderr, bool bar, string box)
    {
        int shownTenths = -1;
        string? shownNote;
        bool drawn;

        public void Show(int received, int chunks, string? note)
        {
            if (chunks <= 0)
                return;
            bool sameNote = note == shownNote;
            shownNote = note;
            if (bar)
            {
                const int width = 30;
                int filled = received * width / chunks;
                stderr.Write($"\r{box}: [{new string('#', filled)}{new string('.', width - filled)}] {received}/{chunks} chunks{(note != null ? " (" + note + ")" : "")}   ");
                drawn = true;
                return;
            }
            int tenths = received * 10 / chunks;
            if (tenths == shownTenths && sameNote)
                return;
            shownTenths = tenths;
            stderr.WriteLine($"gateway rules push: {box} has {received} of {chunks} chunks{(note != null ? "; " + note : "")}");
        }

        public void End()
        {
            if (drawn)
                stderr.WriteLine();
            drawn = false;
        }
    }
}

/// <summary>One rules/state answer naming the pushed version (docs/schemas/rules-state.schema.json).</summary>
public sealed record StateAnswer(string Text, string Result, int Received, int Chunks, string Missing)
{
    public static bool TryRead(byte[] payload, string version, out StateAnswer? answer)
    {
        answer = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("requested", out JsonElement requested) || requested.ValueKind != JsonValueKind.String || requested.GetString() != version
                || !root.TryGetProperty("result", out JsonElement result) || result.ValueKind != JsonValueKind.String)
                return false;
            int received = root.TryGetProperty("received", out JsonElement r) && r.TryGetInt32(out int rv) ? rv : 0;
            int chunks = root.TryGetProperty("chunks", out JsonElement c) && c.TryGetInt32(out int cv) ? cv : 0;
            string missing = root.TryGetProperty("missing", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            answer = new StateAnswer(Encoding.UTF8.GetString(payload), result.GetString()!, received, chunks, missing);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>Reads the box's rules/state answer (docs/schemas/rules-state.schema.json) as far as
/// `rules push` needs it: {"version" in force, "result", "requested", "reason", "warnings"}.</summary>
public static class RuleStateAnswer
{
    /// <summary>True when <paramref name="payload"/> answers the update named <paramref name="version"/>;
    /// <paramref name="applied"/> says whether those rules are now in force ("applied", or
    /// "unchanged" when they already were).</summary>
    /// <summary>The "version" field of a rules/set payload, or null.</summary>
    public static string? VersionOf(byte[] payload) => Field(payload, "version");

    /// <summary>The version in force that a rules/state payload reports, or null.</summary>
    public static string? InForce(byte[] payload) => Field(payload, "version");

    static string? Field(byte[] payload, string name)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool TryRead(byte[] payload, string version, out bool applied, out string text)
    {
        applied = false;
        text = "";
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("requested", out JsonElement requested) || requested.ValueKind != JsonValueKind.String || requested.GetString() != version
                || !root.TryGetProperty("result", out JsonElement result) || result.ValueKind != JsonValueKind.String)
                return false;
            text = Encoding.UTF8.GetString(payload);
            applied = result.GetString() is "applied" or "unchanged";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
