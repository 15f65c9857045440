using System.Diagnostics;
using System.Globalization;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;

namespace Gateway.Cli;

/// <summary>`gateway watch`: a live view of every box on the broker (status, line, calls, rules).</summary>
public static class WatchCommand
{
    public const string Usage = "gateway watch " + BrokerOptions.Usage + " [--prefix P] [--box ID] [--once | --duration S]";

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var rest = new List<string>(args);
        BrokerOptions broker = BrokerOptions.Take(rest) ?? new BrokerOptions();
        string prefix = BrokerOptions.TakeValue(rest, "--prefix") ?? MessagingTopics.DefaultPrefix;
        string? box = BrokerOptions.TakeValue(rest, "--box");
        bool once = BrokerOptions.TakeFlag(rest, "--once");
        string? durationText = BrokerOptions.TakeValue(rest, "--duration");
        if (rest.Count > 0)
            throw new UsageException($"watch: unexpected '{rest[0]}'; usage: {Usage}");
        TimeSpan? duration = null;
        if (durationText != null)
        {
            if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s <= 0 || s > 1e6)
                throw new UsageException($"--duration: '{durationText}' is not a positive number of seconds");
            duration = TimeSpan.FromSeconds(s);
        }
        if (once && duration != null)
            throw new UsageException("--once and --duration exclude each other");
        if (box != null && MessagingTopics.CheckTopicPart("box id", box, false) is string badBox)
            throw new UsageException("--box: " + badBox);
        if (MessagingTopics.CheckTopicPart("prefix", prefix, true) is string badPrefix)
            throw new UsageException("--prefix: " + badPrefix);

        bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            return RunAsync(broker, prefix, box, once, duration, terminal, stdout, stderr, cancel.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    static async Task<int> RunAsync(BrokerOptions broker, string prefix, string? box, bool once, TimeSpan? duration,
        bool terminal, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var view = new FleetView(prefix);
        var changed = new SemaphoreSlim(0);
        await using var client = new BrokerClient(broker, "gateway-watch-" + Environment.ProcessId, (topic, payload, retained) =>
        {
            lock (view)
                view.Apply(topic, payload, DateTime.UtcNow);
            changed.Release();
        });
        if (!await client.TryConnectAsync(stderr, "watch", cancel))
            return Program.ExitFailure;
        string level = box ?? "+";
        foreach (string suffix in FleetView.Suffixes)
            await client.SubscribeAsync($"{prefix}/{level}/{suffix}", cancel);

        if (once)
        {
            // Retained status and rules answers arrive right after SUBACK; MQTT marks no end, so
            // wait for a short quiet spell (bounded) and show what came.
            await QuietSpell(changed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3), cancel);
            lock (view)
                stdout.Write(view.Render(broker.ToString(), DateTime.UtcNow));
            return Program.ExitOk;
        }

        var clock = Stopwatch.StartNew();
        TimeSpan redrawEvery = TimeSpan.FromMilliseconds(250);
        Draw(view, broker, terminal, stdout);
        while (!cancel.IsCancellationRequested && (duration == null || clock.Elapsed < duration))
        {
            TimeSpan wait = duration == null ? Timeout.InfiniteTimeSpan : duration.Value - clock.Elapsed;
            if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
                break;
            try
            {
                if (!await changed.WaitAsync(wait, cancel))
                    break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            // Coalesce bursts (a box flushing its outbox) into one redraw per quarter second.
            try
            {
                await Task.Delay(redrawEvery, cancel);
            }
            catch (OperationCanceledException)
            {
            }
            while (changed.CurrentCount > 0)
                changed.Wait(0);
            Draw(view, broker, terminal, stdout);
        }
        Draw(view, broker, terminal, stdout);
        return Program.ExitOk;
    }

    static async Task QuietSpell(SemaphoreSlim changed, TimeSpan quiet, TimeSpan max, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < max)
        {
            TimeSpan left = max - clock.Elapsed;
            if (!await changed.WaitAsync(left < quiet ? left : quiet, cancel))
                return;
        }
    }

    static void Draw(FleetView view, BrokerOptions broker, bool terminal, TextWriter stdout)
    {
        string frame;
        lock (view)
            frame = view.Render(broker.ToString(), DateTime.UtcNow);
        if (terminal)
            stdout.Write("\u001b[H\u001b[2J"); // ANSI/ECMA-48: cursor home, erase display
        else
            stdout.WriteLine();
        stdout.Write(frame);
        stdout.Flush();
    }
}
