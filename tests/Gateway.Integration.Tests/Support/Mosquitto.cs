using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Gateway.Cli.Mqtt;

namespace Gateway.Integration.Tests.Support;

/// <summary>A real Eclipse Mosquitto on a free 127.0.0.1 port, in its own temp directory, with
/// persistence there so a stop and restart keeps sessions, queued messages and retained ones.</summary>
public sealed class Mosquitto : IDisposable
{
    Process? process;
    readonly string config;

    Mosquitto(string directory, int port, string config)
    {
        Directory = directory;
        Port = port;
        this.config = config;
    }

    public string Directory { get; }
    public int Port { get; }
    public string LogFile => Path.Combine(Directory, "mosquitto.log");
    public BrokerOptions Options => new() { Host = "127.0.0.1", Port = Port };

    /// <summary>The broker binary: /usr/sbin/mosquitto (Debian) or the first on PATH.</summary>
    public static string Binary
    {
        get
        {
            string? found = new[] { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists)
                ?? OnPath("mosquitto");
            return found ?? throw new InvalidOperationException(
                "mosquitto not found (looked in /usr/sbin and on PATH): install it with " +
                "'apt-get install mosquitto mosquitto-clients' (bash test.sh does this)");
        }
    }

    internal static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>The shipped configuration, docs/mosquitto/mosquitto.conf.</summary>
    public static string ShippedConfigFile => Path.Combine(Repo.Root, "docs", "mosquitto", "mosquitto.conf");

    /// <summary>The value of <paramref name="name"/> in the shipped configuration (its first "name value" line), or null when it sets none.</summary>
    public static string? ShippedSetting(string name) => File.ReadLines(ShippedConfigFile).Select(l => l.Trim())
        .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

    /// <summary>The packet size limit of the shipped configuration (its max_packet_size line), or null when it sets none.</summary>
    public static int? ShippedMaxPacketSize =>
        ShippedSetting("max_packet_size") is string v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Starts a broker with the shipped packet size limit. <paramref name="extraConfig"/> lines go into its listener section
    /// (e.g. password_file, acl_file, certfile) and may use {dir} for the broker's directory.</summary>
    public static Mosquitto Start(string extraConfig = "allow_anonymous true\n", Action<string>? prepare = null)
    {
        string dir = TempDirs.Create("gateway-mosquitto-");
        prepare?.Invoke(dir);
        int port = EmbeddedBroker.FreeLoopbackPort();
        int? maxPacketSize = ShippedMaxPacketSize;
        var conf = new StringBuilder()
            .AppendLine("per_listener_settings false")
            .AppendLine($"listener {port} 127.0.0.1")
            .AppendLine(extraConfig.Replace("{dir}", dir))
            .AppendLine(maxPacketSize == null ? "" : $"max_packet_size {maxPacketSize}")
            .AppendLine("persistence true")
            .AppendLine($"persistence_location {dir}/")
            .AppendLine($"log_dest file {dir}/mosquitto.log")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            .AppendLine("log_type notice")
            .AppendLine("log_type information")
            .AppendLine("connection_messages true")
            // Room for a whole scenario queued for an offline persistent subscriber (default 1000).
            .AppendLine("max_queued_messages 100000");
        if (Environment.UserName == "root")
            conf.AppendLine("user root"); // else mosquitto drops to 'mosquitto', which cannot write our temp dir
        string confPath = Path.Combine(dir, "mosquitto.conf");
        File.WriteAllText(confPath, conf.ToString());
        var broker = new Mosquitto(dir, port, confPath);
        broker.Run();
        return broker;
    }

    void Run()
    {
        var psi = new ProcessStartInfo(Binary, ["-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        process = Process.Start(psi) ?? throw new InvalidOperationException("could not start mosquitto");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilListening();
    }

    void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process!.HasExited)
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode} at start; log:\n{Log()}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20); // polling a port that has no event to await; bounded above
            }
        }
        throw new TimeoutException($"mosquitto did not listen on 127.0.0.1:{Port} within 10 s; log:\n{Log()}");
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    /// <summary>Stops the broker the way an operator would (SIGTERM: it saves its persistence file).</summary>
    public void Stop()
    {
        if (process == null)
            return;
        if (!process.HasExited)
        {
            Posix.Terminate(process.Id);
            if (!process.WaitForExit(10_000))
                process.Kill();
        }
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    /// <summary>Starts it again on the same port with the same persistence directory.</summary>
    public void Restart()
    {
        Stop();
        Run();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The one POSIX call .NET lacks: a polite SIGTERM.</summary>
static class Posix
{
    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    static extern int Kill(int pid, int signal);

    public static void Terminate(int pid) => Kill(pid, 15); // SIGTERM (POSIX signal.h)
}
