using System.Data.Common;
using Gateway.Cli.Collect;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Collect;

/// <summary>One collector (in-process) against a real Mosquitto: what it stores of messages that
/// arrived while it was away, duplicates, malformed messages and a box's status history.</summary>
[TestClass]
public class CollectorSessionTests
{
    static string Call(string box, string epoch, long seq, string digits) =>
        $"{{\"seq\":{seq},\"box\":\"{box}\",\"epoch\":\"{epoch}\",\"hw\":\"24:0a:c4:00:00:01\",\"line\":\"1\",\"direction\":\"outgoing\",\"digits\":\"{digits}\",\"dial\":\"dtmf\"," +
        "\"start\":\"2026-11-30T09:00:00.000Z\",\"end\":\"2026-11-30T09:01:00.000Z\",\"durationMs\":60000,\"outcome\":\"completed\"," +
        "\"rule\":null,\"blockedAtDigit\":null,\"flashes\":0,\"emergency\":false,\"clockSynced\":true}";

    static async Task Collect(Mosquitto broker, string db, Func<string, bool> until)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var log = new StringWriter();
        TextWriter synchronised = TextWriter.Synchronized(log);
        var collector = new Collector(broker.Options, "gateway", "collect-test", null, () => CollectorStore.OpenSqlite(db), synchronised);
        Task<int> run = collector.RunAsync(cancel.Token);
        while (!until(Snapshot(synchronised, log)) && !cancel.IsCancellationRequested)
            await Task.Delay(50); // rows appearing in a database: nothing to await
        cancel.Cancel();
        Assert.AreEqual(0, await run, log.ToString());
        StringAssert.Contains(log.ToString(), "collect: stopped;");
    }

    /// <summary>The log so far: TextWriter.Synchronized locks the wrapper for each write.</summary>
    static string Snapshot(TextWriter synchronised, StringWriter log)
    {
        lock (synchronised)
            return log.ToString();
    }

    static long Count(string db, string sql)
    {
        using CollectorStore store = CollectorStore.OpenSqlite(db);
        try
        {
            return Convert.ToInt64(store.Scalar(null, sql));
        }
        catch (DbException)
        {
            return -1;
        }
    }

    [TestMethod]
    public async Task What_arrived_while_the_collector_was_away_is_stored_once_and_malformed_messages_are_kept_with_the_reason()
    {
        using Mosquitto broker = Mosquitto.Start();
        string db = Path.Combine(TempDirs.Create("gateway-collect-session-"), "calls.db");
        // First run: the session (and its subscriptions) exist from now on.
        await Collect(broker, db, log => log.Contains("collect: connected", StringComparison.Ordinal));

        await using (TestClient box = await TestClient.ConnectAsync(broker.Options, "office-3f"))
        {
            await box.PublishAsync("gateway/office-3f/status", "{\"online\":true,\"fault\":null,\"queue\":0}");
            await box.PublishAsync("gateway/office-3f/calls", Call("office-3f", "00000000000000a1", 1, "0301"));
            await box.PublishAsync("gateway/office-3f/calls", Call("office-3f", "00000000000000a1", 1, "0301")); // QoS 1 resend
            await box.PublishAsync("gateway/office-3f/calls", Call("office-3f", "00000000000000a1", 2, "0302"));
            // Reflashed: a new epoch, seq from 1 again, a different call.
            await box.PublishAsync("gateway/office-3f/calls", Call("office-3f", "00000000000000b2", 1, "0303"));
            // The same key from a box without epoch support, twice with different content.
            await box.PublishAsync("gateway/old-box/calls", Call("old-box", "", 7, "0304").Replace(",\"epoch\":\"\"", ""));
            await box.PublishAsync("gateway/old-box/calls", Call("old-box", "", 7, "0305").Replace(",\"epoch\":\"\"", ""));
            await box.PublishAsync("gateway/office-3f/calls", "{\"seq\":3,");
            await box.PublishAsync("gateway/office-3f/calls", "{\"seq\":4,\"box\":\"office-3f\"}");
            await box.PublishAsync("gateway/office-3f/status", "{\"online\":true,\"fault\":\"storage: write failed\",\"queue\":0}");
            await box.PublishAsync("gateway/office-3f/status", "{\"online\":false,\"connectedAt\":null}");
        }

        // Second run, same client id: the broker delivers what it queued meanwhile.
        await Collect(broker, db, _ => Count(db, "SELECT COUNT(*) FROM rejected") == 2 && Count(db, "SELECT COUNT(*) FROM status_changes") == 3);

        Assert.AreEqual(4, Count(db, "SELECT COUNT(*) FROM calls"), "a1/1, a1/2, b2/1 and old-box ''/7");
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM calls WHERE box = 'office-3f' AND epoch = '00000000000000b2' AND seq = 1 AND digits = '0303'"));
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM calls WHERE box = 'old-box' AND epoch = '' AND seq = 7 AND digits = '0304'"));
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM calls WHERE hw = '24:0a:c4:00:00:01' AND seq = 2"));
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM call_conflicts WHERE box = 'old-box' AND seq = 7"), "the second old-box call is kept, once");
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM rejected WHERE reason LIKE 'not JSON:%'"));
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM rejected WHERE reason = '''line'' is missing or not a string'"));
        Assert.AreEqual(3, Count(db, "SELECT COUNT(*) FROM status_changes WHERE box = 'office-3f'"), "online, fault, offline");
        Assert.AreEqual(1, Count(db, "SELECT COUNT(*) FROM box_status WHERE box = 'office-3f' AND online = 0"));
    }
}
