using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Messaging.Json;

namespace Gateway.Cli;

/// <summary>Numbers call records from 1 (the simulator has no outbox) and prints each as one JSON line.</summary>
public sealed class ScenarioRecordPrinter(TextWriter output) : ICallRecordSink
{
    private readonly JsonWriter _json = new(512);
    private long _seq;

    /// <summary>Records printed so far.</summary>
    public long Count => _seq;

    public void OnCallRecord(CallRecord record)
    {
        record.Seq = ++_seq;
        _json.Reset();
        CallRecordJson.Write(_json, record);
        output.WriteLine(Encoding.UTF8.GetString(_json.Buffer, 0, _json.Length));
    }
}
