using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>The cn-geocoding set (130,147 prefixes, far over one message) pushed with `gateway rules
/// push` as a staged transfer to a simulated box through a real Mosquitto that is restarted
/// mid-transfer, and to a box process killed mid-transfer and started again: it ends applied, and
/// every call record made meanwhile reaches the broker.</summary>
/// <remarks>The simulator paces its scenario at each call record, so in wall time its line is idle
/// only once the scenario has played: the staged set, complete earlier, is applied then (between
/// calls, never during one), while the box lingers.</remarks>
[TestClass]
public class StagedRuleTransferTests
{
    const string Box = "box-cn";
    const string RulesState = "gateway/" + Box + "/rules/state";
    const string Calls = "gateway/" + Box + "/calls";
    const string Status = "gateway/" + Box + "/status";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Rule text blocking every cn-geocoding prefix (as the benchmarks and BoxRun use it).</summary>
    static string CnRules(string dir)
    {
        string data = Path.Combine(Repo.Root, "tests", "data", "prefixes", "cn-geocoding.txt");
        var sb = new StringBuilder();
        foreach (string line in File.ReadLines(data))
            if (line.Length > 0)
                sb.Append("block ").Append(line.Split('\t')[0]).Append('\n');
        string path = Path.Combine(dir, "cn.rules");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    static JsonElement Json(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    static int Received(Subscriber.Message[] m) => m.Where(x => x.Topic == RulesState && x.Payload.Contains("\"result\":\"receiving\""))
        .Select(x => Json(x.Payload).GetProperty("received").GetInt32()).DefaultIfEmpty(0).Max();

    static string[] BoxArgs(Mosquitto broker, string scenario, string journal) =>
        ["simulate", scenario, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", Box, "--journal", journal,
         "--max-set-bytes", "60000", "--speed", "20", "--linger", "600"];

    static Task<(int Code, string Out, string Err)> Push(Mosquitto broker, string rules) => Task.Run(() =>
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["rules", "push", rules, "--box", Box, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--version", "cn-1",
            "--max-set-bytes", "60000", "--chunk-size", "256", "--timeout", "60"], TextReader.Null, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    });

    static long Seq(string json) => Json(json).GetProperty("seq").GetInt64();

    /// <summary>Every call record the box printed reached the broker, byte for byte (one journal: one
    /// epoch; a restart skips the seqs the journal had reserved, so gaps are no loss).</summary>
    static void AssertRecordsIntact(Subscriber backend, string[] printed)
    {
        long[] seqs = printed.Select(Seq).Distinct().ToArray();
        Subscriber.Message[] got = backend.WaitFor(m => seqs.All(s => m.Any(x => x.Topic == Calls && Seq(x.Payload) == s)), Wait, $"the {seqs.Length} records printed");
        var bySeq = new Dictionary<long, string>();
        foreach (Subscriber.Message m in got.Where(x => x.Topic == Calls))
            bySeq[Seq(m.Payload)] = m.Payload;
        Assert.AreEqual(1, bySeq.Values.Select(v => Json(v).GetProperty("epoch").GetString()).Distinct().Count(), "one journal, one epoch");
        foreach (string p in printed)
            Assert.AreEqual(p, bySeq[Seq(p)], "a record the box printed arrived unchanged");
    }

    [TestMethod]
    public async Task A_broker_restart_mid_transfer_ends_with_the_set_applied()
    {
        string dir = TempDirs.Create("gateway-staged-");
        string rules = CnRules(dir);
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [RulesState, Calls, Status]);
        using var box = BoxProcess.Start(BoxArgs(broker, RuleScenarios.Alternating(dir, 12), Path.Combine(dir, "journal")));
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"online\":true")), Wait, "the box online");

        var clock = Stopwatch.StartNew();
        var push = Push(broker, rules);
        backend.WaitFor(m => Received(m) >= 40, Wait, "40 chunks on the box");
        broker.Restart();
        var (code, stdout, stderr) = await push.WaitAsync(Wait);
        TestContext.WriteLine($"pushed with a broker restart in {clock.Elapsed.TotalSeconds:0.0} s\n{stderr}");

        Assert.AreEqual(0, code, stderr);
        JsonElement applied = Json(stdout.Trim());
        // When the box applies the set just before the restart, the broker hands it the retained
        // manifest again on reconnecting, and its answer is then "unchanged" for the version in force.
        string result = applied.GetProperty("result").GetString()!;
        Assert.IsTrue(result == "applied" || result == "unchanged", stdout);
        Assert.AreEqual("cn-1", applied.GetProperty("version").GetString());
        StringAssert.Contains(stderr, "232 chunks of 256");
        backend.WaitFor(m => m.Any(x => x.Topic == RulesState && x.Payload.Contains("\"result\":\"applied\"") && x.Payload.Contains("\"version\":\"cn-1\"")),
            Wait, "the box's answer applied for cn-1");
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"rules\":\"cn-1\"")), Wait, "status naming cn-1");
        box.WaitForStdoutLines(10, Wait);
        AssertRecordsIntact(backend, box.Stdout);
        foreach (Subscriber.Message answer in backend.Messages.Where(m => m.Topic == RulesState))
            Assert.IsNull(Schemas.Problems("rules-state.schema.json", answer.Payload), answer.Payload);
    }

    [TestMethod]
    public async Task A_box_killed_mid_transfer_resumes_from_flash_and_ends_applied()
    {
        string dir = TempDirs.Create("gateway-staged-");
        string rules = CnRules(dir);
        string journal = Path.Combine(dir, "journal");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [RulesState, Calls, Status]);
        string[] printedBeforeKill;
        // The first box gets the manifest and 60 of the 232 chunks, from a sender that then stops
        // (a push that died): it cannot finish before it is killed, however fast it is.
        byte[] image = RuleImage.Write(RulesFiles.Load(rules, null).Trie);
        var manifest = RuleManifest.ForImage(image, "cn-1", 256, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var staged = new RulesPushCommand.StagedSet(manifest, image);
        using (var first = BoxProcess.Start(BoxArgs(broker, RuleScenarios.Alternating(dir, 12), journal)))
        {
            backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"online\":true")), Wait, "the box online");
            await using (var sender = await TestClient.ConnectAsync(broker.Options, "sender"))
            {
                await sender.PublishAsync("gateway/" + Box + "/rules/set", RulesPushCommand.EncodeManifest(manifest), retain: true);
                for (int i = 0; i < 60; i++)
                    await sender.PublishAsync("gateway/" + Box + "/rules/chunk", staged.Chunk(i));
            }
            backend.WaitFor(m => Received(m) >= 40, Wait, "40 chunks on the box");
            first.Kill();
            printedBeforeKill = first.Stdout;
        }
        int before = Received(backend.Messages);
        Directory.CreateDirectory(Path.Combine(dir, "second"));
        using var second = BoxProcess.Start(BoxArgs(broker, RuleScenarios.Alternating(Path.Combine(dir, "second"), 6), journal));
        second.WaitForStderr(s => s.Contains("staged transfer of cn-1 resumes:"), Wait);
        // `gateway rules push` of the same file finds the manifest retained and continues that transfer.
        var (code, stdout, stderr) = await Push(broker, rules).WaitAsync(Wait);
        TestContext.WriteLine($"box killed with {before} chunks; push:\n{stderr}\nsecond box:\n{second.Stderr}");

        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual("applied", Json(stdout.Trim()).GetProperty("result").GetString(), stdout);
        StringAssert.Contains(stderr, "from an earlier push (issued " + manifest.IssuedMs + "): the transfer resumes");
        Assert.IsTrue(before >= 40 && before <= 60, "chunks on the first box: " + before);
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"rules\":\"cn-1\"")), Wait, "status naming cn-1");
        second.WaitForStdoutLines(5, Wait);
        AssertRecordsIntact(backend, printedBeforeKill.Concat(second.Stdout).ToArray());
    }

    /// <summary>The rules/set messages retained on the broker now (a fresh subscriber gets them before the probe).</summary>
    static async Task<string[]> RetainedRulesSet(Mosquitto broker)
    {
        using var fresh = Subscriber.Start(broker, "retained-" + Guid.NewGuid().ToString("N")[..8], ["gateway/" + Box + "/rules/set", "gateway/probe/ready"]);
        await Transport.MqttNetTransportTests.WaitSubscribed(broker, fresh);
        return fresh.Messages.Where(m => m.Topic == "gateway/" + Box + "/rules/set").Select(m => m.Payload).ToArray();
    }

    [TestMethod]
    public async Task A_refused_push_leaves_the_set_in_force_retained_or_nothing()
    {
        string dir = TempDirs.Create("gateway-staged-");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [Status]);
        using var box = BoxProcess.Start(BoxArgs(broker, RuleScenarios.Alternating(dir, 2), Path.Combine(dir, "journal")));
        backend.WaitFor(m => m.Any(x => x.Topic == Status && x.Payload.Contains("\"online\":true")), Wait, "the box online");
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        string bad = Path.Combine(dir, "bad.rules");
        File.WriteAllText(bad, "block 112\n");
        string good = Path.Combine(dir, "good.rules");
        File.WriteAllText(good, "block 0900\n");

        // Refused with nothing retained before: the retained message is deleted.
        var stderr = new StringWriter();
        Assert.AreEqual(1, Program.Run(["rules", "push", bad, "--box", Box, "--broker", url, "--version", "bad-1", "--timeout", "30"], TextReader.Null, TextWriter.Null, stderr), stderr.ToString());
        StringAssert.Contains(stderr.ToString(), "cleared the retained gateway/" + Box + "/rules/set");
        CollectionAssert.AreEqual(Array.Empty<string>(), await RetainedRulesSet(broker));

        // Refused after a set was applied: that set is retained again, not the refused one.
        Assert.AreEqual(0, Program.Run(["rules", "push", good, "--box", Box, "--broker", url, "--version", "good-1", "--timeout", "30"], TextReader.Null, TextWriter.Null, stderr), stderr.ToString());
        stderr = new StringWriter();
        Assert.AreEqual(1, Program.Run(["rules", "push", bad, "--box", Box, "--broker", url, "--version", "bad-2", "--timeout", "30"], TextReader.Null, TextWriter.Null, stderr), stderr.ToString());
        StringAssert.Contains(stderr.ToString(), "holds good-1 again (retained), the set in force");
        string[] retained = await RetainedRulesSet(broker);
        Assert.AreEqual(1, retained.Length);
        Assert.AreEqual("good-1", Json(retained[0]).GetProperty("version").GetString());
    }
}
