using System.Diagnostics;
using Gateway.Cli.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;

namespace Gateway.Integration.Tests.Support;

/// <summary>A real PostgreSQL cluster of its own (initdb + pg_ctl from the Debian package
/// `postgresql`) on a free 127.0.0.1 port in a temp directory, run as the `postgres` user when the
/// tests run as root (PostgreSQL refuses root).</summary>
public sealed class Postgres : IDisposable
{
    /// <summary>Set (to 1) in CI: a missing PostgreSQL fails the test instead of skipping it.</summary>
    public const string RequiredVariable = "GATEWAY_POSTGRES_REQUIRED";

    readonly string bin;
    readonly string? runAs;

    Postgres(string bin, string directory, int port, string? runAs)
    {
        this.bin = bin;
        Directory = directory;
        Port = port;
        this.runAs = runAs;
    }

    public string Directory { get; }
    public int Port { get; }
    string Data => Path.Combine(Directory, "data");
    public string LogFile => Path.Combine(Directory, "postgres.log");

    /// <summary>The connection string of the test database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=gateway;Database=calls;Timeout=5;Command Timeout=30";

    /// <summary>The directory holding initdb and pg_ctl: /usr/lib/postgresql/N/bin (Debian, newest N) or PATH.</summary>
    public static string? FindBin()
    {
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
            foreach (string dir in System.IO.Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int n) ? n : 0))
                if (File.Exists(Path.Combine(dir, "bin", "pg_ctl")) && File.Exists(Path.Combine(dir, "bin", "initdb")))
                    return Path.Combine(dir, "bin");
        string? onPath = Mosquitto.OnPath("pg_ctl");
        return onPath != null && Mosquitto.OnPath("initdb") != null ? Path.GetDirectoryName(onPath) : null;
    }

    /// <summary>Starts a cluster with database `calls`, or marks the test skipped (inconclusive,
    /// with the reason) when PostgreSQL is not installed, unless <see cref="RequiredVariable"/> is set.</summary>
    public static Postgres StartOrSkip()
    {
        string? bin = FindBin();
        if (bin == null)
        {
            const string why = "PostgreSQL not found (no /usr/lib/postgresql/*/bin/pg_ctl, no pg_ctl on PATH): install the Debian package 'postgresql' to run this test";
            if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
                Assert.Fail(why + $" ({RequiredVariable}=1: required here)");
            Assert.Inconclusive("SKIPPED: " + why);
        }
        string dir = TempDirs.Create("gateway-postgres-");
        string? runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs != null)
            Run("chown", ["-R", runAs, dir], null);
        var pg = new Postgres(bin, dir, EmbeddedBroker.FreeLoopbackPort(), runAs);
        pg.Tool("initdb", ["-D", pg.Data, "-U", "gateway", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        pg.Start();
        using (var c = new NpgsqlConnection($"Host=127.0.0.1;Port={pg.Port};Username=gateway;Database=postgres"))
        {
            c.Open();
            using var create = new NpgsqlCommand("CREATE DATABASE calls", c);
            create.ExecuteNonQuery();
        }
        return pg;
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public void Start() => Tool("pg_ctl", ["-D", Data, "-l", LogFile, "-w", "-t", "30",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {Directory} -c fsync=on", "start"]);

    /// <summary>Kills the server the hard way (pg_ctl stop -m immediate: no checkpoint, crash
    /// recovery at the next start), as a crash or power cut would.</summary>
    public void Crash() => Tool("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    void Tool(string name, string[] args) => Run(Path.Combine(bin, name), args, runAs);

    static void Run(string file, string[] args, string? user)
    {
        var psi = new ProcessStartInfo(user == null ? file : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (user != null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(user);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', args)} still running after 60 s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    public void Dispose()
    {
        try
        {
            Tool("pg_ctl", ["-D", Data, "-m", "immediate", "stop"]);
        }
        catch (Exception)
        {
            // not running
        }
    }
}
