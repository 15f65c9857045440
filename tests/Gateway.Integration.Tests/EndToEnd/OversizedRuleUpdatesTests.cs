using System.Text;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>A rule update larger than a box without PSRAM can receive never reaches the box: the
/// shipped Mosquitto configuration's max_packet_size stops it at the broker (defect B1, issue 10).</summary>
/// <remarks>
/// On the device the MQTT client would allocate such a message twice, run out of heap inside the
/// library and lose the link in a loop (docs/nanoframework.md). The simulated box would merely
/// refuse it, so the test judges what the box is sent, not how it copes.
/// </remarks>
[TestClass]
public class OversizedRuleUpdatesTests
{
    const string Box = "box-1";
    const string RulesSet = "gateway/" + Box + "/rules/set";
    const string RulesState = "gateway/" + Box + "/rules/state";
    const string Calls = "gateway/" + Box + "/calls";
    const string Status = "gateway/" + Box + "/status";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    static JsonElement Json(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static int CallCount(Subscriber backend) => backend.Messages.Count(m => m.Topic == Calls);

    [TestMethod]
    public void An_update_over_the_broker_limit_is_refused_to_the_pusher_and_never_reaches_the_box_while_records_keep_flowing()
    {
        string dir = TempDirs.Create("gateway-oversized-");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/" + Box + "/#"]);
        // A call a second (20 s apart at 20x), alternating 0900... and 112.
        using var box = BoxProcess.Start("simulate", RuleScenarios.Alternating(dir, 60), "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", Box, "--speed", "20");
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"online\":true")), Wait, "the box online");
        string url = $"mqtt://127.0.0.1:{broker.Port}";

        string v1 = Path.Combine(dir, "v1.rules");
        File.WriteAllText(v1, "block 0900\n");
        var stderr = new StringWriter();
        Assert.AreEqual(0, Program.Run(["rules", "push", v1, "--box", Box, "--broker", url, "--version", "v1", "--timeout", "20"], TextReader.Null, TextWriter.Null, stderr), stderr.ToString());

        // About 45 KB of rules that no longer block 0900: valid, and within what the pusher is told
        // the box takes (--max-bytes, as for a box with PSRAM), but over the broker's packet limit.
        var big = new StringBuilder("allow 0900\n");
        for (int i = 0; i < 3000; i++)
            big.Append("block 7").Append(1_000_000 + i).Append('\n');
        string bigFile = Path.Combine(dir, "big.rules");
        File.WriteAllText(bigFile, big.ToString());
        stderr = new StringWriter();
        int code = Program.Run(["rules", "push", bigFile, "--box", Box, "--broker", url, "--version", "v-big", "--max-bytes", "65536", "--timeout", "20"],
            TextReader.Null, TextWriter.Null, stderr);

        // The pusher is told, at once and plainly; the broker logged why.
        Assert.AreEqual(1, code, stderr.ToString());
        StringAssert.Contains(stderr.ToString(), "the broker closed the connection while taking the update");
        StringAssert.Contains(stderr.ToString(), "it was not published and box-1 keeps its rules");
        StringAssert.Contains(stderr.ToString(), "max_packet_size");
        Assert.IsFalse(stderr.ToString().Contains("no answer from"), "not a time-out: " + stderr);
        StringAssert.Contains(broker.Log(), "disconnected due to oversize packet");

        // What the broker keeps for the box is still v1 (rules/set) and the box's v1 answer (rules/state).
        using var late = Subscriber.Start(broker, "late-reader", [RulesSet, RulesState]);
        Subscriber.Message[] retained = late.WaitFor(m => m.Any(x => x.Topic == RulesSet) && m.Any(x => x.Topic == RulesState), Wait, "the retained rules/set and rules/state");
        Assert.AreEqual("v1", Str(Json(retained.First(x => x.Topic == RulesSet).Payload), "version"));
        JsonElement state = Json(retained.First(x => x.Topic == RulesState).Payload);
        Assert.AreEqual("v1", Str(state, "version"));
        Assert.AreEqual("v1", Str(state, "requested"));

        // The box's records keep flowing, and its calls are still decided by v1.
        int seen = CallCount(backend);
        backend.WaitFor(m => m.Count(x => x.Topic == Calls) >= seen + 5, Wait, "5 more call records");
        JsonElement[] after = backend.Messages.Where(m => m.Topic == Calls).Skip(seen + 1).Select(m => Json(m.Payload)).ToArray();
        JsonElement premium = after.First(c => (Str(c, "digits") ?? "").StartsWith("0900"));
        Assert.AreEqual("blocked", Str(premium, "outcome"), premium.GetRawText());

        // Nothing of the oversized update reached anyone subscribed to the box's topics, the box included:
        // it would have been delivered before the records just awaited, and the box would have answered it.
        Assert.IsFalse(backend.Messages.Any(m => m.Topic == RulesSet && m.Payload.Contains("\"v-big\"")), "the oversized rules/set was delivered");
        Assert.IsFalse(backend.Messages.Any(m => m.Topic == RulesState && m.Payload.Contains("\"v-big\"")), "the box saw the oversized rules/set");
    }
}
