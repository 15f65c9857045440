namespace Gateway.Core.Rules
{
    /// <summary>Hands out the rule cursor each line uses for all its calls (the rules in force plug in here).</summary>
    public interface IRuleCursorSource
    {
        /// <summary>A new cursor; the session calls Reset on it at the start of every call.</summary>
        IRuleCursor CreateCursor();
    }
}
