using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Cli.Collect;

/// <summary>The collector's database: SQLite (a file, zero setup) or PostgreSQL (a connection
/// string), the same tables in both (Collect/Migrations/*.sql), written one batch per transaction.</summary>
/// <remarks>
/// A call record is inserted with <c>ON CONFLICT DO NOTHING</c> on its key (box, epoch, seq), so a
/// message delivered twice (QoS 1, a restart before the acknowledgement) is stored once, whichever
/// collector gets it. <see cref="Store"/> returns only after the transaction is committed: the
/// caller acknowledges the messages to the broker after that, never before.
/// </remarks>
public abstract class CollectorStore : IDisposable
{
    protected DbConnection Connection { get; }

    protected CollectorStore(DbConnection connection) => Connection = connection;

    /// <summary>What the user named: "sqlite FILE" or "postgresql HOST/DB" (no password).</summary>
    public abstract string Description { get; }

    /// <summary>Opens the SQLite file (created when missing unless <paramref name="mustExist"/>).</summary>
    public static CollectorStore OpenSqlite(string file, bool mustExist = false)
    {
        if (mustExist && !File.Exists(file))
            throw new UsageException($"--db: no database at {file} (run `gateway collect --db {file}` first)");
        return new SqliteStore(file);
    }

    /// <summary>Opens a PostgreSQL database from an Npgsql connection string.</summary>
    public static CollectorStore OpenPostgres(string connectionString) => new PostgresStore(connectionString);

    /// <summary>The migrations shipped in the assembly, by version (the number that starts the file name).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations()
    {
        var assembly = typeof(CollectorStore).Assembly;
        const string prefix = "Gateway.Cli.Collect.Migrations.";
        var list = new List<(int, string, string)>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string name = resource[prefix.Length..];
            int version = int.Parse(name[..name.IndexOf('_')], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            list.Add((version, name, reader.ReadToEnd()));
        }
        return list;
    }

