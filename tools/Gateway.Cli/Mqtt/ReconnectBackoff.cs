namespace Gateway.Cli.Mqtt;

/// <summary>Delays between reconnect attempts: doubling from a minimum to a cap, without jitter so
/// runs are reproducible (one box per broker connection, so no thundering herd to spread).</summary>
public sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
{
    /// <summary>1 s doubling to 30 s: quick after a broker restart, gentle on a broker that is down.</summary>
    public static readonly ReconnectBackoff Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public TimeSpan Minimum { get; } = minimum;
    public TimeSpan Maximum { get; } = maximum;

    /// <summary>The wait before attempt number <paramref name="attempt"/> (1 = first retry).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        if (attempt <= 1)
            return Minimum;
        double ms = Minimum.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ms >= Maximum.TotalMilliseconds ? Maximum : TimeSpan.FromMilliseconds(ms);
    }
}
