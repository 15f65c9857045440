namespace Gateway.Core.Calls
{
    /// <summary>Observes live line events (MQTT events topic, simulator trace).</summary>
    /// <remarks>Called under the box's lock on the per-event path: do not allocate much, do not block,
    /// do not call back into the box. The event object is reused after the call returns.</remarks>
    public interface ILiveEventSink
    {
        void OnLiveEvent(LiveEvent e);
    }
}
