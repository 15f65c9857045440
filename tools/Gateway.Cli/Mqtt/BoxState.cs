namespace Gateway.Cli.Mqtt;

/// <summary>One box as `watch` knows it: its last status, its answers, its calls and log.</summary>
public sealed class BoxState(string id)
{
    public string Id { get; } = id;
    public string? Status;
    public bool? Online;
    public DateTime? OnlineSince, OfflineSince, LastSeen;
    public string? Firmware, Rules, Line, Fault, Hardware;
    public long? Queue, Dropped;
    public string? LastEvent;
    public string? RulesState;
    public RulesAnswer? RulesAnswer;
    public long CallsSeen;
    public readonly LinkedList<CallView> Calls = new();
    public readonly LinkedList<string> Refusals = new();
    public readonly LinkedList<(long Seq, string Line)> Log = new();
}
