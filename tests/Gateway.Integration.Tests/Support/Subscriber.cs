using System.Diagnostics;

namespace Gateway.Integration.Tests.Support;

/// <summary>The backend: a `mosquitto_sub -v` process collecting every message as (topic, payload).</summary>
public sealed class Subscriber : IDisposable
{
    readonly Process process;
    readonly List<Message> messages = new();
    readonly List<string> errors = new();

    public readonly record struct Message(string Topic, string Payload);

    Subscriber(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
                return;
            int space = e.Data.IndexOf(' ');
            var message = space < 0 ? new Message(e.Data, "") : new Message(e.Data[..space], e.Data[(space + 1)..]);
            lock (messages)
            {
                messages.Add(message);
                Monitor.PulseAll(messages);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
                lock (errors)
                    errors.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Binary => new[] { "/usr/bin/mosquitto_sub" }.FirstOrDefault(File.Exists)
        ?? Mosquitto.OnPath("mosquitto_sub")
        ?? throw new InvalidOperationException("mosquitto_sub not found: install it with 'apt-get install mosquitto-clients'");

    /// <summary>Subscribes to <paramref name="filters"/> with QoS 1 and a persistent session (so
    /// messages published while the broker restarts are queued for it).</summary>
    public static Subscriber Start(Mosquitto broker, string clientId, string[] filters, string? user = null, string? password = null, string? caFile = null)
    {
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-q", "1", "-c", "-i", clientId, "-v", "-V", "mqttv311" })
            psi.ArgumentList.Add(a);
        foreach (string f in filters)
        {
            psi.ArgumentList.Add("-t");
            psi.ArgumentList.Add(f);
        }
        if (caFile != null)
        {
            psi.ArgumentList.Add("--cafile");
            psi.ArgumentList.Add(caFile);
        }
        if (user != null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(user);
            psi.ArgumentList.Add("-P");
            psi.ArgumentList.Add(password ?? "");
        }
        return new Subscriber(Process.Start(psi)!);
    }

    public Message[] Messages
    {
        get
        {
            lock (messages)
                return messages.ToArray();
        }
    }

    public string Errors
    {
        get
        {
            lock (errors)
                return string.Join("\n", errors);
        }
    }

    /// <summary>Waits until the messages received so far satisfy <paramref name="done"/>.</summary>
    public Message[] WaitFor(Func<Message[], bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        lock (messages)
        {
            while (true)
            {
                Message[] now = messages.ToArray();
                if (done(now))
                    return now;
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || process.HasExited)
                    throw new TimeoutException(
                        $"backend: {what} not seen within {timeout.TotalSeconds:0} s " +
                        $"({now.Length} messages; last: {(now.Length > 0 ? now[^1].Topic + " " + now[^1].Payload : "none")}; " +
                        $"mosquitto_sub {(process.HasExited ? "exited" : "running")}; stderr: {Errors})");
                Monitor.Wait(messages, left);
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
