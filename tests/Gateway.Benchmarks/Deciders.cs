using Gateway.Core.Rules;

namespace Gateway.Benchmarks;

/// <summary>Something that decides a dialled number key by key, like <see cref="IRuleCursor"/>.</summary>
internal interface IDecider
{
    void Reset();
    RuleVerdict Advance(char key);
    RuleVerdict Finish();
    int DecidedAtDigit { get; }
}

/// <summary>The trie under test: the firmware's own cursor.</summary>
internal sealed class TrieDecider(RuleCursor cursor) : IDecider
{
    public void Reset() => cursor.Reset();
    public RuleVerdict Advance(char key) => cursor.Advance(key);
    public RuleVerdict Finish() => cursor.Finish();
    public int DecidedAtDigit => cursor.DecidedAtDigit;
}

/// <summary>Baseline shell: the same decision rule as the firmware cursor (uniform subtree decides,
/// emergency numbers override), with the rule lookup left to the subclass.</summary>
internal abstract class BaselineDecider : IDecider
{
    private readonly string[] _emergency;
    private uint _candidates;
    protected readonly char[] Keys = new char[64];
    protected int Depth;
    protected bool EffBlocks;
    protected bool Uniform;
    protected readonly bool DefaultBlocks;
    private RuleVerdict _verdict;
    private int _decidedAt;

    protected BaselineDecider(bool defaultBlocks, string[] emergency)
    {
        DefaultBlocks = defaultBlocks;
        _emergency = emergency;
    }

    protected abstract void ResetLookup();

    /// <summary>Key <c>Keys[Depth-1]</c> was just dialled: update EffBlocks and Uniform.</summary>
    protected abstract void StepLookup();

    public void Reset()
    {
        Depth = 0;
        EffBlocks = DefaultBlocks;
        Uniform = false;
        _candidates = (1u << _emergency.Length) - 1;
        _verdict = RuleVerdict.Continue;
        _decidedAt = 0;
        ResetLookup();
    }

    public RuleVerdict Advance(char key)
    {
        if (_verdict != RuleVerdict.Continue || Depth >= Keys.Length) return _verdict;
        Keys[Depth++] = key;
        bool complete = false;
        uint still = 0;
        for (int i = 0; i < _emergency.Length; i++)
        {
            if ((_candidates & (1u << i)) == 0 || _emergency[i][Depth - 1] != key) continue;
            if (_emergency[i].Length == Depth) complete = true; else still |= 1u << i;
        }
        _candidates = complete ? 0 : still;
        StepLookup();
        if (complete) { _verdict = RuleVerdict.Allow; _decidedAt = Depth; }
        else if (Uniform && (_candidates == 0 || !EffBlocks)) { _verdict = EffBlocks ? RuleVerdict.Block : RuleVerdict.Allow; _decidedAt = Depth; }
        return _verdict;
    }

    public RuleVerdict Finish()
    {
        if (_verdict == RuleVerdict.Continue) _verdict = EffBlocks ? RuleVerdict.Block : RuleVerdict.Allow;
        return _verdict;
    }

    public int DecidedAtDigit => _decidedAt;
}

/// <summary>Baseline: the rule prefixes as a sorted string array, narrowed by binary search at each key.</summary>
internal sealed class SortedArrayDecider : BaselineDecider
{
    private readonly string[] _prefixes;
    private readonly bool[] _blocks;
    private readonly int[] _allowBefore;
    private int _lo, _hi;

    public SortedArrayDecider(string[] prefixes, bool[] blocks, bool defaultBlocks, string[] emergency) : base(defaultBlocks, emergency)
    {
        int[] order = Enumerable.Range(0, prefixes.Length).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(prefixes[a], prefixes[b]));
        _prefixes = new string[prefixes.Length];
        _blocks = new bool[prefixes.Length];
        _allowBefore = new int[prefixes.Length + 1];
        for (int i = 0; i < order.Length; i++)
        {
            _prefixes[i] = new string(prefixes[order[i]].AsSpan()); // its own copy, so its size is counted
            _blocks[i] = blocks[order[i]];
            _allowBefore[i + 1] = _allowBefore[i] + (_blocks[i] ? 0 : 1);
        }
    }

    protected override void ResetLookup() { _lo = 0; _hi = _prefixes.Length; }

    // Within [lo, hi) every prefix starts with the keys before position d; those of length d come
    // first, then the rest ordered by their key at d.
    private int FirstAtLeast(int lo, int hi, int d, char key, bool strictlyGreater)
    {
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            string s = _prefixes[mid];
            bool before = s.Length <= d || (strictlyGreater ? s[d] <= key : s[d] < key);
            if (before) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    protected override void StepLookup()
    {
        if (_lo >= _hi) { Uniform = true; return; }
        int d = Depth - 1;
        char key = Keys[d];
        int lo = FirstAtLeast(_lo, _hi, d, key, false);
        int hi = FirstAtLeast(lo, _hi, d, key, true);
        _lo = lo; _hi = hi;
        if (lo >= hi) { Uniform = true; return; }
        int below = lo;
        if (_prefixes[lo].Length == Depth) { EffBlocks = _blocks[lo]; below = lo + 1; }
        int allow = _allowBefore[hi] - _allowBefore[below];
        Uniform = EffBlocks ? allow == 0 : allow == hi - below;
    }
}

/// <summary>Baseline: every trie node's prefix in a hash table (flags: rule, blocks, uniform), probed with the keys so far.</summary>
internal sealed class HashDecider : BaselineDecider
{
    public const byte HasRule = 1, Blocks = 2, IsUniform = 4;
    private readonly Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private bool _off;

    public HashDecider(Dictionary<string, byte> nodes, bool defaultBlocks, string[] emergency) : base(defaultBlocks, emergency)
    {
        _lookup = nodes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    protected override void ResetLookup() => _off = false;

    protected override void StepLookup()
    {
        if (_off) { Uniform = true; return; }
        if (!_lookup.TryGetValue(Keys.AsSpan(0, Depth), out byte flags)) { _off = true; Uniform = true; return; }
        if ((flags & HasRule) != 0) EffBlocks = (flags & Blocks) != 0;
        Uniform = (flags & IsUniform) != 0;
    }
}

/// <summary>Baseline: a plain trie with one object per node and a 12-slot child array per internal node.</summary>
internal sealed class ObjectTrieDecider : BaselineDecider
{
    internal sealed class Node
    {
        public Node?[]? Children;
        public bool HasRule, Blocks, Uniform;
    }

    private readonly Node _root;
    private Node? _node;

    public ObjectTrieDecider(Node root, bool defaultBlocks, string[] emergency) : base(defaultBlocks, emergency) => _root = root;

    protected override void ResetLookup() => _node = _root;

    protected override void StepLookup()
    {
        Node? next = _node?.Children?[RuleKeys.IndexOf(Keys[Depth - 1])];
        _node = next;
        if (next == null) { Uniform = true; return; }
        if (next.HasRule) EffBlocks = next.Blocks;
        Uniform = next.Uniform;
    }
}
