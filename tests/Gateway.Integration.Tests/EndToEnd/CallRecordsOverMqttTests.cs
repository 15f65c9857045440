using System.Diagnostics;
using System.Text.Json;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>`gateway simulate` as a box process publishing to a real Mosquitto, with a
/// mosquitto_sub backend: completeness, order, schema, and nothing lost across broker restarts and
/// box crashes.</summary>
[TestClass]
public class CallRecordsOverMqttTests
{
    const string Box = "box-1";
    const string CallsTopic = "gateway/" + Box + "/calls";
    const string CallSchema = "call-record.schema.json";
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    public TestContext TestContext { get; set; } = null!;

    static string Temp(string what) => TempDirs.Create("gateway-e2e-" + what + "-");

    static string[] BoxArgs(Mosquitto broker, string scenario, string journal, params string[] more) =>
        ["simulate", scenario, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--box", Box, "--journal", journal, .. more];

    /// <summary>Call records the backend got, by seq, after checking that duplicates (same key
    /// (box, epoch, seq)) are identical and that one journal gives one epoch throughout.</summary>
    static SortedDictionary<long, string> BySeq(Subscriber.Message[] messages, out int duplicates)
    {
        var bySeq = new SortedDictionary<long, string>();
        duplicates = 0;
        string? epoch = null;
        foreach (Subscriber.Message m in messages.Where(m => m.Topic == CallsTopic))
        {
            long seq = Seq(m.Payload);
            using (JsonDocument doc = JsonDocument.Parse(m.Payload))
            {
                string e = doc.RootElement.GetProperty("epoch").GetString()!;
                Assert.AreEqual(epoch ??= e, e, $"seq {seq}: one journal, one epoch");
            }
            if (bySeq.TryGetValue(seq, out string? earlier))
            {
                Assert.AreEqual(earlier, m.Payload, $"two different records carry seq {seq}");
                duplicates++;
            }
            else
                bySeq[seq] = m.Payload;
        }
        return bySeq;
    }

    static long Seq(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("seq").GetInt64();
    }

    static string Digits(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("digits").GetString()!;
    }

    static int DistinctCalls(Subscriber.Message[] messages) =>
        messages.Where(m => m.Topic == CallsTopic).Select(m => Seq(m.Payload)).Distinct().Count();

    static void AssertContiguousFromOne(SortedDictionary<long, string> bySeq, long through)
    {
        Assert.AreEqual(through, bySeq.Count, $"records by seq: expected 1..{through}, got {bySeq.Count} distinct (first missing: {FirstMissing(bySeq)})");
        Assert.AreEqual(1, bySeq.Keys.First());
        Assert.AreEqual(through, bySeq.Keys.Last());
    }

    static long FirstMissing(SortedDictionary<long, string> bySeq)
    {
        long expected = 1;
        foreach (long s in bySeq.Keys)
        {
            if (s != expected)
                return expected;
            expected++;
        }
        return expected;
    }

    [TestMethod]
    public void A_paced_box_publishes_while_a_call_lasts_and_the_record_when_it_ends()
    {
        // --speed paces the scenario between steps, outside the box's lock: a pace taken inside it
        // (in the record sink) stalled the link's Tick, so a call's live events and everything else
        // waited until the pacing of its record was over.
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [CallsTopic, "gateway/" + Box + "/events", "gateway/" + Box + "/status"]);
        string dir = Temp("scenario");
        string scenario = Path.Combine(dir, "long-call.scenario");
        File.WriteAllText(scenario, "1000 hook off\n1500 dtmf 6 90\n12000 hook on\n");
        using var box = BoxProcess.Start(BoxArgs(broker, scenario, Temp("journal"), "--speed", "1", "--linger", "5"));
        backend.WaitFor(m => m.Any(x => x.Topic == "gateway/" + Box + "/status" && x.Payload.Contains("\"online\":true")), Generous, "the box online");
        var clock = Stopwatch.StartNew();
        backend.WaitFor(m => m.Any(x => x.Topic == "gateway/" + Box + "/events" && x.Payload.Contains("\"offHook\"")), Generous, "the offHook event");
        TimeSpan offHook = clock.Elapsed;
        backend.WaitFor(m => m.Any(x => x.Topic == CallsTopic), Generous, "the call record");
        TimeSpan record = clock.Elapsed;
        Assert.IsTrue(offHook < TimeSpan.FromSeconds(6), $"offHook published {offHook.TotalSeconds:0.0} s after online (the call starts 1 s into the scenario)");
        Assert.IsTrue(record - offHook > TimeSpan.FromSeconds(6), $"the record came {(record - offHook).TotalSeconds:0.0} s after offHook (the call lasts 11 s)");
    }

    [TestMethod]
    public void A_thousand_calls_arrive_complete_in_order_and_schema_valid()
    {
        const int calls = 1000;
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [CallsTopic, "gateway/probe/ready"]);
        Transport.MqttNetTransportTests.WaitSubscribed(broker, backend).GetAwaiter().GetResult();
        string scenario = Scenarios.OutgoingCalls(Temp("scenario"), calls);

        using var box = BoxProcess.Start(BoxArgs(broker, scenario, Temp("journal")));
        Assert.AreEqual(0, box.WaitForExit(Generous), box.Stderr);

