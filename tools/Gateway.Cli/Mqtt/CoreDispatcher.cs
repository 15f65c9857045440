using System.Collections.Concurrent;

namespace Gateway.Cli.Mqtt;

/// <summary>Runs every call into Core on one thread, under one lock: Core is single-threaded by
/// design (it is written for the device's one app thread), while MQTTnet reports from pool threads.</summary>
/// <remarks>Whoever else drives Core (the scenario player) takes <see cref="Gate"/> around each step.</remarks>
public sealed class CoreDispatcher : IDisposable
{
    readonly BlockingCollection<Action> queue = new();
    readonly Thread thread;
    readonly TextWriter errors;

    public CoreDispatcher(TextWriter errors)
    {
        this.errors = errors;
        thread = new Thread(Loop) { IsBackground = true, Name = "gateway-core" };
        thread.Start();
    }

    /// <summary>The lock that guards every Core object of this box.</summary>
    public object Gate { get; } = new();

    public void Post(Action action)
    {
        try
        {
            queue.Add(action);
        }
        catch (InvalidOperationException)
        {
            // disposed: the box is shutting down, drop it
        }
    }

    void Loop()
    {
        foreach (Action action in queue.GetConsumingEnumerable())
        {
            try
            {
                lock (Gate)
                    action();
            }
            catch (Exception e)
            {
                // A bug in a callback must not kill the box's only Core thread; say it loudly.
                lock (errors)
                    errors.WriteLine($"gateway: internal error in a Core callback: {e}");
            }
        }
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        if (Thread.CurrentThread != thread)
            thread.Join(TimeSpan.FromSeconds(5));
    }
}
