namespace Gateway.Core.Calls
{
    /// <summary>Receives each finished call (the outbox on the box, stdout in the simulator).</summary>
    public interface ICallRecordSink
    {
        /// <summary>A call ended. The session reuses <paramref name="record"/> for the next call:
        /// a sink that keeps it keeps a copy (<see cref="CallRecord.CopyTo"/>).</summary>
        void OnCallRecord(CallRecord record);
    }
}
