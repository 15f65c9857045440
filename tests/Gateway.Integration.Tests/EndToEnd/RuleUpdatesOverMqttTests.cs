using System.Text;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>Rule updates to a live box process through a real Mosquitto: `gateway rules push`,
/// refusals with reasons, and the rules actually in force judged by the calls that follow.</summary>
[TestClass]
public class RuleUpdatesOverMqttTests
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

    static JsonElement[] CallRecords(Subscriber backend) =>
        backend.Messages.Where(m => m.Topic == Calls).Select(m => Json(m.Payload)).ToArray();

    /// <summary>Waits for <paramref name="atLeast"/> + 1 more records than there are now, then returns the calls decided after
    /// this moment (see ScenarioPacer: a call is decided right after the previous record is out).</summary>
    static JsonElement[] CallsDecidedFromNow(Subscriber backend, int atLeast)
    {
        int seen = CallRecords(backend).Length;
        backend.WaitFor(m => m.Count(x => x.Topic == Calls) >= seen + 1 + atLeast, Wait, $"{atLeast} more call records");
        return CallRecords(backend).Skip(seen + 1).ToArray();
    }

    static JsonElement AnswerFor(Subscriber backend, Func<JsonElement, bool> which, string what)
    {
        Subscriber.Message[] all = backend.WaitFor(m => m.Any(x => x.Topic == RulesState && which(Json(x.Payload))), Wait, what);
        return Json(all.Last(x => x.Topic == RulesState && which(Json(x.Payload))).Payload);
    }

    [TestMethod]
    public async Task Updates_are_applied_and_acknowledged_and_bad_ones_refused_with_the_old_rules_kept()
    {
        string dir = TempDirs.Create("gateway-rules-e2e-");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/" + Box + "/#"]);
        // 60 calls, 20 s apart, at 20x: one call a second; the test ends the box when done. A blocked
        // call gives two records: the blocked one (digits up to the cut) and the abandoned rest.
        using var box = BoxProcess.Start("simulate", RuleScenarios.Alternating(dir, 60), "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", Box, "--speed", "20");
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"online\":true")), Wait, "the box online");
        string url = $"mqtt://127.0.0.1:{broker.Port}";

        // 1. A valid update through the CLI: applied, acknowledged, and in force for the next calls.
        string v1 = Path.Combine(dir, "v1.rules");
        File.WriteAllText(v1, "block 0900\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.AreEqual(0, Program.Run(["rules", "push", v1, "--box", Box, "--broker", url, "--version", "v1", "--timeout", "20"], TextReader.Null, stdout, stderr), stderr.ToString());
        JsonElement applied = Json(stdout.ToString().Trim());
        Assert.AreEqual("applied", Str(applied, "result"));
        Assert.AreEqual("v1", Str(applied, "version"));
        JsonElement[] after = CallsDecidedFromNow(backend, 4);
        JsonElement premium = after.First(c => (Str(c, "digits") ?? "").StartsWith("0900"));
        Assert.AreEqual("blocked", Str(premium, "outcome"), premium.GetRawText());
        Assert.AreEqual("0900", Str(premium, "rule"));

        // 2. Malformed rules (published raw: the CLI would refuse them itself): refused with the line.
        await using var backendClient = await TestClient.ConnectAsync(broker.Options, "backend-pub");
        await backendClient.PublishAsync(RulesSet, "{\"version\":\"v2\",\"format\":\"text\",\"rules\":\"block 0900\\nforbid 0800\\n\"}", retain: true);
        JsonElement malformed = AnswerFor(backend, a => Str(a, "requested") == "v2", "the answer to the malformed v2");
        Assert.AreEqual("refused", Str(malformed, "result"));
        StringAssert.Contains(Str(malformed, "reason"), "line 2");
        Assert.AreEqual("v1", Str(malformed, "version"), "v1 stays in force");

        // 3. Over the box's limit (8192) but under the broker's (OversizedRuleUpdatesTests goes above
        // that): refused by the box before parsing, with the size and the limit.
        string huge = "{\"version\":\"v3\",\"format\":\"text\",\"rules\":\"" + string.Concat(Enumerable.Repeat("block 0900\\n", 800)) + "\"}";
        Assert.IsTrue(Encoding.UTF8.GetByteCount(huge) is > 8192 and < 12000, "between the box's and the broker's limits");
        await backendClient.PublishAsync(RulesSet, huge, retain: true);
        JsonElement oversized = AnswerFor(backend, a => Str(a, "result") == "refused" && (Str(a, "reason") ?? "").Contains("limit"), "the answer to the oversized v3");
        StringAssert.Contains(Str(oversized, "reason"), $"payload is {Encoding.UTF8.GetByteCount(huge)} bytes");
        Assert.AreEqual("v1", Str(oversized, "version"), "v1 stays in force");

        // The refused updates changed nothing: premium calls are still blocked by v1.
        JsonElement[] afterRefusals = CallsDecidedFromNow(backend, 4);
        JsonElement stillBlocked = afterRefusals.First(c => (Str(c, "digits") ?? "").StartsWith("0900"));
        Assert.AreEqual("blocked", Str(stillBlocked, "outcome"), stillBlocked.GetRawText());

        // 4. An update aimed at an emergency number is refused with the rule named, through the
        // CLI (exit 1), and v1 stays in force: premium still blocked, 112 still completes.
        string v4 = Path.Combine(dir, "v4.rules");
        File.WriteAllText(v4, "block 112\nblock 0800\n");
        stdout = new StringWriter();
        Assert.AreEqual(1, Program.Run(["rules", "push", v4, "--box", Box, "--broker", url, "--version", "v4", "--timeout", "20"], TextReader.Null, stdout, stderr), stderr.ToString());
        JsonElement targeted = AnswerFor(backend, a => Str(a, "requested") == "v4", "the answer to the emergency-blocking v4");
        Assert.AreEqual("refused", Str(targeted, "result"));
        StringAssert.Contains(Str(targeted, "reason"), "rule 'block 112' targets emergency number 112");
        Assert.AreEqual("v1", Str(targeted, "version"), "v1 stays in force");
        JsonElement[] afterTargeted = CallsDecidedFromNow(backend, 4);
        Assert.AreEqual("blocked", Str(afterTargeted.First(c => (Str(c, "digits") ?? "").StartsWith("0900")), "outcome"));
        JsonElement stillOpen = afterTargeted.First(c => Str(c, "digits") == RuleScenarios.Emergency);
        Assert.AreEqual("completed", Str(stillOpen, "outcome"), stillOpen.GetRawText());

        // 5. A broad rule that only covers emergency numbers (all numbers starting with 1) is
        // applied with a warning; the emergency number is built in and still gets through.
        string v5 = Path.Combine(dir, "v5.rules");
        File.WriteAllText(v5, "block 1\nblock 0900\n");
        stdout = new StringWriter();
        Assert.AreEqual(0, Program.Run(["rules", "push", v5, "--box", Box, "--broker", url, "--version", "v5", "--timeout", "20"], TextReader.Null, stdout, stderr), stderr.ToString());
        JsonElement warned = Json(stdout.ToString().Trim());
        StringAssert.Contains(Str(warned, "warnings"), "emergency number 112");
        JsonElement[] afterEmergencyRules = CallsDecidedFromNow(backend, 4);
        JsonElement emergency = afterEmergencyRules.First(c => Str(c, "digits") == RuleScenarios.Emergency);
        Assert.AreEqual("completed", Str(emergency, "outcome"), emergency.GetRawText());
        Assert.IsTrue(emergency.GetProperty("emergency").GetBoolean(), emergency.GetRawText());

        foreach (Subscriber.Message answer in backend.Messages.Where(m => m.Topic == RulesState))
            Assert.IsNull(Schemas.Problems("rules-state.schema.json", answer.Payload), answer.Payload);
    }

    [TestMethod]
    public void Rules_applied_over_mqtt_are_enforced_after_a_restart_with_no_broker()
    {
        string dir = TempDirs.Create("gateway-rules-e2e-");
        string journal = Path.Combine(dir, "journal");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [Status]);
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        using (var first = BoxProcess.Start("simulate", Scenarios.OutgoingCalls(dir, 1), "--broker", url, "--box", Box, "--journal", journal, "--linger", "60"))
        {
            backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"online\":true")), Wait, "the box online");
            string rules = Path.Combine(dir, "v1.rules");
            File.WriteAllText(rules, "block 0900\n");
            var stderr = new StringWriter();
            Assert.AreEqual(0, Program.Run(["rules", "push", rules, "--box", Box, "--broker", url, "--version", "v1", "--timeout", "20"], TextReader.Null, TextWriter.Null, stderr), stderr.ToString());
            first.Kill();
        }

        // Back up with nowhere to publish: the saved rules decide, and the records wait in the journal.
        int nobody = Gateway.Cli.Mqtt.EmbeddedBroker.FreeLoopbackPort();
        using var second = BoxProcess.Start("simulate", RuleScenarios.Alternating(dir, 2), "--broker", $"mqtt://127.0.0.1:{nobody}", "--box", Box,
            "--journal", journal, "--drain-timeout", "1");
        Assert.AreEqual(1, second.WaitForExit(Wait), "records not delivered");
        StringAssert.Contains(second.Stderr, "rules v1 from an earlier update are in force");
        JsonElement premium = Json(second.Stdout.First(l => l.Contains("\"digits\":\"0900")));
        Assert.AreEqual("blocked", Str(premium, "outcome"), premium.GetRawText());
        Assert.AreEqual("0900", Str(premium, "rule"));
    }

    [TestMethod]
    public void Push_times_out_with_exit_1_when_no_box_answers()
    {
        string dir = TempDirs.Create("gateway-rules-e2e-");
        using var broker = Mosquitto.Start();
        string rules = Path.Combine(dir, "r.rules");
        File.WriteAllText(rules, "block 0900\n");
        var stderr = new StringWriter();

        int code = Program.Run(["rules", "push", rules, "--box", "nobody", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--timeout", "1"], TextReader.Null, TextWriter.Null, stderr);

        Assert.AreEqual(1, code);
        StringAssert.Contains(stderr.ToString(), "no answer from nobody");
    }

    [TestMethod]
    public void Push_refuses_invalid_rules_locally_with_exit_2()
    {
        string dir = TempDirs.Create("gateway-rules-e2e-");
        string rules = Path.Combine(dir, "bad.rules");
        File.WriteAllText(rules, "forbid 0900\n");
        var stderr = new StringWriter();

        int code = Program.Run(["rules", "push", rules, "--box", "box-1", "--broker", "mqtt://127.0.0.1:1"], TextReader.Null, TextWriter.Null, stderr);

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr.ToString(), "line 1: unknown action 'forbid'");
    }
}