        Subscriber.Message[] got = backend.WaitFor(m => DistinctCalls(m) >= calls, Generous, $"{calls} call records");
        Subscriber.Message[] records = got.Where(m => m.Topic == CallsTopic).ToArray();
        Assert.AreEqual(calls, records.Length, "no duplicates without a disconnect");
        for (int i = 0; i < calls; i++)
        {
            Assert.AreEqual(i + 1, Seq(records[i].Payload), "records arrive in seq order");
            Assert.AreEqual(Scenarios.Number(i + 1), Digits(records[i].Payload), $"record {i + 1} is call {i + 1}");
            string? problems = Schemas.Problems(CallSchema, records[i].Payload);
            Assert.IsNull(problems, $"record {i + 1} against docs/schemas/{CallSchema}: {problems}\n{records[i].Payload}");
        }
        CollectionAssert.AreEqual(records.Select(r => r.Payload).ToArray(), box.Stdout, "stdout shows the same records as the broker");
    }

    [TestMethod]
    public void A_broker_restart_mid_run_loses_no_record()
    {
        const int calls = 400;
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [CallsTopic, "gateway/probe/ready"]);
        Transport.MqttNetTransportTests.WaitSubscribed(broker, backend).GetAwaiter().GetResult();
        string scenario = Scenarios.OutgoingCalls(Temp("scenario"), calls);

        // 400 calls x 20 s at 1000x: about 8 s of wall time, so the restart falls mid-run.
        using var box = BoxProcess.Start(BoxArgs(broker, scenario, Temp("journal"), "--speed", "1000"));
        backend.WaitFor(m => DistinctCalls(m) >= 60, Generous, "the first 60 records");
        broker.Restart();
        int exit = box.WaitForExit(Generous);

        Assert.AreEqual(0, exit, box.Stderr);
        StringAssert.Contains(box.Stderr, "connection to mqtt://127.0.0.1:" + broker.Port + " lost", "the box noticed the restart");
        Subscriber.Message[] got = backend.WaitFor(m => DistinctCalls(m) >= calls, Generous, $"all {calls} records after the restart");
        SortedDictionary<long, string> bySeq = BySeq(got, out int duplicates);
        AssertContiguousFromOne(bySeq, calls);
        for (int i = 1; i <= calls; i++)
            Assert.AreEqual(Scenarios.Number(i), Digits(bySeq[i]));
        TestContext.WriteLine($"duplicates after the restart (QoS 1 resends, removed by seq): {duplicates}");
    }

    [TestMethod]
    public void A_box_killed_mid_run_resumes_from_its_journal_and_loses_no_record()
    {
        const int calls = 400;
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", [CallsTopic, "gateway/probe/ready"]);
        Transport.MqttNetTransportTests.WaitSubscribed(broker, backend).GetAwaiter().GetResult();
        string dir = Temp("scenario");
        string journal = Temp("journal");

        string[] printedBeforeKill;
        using (var first = BoxProcess.Start(BoxArgs(broker, Scenarios.OutgoingCalls(dir, calls), journal, "--speed", "1000")))
        {
            first.WaitForStdoutLines(80, Generous);
            first.Kill();
            printedBeforeKill = first.Stdout;
        }
        long lastBeforeKill = printedBeforeKill.Select(Seq).Max();

        // The box comes back with the same journal and a short day: what was queued goes out first.
        using var second = BoxProcess.Start(BoxArgs(broker, Scenarios.OutgoingCalls(Temp("scenario2"), 3), journal));
        Assert.AreEqual(0, second.WaitForExit(Generous), second.Stderr);
        long[] secondSeqs = second.Stdout.Select(Seq).ToArray();
        Assert.AreEqual(3, secondSeqs.Length);
        Assert.IsTrue(secondSeqs[0] > lastBeforeKill, $"seq continues after the journal's last ({lastBeforeKill}), got {secondSeqs[0]}");
        long through = secondSeqs[^1];

        // Oldest first: once the last record is in, every earlier one is. The restart skips the
        // seqs the journal had reserved but not used (docs/journal-and-flash.md): a gap, no loss.
        Subscriber.Message[] got = backend.WaitFor(m => m.Any(x => x.Topic == CallsTopic && Seq(x.Payload) == through), Generous, $"records through {through}");
        SortedDictionary<long, string> bySeq = BySeq(got, out int duplicates);
        long firstRun = bySeq.Keys.Where(s => s < secondSeqs[0]).Max();
        Assert.IsTrue(firstRun >= lastBeforeKill, $"the first run's records through {lastBeforeKill} arrived");
        AssertContiguousFromOne(new SortedDictionary<long, string>(bySeq.Where(kv => kv.Key <= firstRun).ToDictionary(kv => kv.Key, kv => kv.Value)), firstRun);
        CollectionAssert.AreEqual(secondSeqs, bySeq.Keys.Where(s => s > firstRun).ToArray(), "then the second run's records");
        Assert.IsTrue(secondSeqs[0] - firstRun <= 16, $"at most a reserved block skipped: {firstRun} then {secondSeqs[0]}");
        foreach (string printed in printedBeforeKill)
            Assert.AreEqual(printed, bySeq[Seq(printed)], "a record the box printed before the kill arrived unchanged");
        TestContext.WriteLine($"killed after printing {printedBeforeKill.Length} records (seq {lastBeforeKill}); duplicates: {duplicates}");
    }
}
