using System.Diagnostics;
using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Cli.Mqtt;
using Gateway.Core.Messaging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gateway.Cli;

/// <summary>`gateway watch`: a live view of every box on the broker (status, line, calls, rules, log): a dashboard
/// in a terminal (<see cref="FleetDashboard"/>), plain frames otherwise (<see cref="FleetView.Render"/>).</summary>
public static class WatchCommand
{
    public static Command Create(CliStreams io)
    {
        var command = new Command("watch", "A live view of every box on the broker: status, line activity, calls, refused rules, the box log (a dashboard in a terminal, plain text when piped).");
        var broker = new BrokerArguments(command, $"mqtt://127.0.0.1:{BrokerOptions.DefaultPort}");
        var prefix = OptionValues.TopicPrefix();
        var box = new Option<string?>("--box") { HelpName = "ID", Description = "Watch this box only.", CustomParser = r => OptionValues.TopicPart(r, "box id", false) };
        var once = new Option<bool>("--once") { Description = "Print one view once the retained messages have arrived, then exit." };
        var duration = new Option<double?>("--duration")
        {
            HelpName = "S",
            Description = "Watch for S seconds, then exit (default: until Ctrl-C).",
            CustomParser = r => OptionValues.Number(r, 0, 1e6, true, "a number of seconds"),
        };
        command.Options.Add(prefix);
        command.Options.Add(box);
        command.Options.Add(once);
        command.Options.Add(duration);
        command.Validators.Add(r =>
        {
            if (r.GetValue(once) && r.GetValue(duration) != null)
                r.AddError("--once and --duration exclude each other");
        });
        command.SetAction(parsed =>
        {
            double? seconds = parsed.GetValue(duration);
            return Run(broker.Read(parsed) ?? new BrokerOptions(), parsed.GetRequiredValue(prefix), parsed.GetValue(box), parsed.GetValue(once),
                seconds == null ? null : TimeSpan.FromSeconds(seconds.Value), io);
        });
        return command;
    }

    static int Run(BrokerOptions broker, string prefix, string? box, bool once, TimeSpan? duration, CliStreams io)
    {
        TextWriter stdout = io.Out, stderr = io.Error;
        bool terminal = io.OutputIsTerminal;
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
                view.Apply(topic, payload, DateTime.UtcNow, retained);
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
            if (terminal)
            {
                IAnsiConsole console = Terminal(stdout);
                lock (view)
                    console.Write(FleetDashboard.Build(view, broker.ToString(), DateTime.UtcNow, console.Profile.Width, console.Profile.Height));
            }
            else
            {
                lock (view)
                    stdout.Write(view.Render(broker.ToString(), DateTime.UtcNow));
            }
            return Program.ExitOk;
        }
        if (terminal)
            return await Live(view, broker, duration, changed, stdout, cancel);

        var clock = Stopwatch.StartNew();
        TimeSpan redrawEvery = TimeSpan.FromMilliseconds(250);
        Draw(view, broker, stdout);
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
            Draw(view, broker, stdout);
        }
        Draw(view, broker, stdout);
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

    /// <summary>The dashboard, redrawn in place on every change and every second (ages move on).</summary>
    static async Task<int> Live(FleetView view, BrokerOptions broker, TimeSpan? duration, SemaphoreSlim changed, TextWriter stdout, CancellationToken cancel)
    {
        IAnsiConsole console = Terminal(stdout);
        IRenderable Frame()
        {
            lock (view)
                return FleetDashboard.Build(view, broker.ToString(), DateTime.UtcNow, console.Profile.Width, console.Profile.Height);
        }
        var clock = Stopwatch.StartNew();
        await console.Live(Frame()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async ctx =>
            {
                while (!cancel.IsCancellationRequested && (duration == null || clock.Elapsed < duration))
                {
                    TimeSpan wait = TimeSpan.FromSeconds(1);
                    if (duration != null && duration.Value - clock.Elapsed < wait)
                        wait = duration.Value - clock.Elapsed;
                    try
                    {
                        if (wait > TimeSpan.Zero && await changed.WaitAsync(wait, cancel))
                            await Task.Delay(TimeSpan.FromMilliseconds(100), cancel); // coalesce a burst
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    while (changed.CurrentCount > 0)
                        changed.Wait(0);
                    ctx.UpdateTarget(Frame());
                }
            });
        return Program.ExitOk;
    }

    static IAnsiConsole Terminal(TextWriter stdout) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });

    static void Draw(FleetView view, BrokerOptions broker, TextWriter stdout)
    {
        string frame;
        lock (view)
            frame = view.Render(broker.ToString(), DateTime.UtcNow);
        stdout.WriteLine();
        stdout.Write(frame);
        stdout.Flush();
    }
}
