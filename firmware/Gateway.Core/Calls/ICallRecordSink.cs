namespace Gateway.Core.Calls
{
    /// <summary>Receives each finished call (the outbox on the box, stdout in the simulator).</summary>
    public interface ICallRecordSink
    {
        void OnCallRecord(CallRecord record);
    }
}
