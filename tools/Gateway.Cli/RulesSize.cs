namespace Gateway.Cli;

/// <summary>The yardstick for rule trie sizes.</summary>
public static class RulesSize
{
    /// <summary>Worst-case information-theoretic size in bytes of a 12-way trie with
    /// <paramref name="nodes"/> nodes of which <paramref name="rules"/> non-root nodes carry a rule:
    /// log2 of the number of such tries (12-ary cardinal trees: C(12n+1, n)/(12n+1)) plus
    /// log2 C(n-1, rules) for the rule marks. Rule actions (allow/block) are not counted.</summary>
    public static double InformationFloorBytes(int nodes, int rules)
    {
        double bits = Log2Binomial(12L * nodes + 1, nodes) - Math.Log2(12.0 * nodes + 1) + Log2Binomial(nodes - 1, rules);
        return bits / 8;
    }

    private static double Log2Binomial(long n, long k)
    {
        if (k < 0 || k > n) return 0;
        if (k > n - k) k = n - k;
        double sum = 0;
        for (long i = 1; i <= k; i++) sum += Math.Log2((double)(n - k + i) / i);
        return sum;
    }
}
