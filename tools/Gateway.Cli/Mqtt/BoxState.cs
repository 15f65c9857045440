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

    /// <summary>Every hardware id (`hw`) this box id has published from: two or more are two boxes
    /// configured with one id, whose records the backend cannot tell apart by box id alone.</summary>
    public readonly SortedSet<string> HardwareIds = new(StringComparer.Ordinal);

    /// <summary>"hw a, b" when more than one box publishes under this id, else null.</summary>
    public string? SharedId => HardwareIds.Count > 1 ? "hw " + string.Join(", ", HardwareIds) : null;
}
