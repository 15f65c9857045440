using System.Diagnostics;
using System.Text;
using Gateway.Core.Messaging;

namespace Gateway.Integration.Tests.Support;

/// <summary>An IMqttListener that writes down what the transport reports, as lines, and lets a
/// test wait for one. Also checks that reports arrive one at a time (the dispatcher's promise).</summary>
public sealed class RecordingListener : IMqttListener
{
    readonly List<string> events = new();
    int inside;

    public bool Overlapped { get; private set; }

    public void OnConnected() => Add("connected");
    public void OnDisconnected() => Add("disconnected");
    public void OnMessage(string topic, byte[] payload, bool retained) =>
        Add($"message {topic} {Encoding.UTF8.GetString(payload)}{(retained ? " retained" : "")}");
    public void OnPublished(int token, bool acknowledged) => Add($"published {token} {(acknowledged ? "ack" : "nack")}");
    public void OnSubscribed(string topicFilter, bool granted) => Add($"subscribed {topicFilter} {(granted ? "granted" : "refused")}");

    void Add(string e)
    {
        if (Interlocked.Increment(ref inside) > 1)
            Overlapped = true;
        lock (events)
        {
            events.Add(e);
            Monitor.PulseAll(events);
        }
        Interlocked.Decrement(ref inside);
    }

    public string[] Events
    {
        get
        {
            lock (events)
                return events.ToArray();
        }
    }

    public int Count(string e) => Events.Count(x => x == e);

    public void WaitFor(Func<string[], bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        lock (events)
        {
            while (!done(events.ToArray()))
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"transport: {what} not reported within {timeout.TotalSeconds:0} s; reports: {string.Join(" | ", events)}");
                Monitor.Wait(events, left);
            }
        }
    }

    public void WaitFor(string e, TimeSpan timeout, int times = 1) =>
        WaitFor(all => all.Count(x => x == e) >= times, timeout, $"'{e}' x{times}");
}