    /// <summary>Applies the migrations the database lacks, in order, each recorded in schema_version,
    /// all in one transaction (several collectors starting together apply them once). Returns the
    /// versions applied.</summary>
    public IReadOnlyList<int> Migrate()
    {
        var applied = new List<int>();
        using DbTransaction tx = BeginMigration();
        Execute(tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        long current = Scalar(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version") is object v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
        var migrations = Migrations();
        int newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > newest)
            throw new InvalidOperationException($"{Description} has schema version {current}, newer than this gateway knows ({newest}): use a newer gateway");
        foreach ((int version, string name, string sql) in migrations)
        {
            if (version <= current)
                continue;
            Execute(tx, sql);
            Execute(tx, "INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, @t)",
                ("v", version), ("n", name), ("t", Iso(DateTime.UtcNow)));
            applied.Add(version);
        }
        tx.Commit();
        return applied;
    }

    /// <summary>The schema version the database is at (0 when empty).</summary>
    public long SchemaVersion()
    {
        try
        {
            return Convert.ToInt64(Scalar(null, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return 0;
        }
    }

    /// <summary>A transaction in which no other collector can migrate at the same time.</summary>
    protected abstract DbTransaction BeginMigration();

    /// <summary>Stores a batch in one transaction; returns when it is committed.</summary>
    public StoreCounts Store(IReadOnlyList<CollectedMessage> batch, DateTime receivedUtc)
    {
        var counts = new StoreCounts();
        string received = Iso(receivedUtc);
        using DbTransaction tx = Connection.BeginTransaction();
        foreach (CollectedMessage m in batch)
        {
            switch (m)
            {
                case CallRow c:
                    StoreCall(tx, c, received, counts);
                    break;
                case StatusRow s:
                    StoreStatus(tx, s, received);
                    counts.Statuses++;
                    break;
                case EventRow e:
                    Execute(tx, "INSERT INTO events (box, line, event, time, uptime_ms, payload, received_at) VALUES (@b, @l, @e, @t, @u, @p, @r)",
                        ("b", e.Box), ("l", e.Line), ("e", e.Event), ("t", e.Time), ("u", e.UptimeMs), ("p", e.Payload), ("r", received));
                    counts.Events++;
                    break;
                case Rejected r:
                    Reject(tx, r.Topic, r.Payload, r.Reason, received);
                    counts.Rejected++;
                    break;
            }
        }
        tx.Commit();
        return counts;
    }

    void StoreCall(DbTransaction tx, CallRow c, string received, StoreCounts counts)
    {
        int inserted = Execute(tx,
            "INSERT INTO calls (box, epoch, seq, line, direction, digits, dial, start_time, end_time, duration_ms, outcome, rule, " +
            "blocked_at_digit, flashes, emergency, clock_synced, hw, payload, received_at) VALUES " +
            "(@box, @epoch, @seq, @line, @direction, @digits, @dial, @start, @end, @duration, @outcome, @rule, @blocked, @flashes, " +
            "@emergency, @synced, @hw, @payload, @received) ON CONFLICT (box, epoch, seq) DO NOTHING",
            ("box", c.Box), ("epoch", c.Epoch), ("seq", c.Seq), ("line", c.Line), ("direction", c.Direction), ("digits", c.Digits),
            ("dial", c.Dial), ("start", c.Start), ("end", c.End), ("duration", c.DurationMs), ("outcome", c.Outcome), ("rule", c.Rule),
            ("blocked", c.BlockedAtDigit), ("flashes", c.Flashes), ("emergency", c.Emergency), ("synced", c.ClockSynced), ("hw", c.Hw),
            ("payload", c.Payload), ("received", received));
        if (inserted == 1)
        {
            counts.Calls++;
            return;
        }
        // A resend carries the same bytes; a different record under the same key is a second call
        // the key cannot tell apart (a box reflashed before it sent an epoch): kept, once.
        object? stored = Scalar(tx, "SELECT payload FROM calls WHERE box = @b AND epoch = @e AND seq = @s", ("b", c.Box), ("e", c.Epoch), ("s", c.Seq));
        if (stored is string s && s != c.Payload)
        {
            counts.Conflicts += Execute(tx, "INSERT INTO call_conflicts (box, epoch, seq, payload, received_at) VALUES (@b, @e, @s, @p, @r) " +
                "ON CONFLICT (box, epoch, seq, payload) DO NOTHING", ("b", c.Box), ("e", c.Epoch), ("s", c.Seq), ("p", c.Payload), ("r", received));
            return;
        }
        counts.Duplicates++;
    }

    void StoreStatus(DbTransaction tx, StatusRow s, string received)
    {
        bool changed;
        using (DbCommand read = Command(tx, "SELECT online, fault FROM box_status WHERE box = @b", [("b", s.Box)]))
        using (DbDataReader r = read.ExecuteReader())
            changed = !r.Read() || r.GetBoolean(0) != s.Online || (r.IsDBNull(1) ? null : r.GetString(1)) != s.Fault;
        if (changed)
            Execute(tx, "INSERT INTO status_changes (box, online, fault, payload, received_at) VALUES (@b, @o, @f, @p, @r)",
                ("b", s.Box), ("o", s.Online), ("f", s.Fault), ("p", s.Payload), ("r", received));
        Execute(tx, "INSERT INTO box_status (box, online, fault, payload, received_at) VALUES (@b, @o, @f, @p, @r) " +
            "ON CONFLICT (box) DO UPDATE SET online = excluded.online, fault = excluded.fault, payload = excluded.payload, received_at = excluded.received_at",
            ("b", s.Box), ("o", s.Online), ("f", s.Fault), ("p", s.Payload), ("r", received));
    }

    void Reject(DbTransaction tx, string topic, string payload, string reason, string received) =>
        Execute(tx, "INSERT INTO rejected (topic, payload, reason, received_at) VALUES (@t, @p, @why, @r)",
            ("t", topic), ("p", payload), ("why", reason), ("r", received));

    /// <summary>Runs a query for the report; the reader's columns are what the SQL selects.</summary>
    public DbDataReader Query(string sql, params (string Name, object? Value)[] parameters) => Command(null, sql, parameters).ExecuteReader();

    /// <summary>One value of a query (null for no row or NULL).</summary>
    public object? Scalar(DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using DbCommand command = Command(tx, sql, parameters);
        object? v = command.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    int Execute(DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using DbCommand command = Command(tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    DbCommand Command(DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        DbCommand command = Connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            DbParameter p = command.CreateParameter();
            p.ParameterName = "@" + name;
            // A NULL goes untyped: PostgreSQL takes the column's type (a typed one would clash with INTEGER).
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    /// <summary>A UTC time as the boxes write it: ISO 8601 with milliseconds and 'Z'.</summary>
    public static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public virtual void Dispose() => Connection.Dispose();

    sealed class SqliteStore : CollectorStore
    {
        readonly string file;

        public SqliteStore(string file) : base(new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30, // seconds a writer waits for another collector's transaction on the same file
        }.ToString()))
        {
            this.file = file;
            Connection.Open();
            // WAL lets a report read while a collector writes; FULL makes a commit durable against a
            // power cut before the collector acknowledges to the broker (sqlite.org/pragma.html#pragma_synchronous).
            using DbCommand pragma = Connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        public override string Description => "sqlite " + file;

        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is taken at once.
        protected override DbTransaction BeginMigration() => ((SqliteConnection)Connection).BeginTransaction(deferred: false);
    }

    sealed class PostgresStore : CollectorStore
    {
        readonly string description;

        public PostgresStore(string connectionString) : base(new NpgsqlConnection(connectionString))
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            description = $"postgresql {b.Host}:{b.Port}/{b.Database}";
            Connection.Open();
        }

        public override string Description => description;

        protected override DbTransaction BeginMigration()
        {
            DbTransaction tx = Connection.BeginTransaction();
            using DbCommand command = Connection.CreateCommand();
            command.Transaction = tx;
            // Any fixed number: collectors migrating the same database wait for each other.
            command.CommandText = "SELECT pg_advisory_xact_lock(4744521)";
            command.ExecuteNonQuery();
            return tx;
        }

        public override void Dispose()
        {
            // A broken connection must not go back to the pool for the next attempt after a restart.
            if (Connection is NpgsqlConnection c)
                NpgsqlConnection.ClearPool(c);
            base.Dispose();
        }
    }
}

/// <summary>What one stored batch held.</summary>
public sealed class StoreCounts
{
    public int Calls, Duplicates, Conflicts, Statuses, Events, Rejected;
}
