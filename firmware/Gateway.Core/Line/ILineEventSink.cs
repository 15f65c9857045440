namespace Gateway.Core.Line
{
    /// <summary>Receives decoded line events; implemented by the call logic and by test recorders.</summary>
    /// <remarks>
    /// Called on the per-edge path, so implementations must not allocate. the key is
    /// one of 0-9 * # A B C D for <see cref="LineEventKind.Digit"/>, otherwise '\0'.
    /// The time is the monotonic time the event is attributed to (for a digit: when
    /// it was complete; for on-hook: when the loop opened).
    /// </remarks>
    public interface ILineEventSink
    {
        void OnLineEvent(LineEventKind kind, char key, DialSource source, long timeMs);
    }
}
