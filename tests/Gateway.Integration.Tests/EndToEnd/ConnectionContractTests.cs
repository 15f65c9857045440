using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>One connection contract (docs/mqtt.md, "Connection"): what docs/asyncapi.yaml's server
/// bindings say is what the simulator really sends to a real Mosquitto, and what the device adapter
/// passes to M2Mqtt.</summary>
[TestClass]
public class ConnectionContractTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The mqtt server binding of docs/asyncapi.yaml, read line by line (no YAML parser in the tests).</summary>
    sealed record Binding(string ClientId, bool CleanSession, int KeepAlive, string WillTopic, int WillQos, bool WillRetain, string WillMessage, string ProtocolVersion);

    static Binding ReadAsyncApiBinding()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Repo.Root, "docs", "asyncapi.yaml"));
        var values = new Dictionary<string, string>();
        bool inBinding = false, inWill = false;
        foreach (string raw in lines)
        {
            string line = raw.TrimEnd();
            string trimmed = line.Trim();
            if (trimmed.StartsWith('#') || trimmed.Length == 0)
                continue;
            if (trimmed == "mqtt:" && lines.Any(l => l.Trim() == "bindings:"))
            {
                inBinding = true;
                continue;
            }
            if (trimmed.StartsWith("protocolVersion:"))
                values["protocolVersion"] = trimmed["protocolVersion:".Length..].Trim();
            if (!inBinding)
                continue;
            if (!line.StartsWith("        "))
                break; // the binding ended
            if (trimmed == "lastWill:")
            {
                inWill = true;
                continue;
            }
            if (inWill && !line.StartsWith("          "))
                inWill = false;
            int colon = trimmed.IndexOf(':');
            string key = (inWill ? "will." : "") + trimmed[..colon];
            values[key] = trimmed[(colon + 1)..].Trim().Trim('\'');
        }
        string Get(string k) => values.TryGetValue(k, out string? v) ? v : throw new AssertFailedException($"asyncapi.yaml's mqtt binding has no {k}");
        return new Binding(Get("clientId"), bool.Parse(Get("cleanSession")), int.Parse(Get("keepAlive")), Get("will.topic"),
            int.Parse(Get("will.qos")), bool.Parse(Get("will.retain")), Get("will.message"), Get("protocolVersion"));
    }

    [TestMethod]
    public void The_simulator_connects_to_a_real_broker_exactly_as_the_asyncapi_document_says()
    {
        Binding doc = ReadAsyncApiBinding();
        string dir = TempDirs.Create("gateway-connection-contract-");
        // Debug logging: Mosquitto then names the protocol, clean session, keep-alive and the will of each CONNECT.
        using var broker = Mosquitto.Start("allow_anonymous true\nlog_type debug\n");
        // simulate publishes under the default prefix, as asyncapi.yaml's example does.
        Assert.AreEqual($"{Gateway.Core.Messaging.MessagingTopics.DefaultPrefix}/{doc.ClientId}/status", doc.WillTopic);
        using var backend = Subscriber.Start(broker, "backend", [doc.WillTopic]);
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var box = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 1), "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", doc.ClientId, "--linger", "60");
        backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"online\":true")), Wait, "the box's status");

        string log = broker.Log();
        // The box's CONNECT, by its client id (the backend's own connection is in the log too).
        Match connect = Regex.Match(log, @"New client connected from \S+ as (" + Regex.Escape(doc.ClientId) + @") \(p(\d+), c(\d), k(\d+)");
        Assert.IsTrue(connect.Success, $"no CONNECT with client id {doc.ClientId} in the broker's log:\n" + log);
        // Mosquitto numbers protocols 1 = 3.1, 2 = 3.1.1, 5 = 5.0 (its mosquitto_protocol enum).
        Assert.AreEqual(doc.ProtocolVersion, connect.Groups[2].Value switch { "1" => "3.1", "2" => "3.1.1", "5" => "5.0", string p => "p" + p }, "protocol");
        Assert.AreEqual(doc.CleanSession ? "1" : "0", connect.Groups[3].Value, "clean session");
        Assert.AreEqual(doc.KeepAlive.ToString(), connect.Groups[4].Value, "keep-alive");
        Match will = Regex.Match(log[connect.Index..], @"Will message specified \(\d+ bytes\) \(r(\d), q(\d)\)\.\s*\n\d+:\s+(\S+)");
        Assert.IsTrue(will.Success, "no will in the broker's log:\n" + log);
        Assert.AreEqual(doc.WillRetain ? "1" : "0", will.Groups[1].Value, "will retain");
        Assert.AreEqual(doc.WillQos.ToString(), will.Groups[2].Value, "will QoS");
        Assert.AreEqual(doc.WillTopic, will.Groups[3].Value, "will topic");

        box.Kill(); // no DISCONNECT: the broker publishes the will
        Subscriber.Message[] got = backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"online\":false")), Wait, "the last will");
        using JsonDocument sent = JsonDocument.Parse(got.Last(x => x.Payload.Contains("\"online\":false")).Payload);
        using JsonDocument documented = JsonDocument.Parse(doc.WillMessage);
        CollectionAssert.AreEqual(documented.RootElement.EnumerateObject().Select(p => p.Name).ToArray(),
            sent.RootElement.EnumerateObject().Select(p => p.Name).ToArray(), "the will's fields");
        Assert.IsFalse(sent.RootElement.GetProperty("online").GetBoolean());
        DateTimeOffset connectedAt = DateTimeOffset.Parse(sent.RootElement.GetProperty("connectedAt").GetString()!);
        Assert.IsTrue(connectedAt >= before && connectedAt <= DateTimeOffset.UtcNow, $"connectedAt {connectedAt:O} is not the time of this run's connection");
    }

    [TestMethod]
    public void Two_boxes_configured_with_one_id_report_each_other_as_a_fault()
    {
        string dir = TempDirs.Create("gateway-duplicate-id-");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/box-twin/status"]);
        string scenario = Scenarios.OutgoingCalls(dir, 1);
        using var first = BoxProcess.Start("simulate", scenario, "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", "box-twin", "--hw", "a4cf12000001", "--linger", "60");
        backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"hw\":\"a4cf12000001\"")), Wait, "the first box online");
        using var second = BoxProcess.Start("simulate", scenario, "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", "box-twin", "--hw", "a4cf12000002", "--linger", "60");
        // One client id per box id: the broker lets only one of them in at a time, and each finds
        // the other's status on the topic they share.
        Subscriber.Message[] got = backend.WaitFor(m => m.Any(x => x.Payload.Contains("another box (hw a4cf1200000")), Wait, "a duplicate-id fault");
        string fault = got.First(x => x.Payload.Contains("another box (hw")).Payload;
        StringAssert.Matches(fault, new Regex("\"hw\":\"a4cf12000001\".*another box \\(hw a4cf12000002\\)|\"hw\":\"a4cf12000002\".*another box \\(hw a4cf12000001\\)"),
            "each names the other's hw, not its own");
    }

    // Splits "a, f(b, c), d" at the commas outside parentheses.
    static IEnumerable<string> TopLevelArguments(string args)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == '(') depth++;
            else if (args[i] == ')') depth--;
            else if (args[i] == ',' && depth == 0)
            {
                yield return args[start..i];
                start = i + 1;
            }
        }
        yield return args[start..];
    }

    [TestMethod]
    public void The_device_adapter_passes_the_same_settings_to_M2Mqtt()
    {
        // M2Mqtt's Connect(clientId, user, password, willRetain, willQos, willFlag, willTopic, willMessage, cleanSession, keepAlive).
        string source = File.ReadAllText(Path.Combine(Repo.Root, "firmware", "Gateway.Esp32", "Adapters", "M2MqttTransport.cs"));
        Match call = Regex.Match(source, @"\.Connect\((?<args>[^;]*)\);");
        Assert.IsTrue(call.Success, "no Connect call in M2MqttTransport.cs");
        string[] args = TopLevelArguments(call.Groups["args"].Value).Select(a => Regex.Replace(a, @"\s+", " ").Trim()).ToArray();
        Assert.AreEqual(10, args.Length, call.Value);
        Binding doc = ReadAsyncApiBinding();
        Assert.AreEqual("_settings.boxId", args[0], "client id = the box id");
        Assert.AreEqual(doc.WillRetain ? "true" : "false", args[3], "will retain");
        Assert.AreEqual("MqttQoSLevel.AtLeastOnce", args[4], "will QoS");
        Assert.AreEqual(1, doc.WillQos);
        Assert.AreEqual("true", args[5], "will flag");
        Assert.AreEqual("_topics.Status", args[6], "will topic");
        StringAssert.StartsWith(args[7], "_box.WillPayloadText(", "the will with its time, from Core");
        Assert.AreEqual(doc.CleanSession ? "true" : "false", args[8], "clean session");
        Assert.AreEqual("(ushort)_settings.keepAliveSeconds", args[9], "keep-alive from the settings");
        Assert.AreEqual(doc.KeepAlive, new Gateway.Core.Settings.BoxSettings().keepAliveSeconds, "the documented keep-alive is the settings' default");
        StringAssert.Contains(source, "MqttProtocolVersion.Version_3_1_1");
        Assert.AreEqual("3.1.1", doc.ProtocolVersion);
    }
}
