using System.Data.Common;
using System.Diagnostics;
using Gateway.Cli.Collect;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Collect;

/// <summary>`gateway collect` processes against a real Mosquitto and a real database (PostgreSQL,
/// SQLite), with `gateway simulate` boxes: two collectors share the load; a collector, the broker
/// and the database are each killed and restarted mid-run; a box is reflashed (fresh journal)
/// mid-run. Every record a box produced must be stored exactly once.</summary>
[TestClass]
public class CollectorFleetTests
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Two_collectors_on_postgresql_store_every_record_once_through_a_collector_broker_and_database_crash_and_a_reflash()
    {
        using Postgres pg = Postgres.StartOrSkip();
        string cs = pg.ConnectionString;
        RunFleet(["--postgres", cs], () => CollectorStore.OpenPostgres(cs), crashDatabase: (collectors) =>
        {
            pg.Crash();
            // Until the collectors have noticed, the test is not exercising what it claims.
            WaitUntil(() => collectors.Any(c => c.Stderr.Contains("reopening", StringComparison.Ordinal)
                || c.Stderr.Contains("cannot open the database", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
                "a collector to notice the database crash", collectors);
            pg.Start();
        });
    }

    [TestMethod]
    public void Two_collectors_on_one_sqlite_file_store_every_record_once_through_a_collector_and_broker_restart_and_a_reflash()
    {
        string db = Path.Combine(TempDirs.Create("gateway-collect-sqlite-"), "calls.db");
        RunFleet(["--db", db], () => CollectorStore.OpenSqlite(db), crashDatabase: null);
    }

    void RunFleet(string[] storeArgs, Func<CollectorStore> open, Action<BoxProcess[]>? crashDatabase)
    {
        using Mosquitto broker = Mosquitto.Start();
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        string dir = TempDirs.Create("gateway-collect-fleet-");
        string longRun = Scenarios.OutgoingCalls(dir, 80);
        string shortRun = Path.Combine(dir, "short.scenario");
        File.Copy(Scenarios.OutgoingCalls(TempDirs.Create("gateway-collect-short-"), 30), shortRun);

        BoxProcess Collector(string id) => BoxProcess.Start(["collect", "--broker", url, "--client-id", id, "--group", "fleet", .. storeArgs]);
        BoxProcess Box(string box, string scenario, string journal, string speed, string start = "2026-01-01T00:00:00Z") =>
            BoxProcess.Start("simulate", scenario, "--broker", url, "--box", box, "--line", "1", "--journal", journal, "--speed", speed, "--start", start);

        var collectors = new List<BoxProcess> { Collector("collect-a"), Collector("collect-b") };
        var boxes = new List<BoxProcess>();
        try
        {
            foreach (BoxProcess c in collectors)
                WaitUntil(() => c.Stderr.Contains("collect: connected", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "a collector to connect", [c]);
            BoxProcess a = Box("office-a", longRun, Path.Combine(dir, "journal-a"), "60");
            BoxProcess b = Box("office-b", shortRun, Path.Combine(dir, "journal-b1"), "150");
            boxes.AddRange([a, b]);
            BoxProcess[] All() => [.. collectors, .. boxes];

            // A collector killed (SIGKILL: no clean disconnect, a batch maybe stored but not acknowledged).
            WaitUntil(() => Stored(open) >= 10, Generous, "10 records stored", All());
            collectors[0].Kill();
            WaitUntil(() => Stored(open) >= 20, Generous, "20 records stored with one collector down", All());
            collectors.Add(Collector("collect-a"));

            // office-b reflashed: its journal starts empty (seq from 1 again) while the fleet runs; its
            // calls are new ones (a later day), not copies of the first run's.
            Assert.AreEqual(0, b.WaitForExit(Generous), "office-b's first run drained\n" + b.Stderr);
            BoxProcess b2 = Box("office-b", shortRun, Path.Combine(dir, "journal-b2"), "150", "2026-01-02T00:00:00Z");
            boxes.Add(b2);

            // The broker restarted (its persistence keeps the collectors' sessions and queues).
            WaitUntil(() => Stored(open) >= 50, Generous, "50 records stored", All());
            broker.Restart();

            if (crashDatabase != null)
            {
                WaitUntil(() => Stored(open) >= 70, Generous, "70 records stored", All());
                crashDatabase([.. collectors]);
            }

            Assert.AreEqual(0, a.WaitForExit(Generous), "office-a drained\n" + a.Stderr);
            Assert.AreEqual(0, b2.WaitForExit(Generous), "office-b (reflashed) drained\n" + b2.Stderr);

            // What the boxes produced: every record each printed (and the broker acknowledged).
            var produced = boxes.SelectMany(x => x.Stdout).Where(l => l.StartsWith('{')).ToList();
            Assert.AreEqual(80 + 30 + 30, produced.Count, "records the boxes produced");
            WaitUntil(() => Stored(open) >= produced.Count, Generous, $"all {produced.Count} records stored", All());

            (List<string> calls, List<string> conflicts) = Payloads(open);
            bool withEpoch = produced.All(p => p.Contains("\"epoch\":", StringComparison.Ordinal));
            if (withEpoch)
                Assert.AreEqual(0, conflicts.Count, "with an epoch a reflash makes no key conflicts");
            var storedAll = calls.Concat(conflicts).ToList();
            var missing = produced.Except(storedAll).ToList();
            var extra = storedAll.Except(produced).ToList();
            Assert.AreEqual(0, missing.Count, "missing:\n" + string.Join("\n", missing.Take(5)));
            Assert.AreEqual(0, extra.Count, "never produced:\n" + string.Join("\n", extra.Take(5)));
            Assert.AreEqual(produced.Count, storedAll.Count, "each record stored once");
            Assert.AreEqual(produced.Distinct().Count(), storedAll.Distinct().Count());
            foreach (BoxProcess c in collectors.Where(c => !c.HasExited))
                StringAssert.DoesNotMatch(c.Stderr, new System.Text.RegularExpressions.Regex("Unhandled exception"));
            TestContext.WriteLine($"stored {calls.Count} calls and {conflicts.Count} key conflicts (records without epoch) of {produced.Count} produced");
        }
        finally
        {
            foreach (BoxProcess p in boxes.Concat(collectors))
            {
                TestContext.WriteLine($"--- process stderr:\n{p.Stderr}");
                p.Dispose();
            }
        }
    }

    static string? lastStoredError;

    static long Stored(Func<CollectorStore> open)
    {
        try
        {
            using CollectorStore store = open();
            return Convert.ToInt64(store.Scalar(null, "SELECT (SELECT COUNT(*) FROM calls) + (SELECT COUNT(*) FROM call_conflicts)"));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or IOException)
        {
            lastStoredError = e.Message;
            return 0; // not created yet, or the database is down right now
        }
    }

    static (List<string> Calls, List<string> Conflicts) Payloads(Func<CollectorStore> open)
    {
        using CollectorStore store = open();
        var calls = new List<string>();
        using (DbDataReader r = store.Query("SELECT payload FROM calls"))
            while (r.Read())
                calls.Add(r.GetString(0));
        var conflicts = new List<string>();
        using (DbDataReader r = store.Query("SELECT payload FROM call_conflicts"))
            while (r.Read())
                conflicts.Add(r.GetString(0));
        return (calls, conflicts);
    }

    /// <summary>Polls a condition that no event announces (rows in another process's database), bounded.</summary>
    static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, BoxProcess[] processes)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                Assert.Fail($"timed out waiting for {what} (last database error: {lastStoredError}); stderr:\n" + string.Join("\n---\n", processes.Select(p => p.Stderr)));
            Thread.Sleep(100);
        }
    }
}
