using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using MQTTnet.Exceptions;

namespace Gateway.Cli;

/// <summary>`gateway rules push`: publishes a rule update and waits for the box's answer.</summary>
/// <remarks>
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
            Description = $"Seconds to wait for the box's answer (default {DefaultTimeoutSeconds}).",
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
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(input),
            new MessagingTopics(parsed.GetRequiredValue(prefix), parsed.GetRequiredValue(box)),
            broker.Read(parsed) ?? new BrokerOptions(),
            parsed.GetValue(version),
            TimeSpan.FromSeconds(parsed.GetValue(timeout) ?? DefaultTimeoutSeconds),
            parsed.GetValue(maxBytes),
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

    static int Run(string path, MessagingTopics topics, BrokerOptions broker, string? version, TimeSpan timeout, int? maxBytesGiven, CliStreams io)
    {
        TextWriter stdout = io.Out, stderr = io.Error;
        int maxBytes = maxBytesGiven ?? RuleUpdateRequest.DefaultMaxPayloadBytes;
        LoadedRules loaded = RulesFiles.Load(path, null); // refuses unreadable or invalid rules here, with exit 2
        byte[] body = loaded.Bytes;
        version ??= loaded.WasImage && loaded.Trie.Version.Length > 0 ? loaded.Trie.Version : RulesFiles.ContentVersion(body);
        if (RuleUpdateRequest.CheckVersion(version) is string badVersion)
            throw new UsageException("--version: " + badVersion);
        byte[] payload = Encode(version, loaded.WasImage, body);
        if (payload.Length > maxBytes)
        {
            stderr.WriteLine($"gateway rules push: the update is {payload.Length} bytes, over the box's limit of {maxBytes}" +
                (loaded.WasImage ? "" : "; compile it to an image first (gateway rules compile)") +
                (maxBytesGiven == null ? "; a box with PSRAM can take more (settings maxRuleUpdateBytes, then --max-bytes, and the broker's max_packet_size)" : ""));
            return Program.ExitUsage;
        }

        return PushAsync(broker, topics, version, payload, timeout, stdout, stderr).GetAwaiter().GetResult();
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

    /// <summary>A version named after the content, so pushing the same file twice names it the same.</summary>

    static async Task<int> PushAsync(BrokerOptions broker, MessagingTopics topics, string version, byte[] payload, TimeSpan timeout, TextWriter stdout, TextWriter stderr)
    {
        var answer = new TaskCompletionSource<(string Text, bool Applied)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new BrokerClient(broker, "gateway-push-" + Environment.ProcessId, (topic, bytes, retained) =>
        {
            if (retained || topic != topics.RulesState)
                return;
            if (RuleStateAnswer.TryRead(bytes, version, out bool applied, out string text))
                answer.TrySetResult((text, applied));
        });
        using var cancel = new CancellationTokenSource(timeout);
        if (!await client.TryConnectAsync(stderr, "rules push", cancel.Token))
            return Program.ExitFailure;
        try
        {
            await client.SubscribeAsync(topics.RulesState, cancel.Token);
            try
            {
                await client.PublishAsync(topics.RulesSet, payload, retain: true, cancel.Token);
            }
            catch (MqttCommunicationException e) when (e is not MqttCommunicationTimedOutException)
            {
                // MQTT 3.1.1 has no way to refuse a publish: a broker over its size limit just hangs up.
                stderr.WriteLine($"gateway rules push: the broker closed the connection while taking the update ({payload.Length} bytes; {e.Message}): " +
                    $"it was not published and {topics.Box} keeps its rules. A broker closes the connection of a client whose packet is over its size limit " +
                    "(Mosquitto's max_packet_size, which docs/mosquitto/mosquitto.conf sets to what a box without PSRAM can receive)");
                return Program.ExitFailure;
            }
            stderr.WriteLine($"gateway rules push: published {version} ({payload.Length} bytes) to {topics.RulesSet}; waiting for {topics.Box}'s answer");
            (string text, bool applied) = await answer.Task.WaitAsync(cancel.Token);
            stdout.WriteLine(text);
            if (!applied)
                stderr.WriteLine($"gateway rules push: {topics.Box} refused {version}; its rules in force are unchanged");
            return applied ? Program.ExitOk : Program.ExitFailure;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine($"gateway rules push: no answer from {topics.Box} for {version} within {timeout.TotalSeconds:0.#} s " +
                "(the update stays retained on the broker: the box applies it when it connects)");
            return Program.ExitFailure;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"gateway rules push: {e.Message}");
            return Program.ExitFailure;
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
