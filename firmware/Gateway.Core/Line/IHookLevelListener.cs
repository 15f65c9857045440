namespace Gateway.Core.Line
{
    /// <summary>Receives the debounced loop level from a <see cref="HookDebouncer"/>.</summary>
    public interface IHookLevelListener
    {
        /// <summary>The debounced loop changed at <paramref name="timeMs"/> (true = closed, off-hook).</summary>
        void OnLoopChanged(bool loopClosed, long timeMs);
    }
}
