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
    long posted, done;

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
        Interlocked.Increment(ref posted);
        try
        {
            queue.Add(action);
        }
        catch (InvalidOperationException)
        {
            Interlocked.Increment(ref done); // disposed: the box is shutting down, drop it
        }
    }

    /// <summary>True when every action posted so far has run.</summary>
    public bool Idle => Interlocked.Read(ref done) == Interlocked.Read(ref posted);

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
            finally
            {
                Interlocked.Increment(ref done);
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
