using System;
using System.Text;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Logging;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Simulation;
using Gateway.Core.Status;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Host-only: the whole box composed as firmware/Gateway.Esp32/Program.cs composes it
    /// (GatewayBox with the rules, the status tracker, BoxLink over an outbox journal, the box log
    /// attached) with an <see cref="AllocationMeter"/> at every seam, driven by <see cref="ScenarioRunner"/>.</summary>
    /// <remarks>
    /// The transport is a broker double that acknowledges every QoS 1 publish at the next 10 ms step
    /// and keeps nothing (FakeTransport keeps every message, which would be garbage of the test's
    /// own). Each step does what the device's main loop does beside the box: PUBACKs in, fault to the
    /// link, link tick, LEDs, log flush. Journal and log sit in <see cref="MemoryJournalStorage"/>
    /// (the device's are flash files), the journal at its smallest budget so that compaction runs
    /// every few dozen calls.
    /// </remarks>
    internal sealed class MeteredBoxRig : IScenarioObserver
    {
        public const int LineSession = 0;
        public const int RecordIn = 1;
        public const int JournalStorage = 2;
        public const int CallsOut = 3;
        public const int StatusOut = 4;
        public const int LiveEvents = 5;
        public const int LogOut = 6;
        public const int LogStorage = 7;
        public const int LoopOther = 8;
        public const int TransportDouble = 9;
        public const int Stages = 10;

        /// <summary>2026-01-01T00:00:00Z, as `gateway simulate`.</summary>
        public const long StartUnixMs = 1767225600000;

        public readonly AllocationMeter Meter = new AllocationMeter(Stages, LineSession);
        public readonly GatewayBox Box;
        public readonly BoxLink Link;
        public readonly OutboxJournal Journal;
        public readonly BoxLog Log;
        public readonly MessagingTopics Topics = new MessagingTopics(MessagingTopics.DefaultPrefix, "box1");
        public readonly Broker Transport;
        public readonly MeteredStorage JournalStore;
        public readonly MeteredStorage LogStore;
        private readonly StatusInputs _status = new StatusInputs();
        private readonly ScenarioLine _line = new ScenarioLine();
        private readonly ScenarioRunner _runner;
        private int _leds;

        public MeteredBoxRig()
        {
            RuleBook rules = new RuleBook();
            string reason, warnings;
            if (!rules.TryApply(Encoding.UTF8.GetBytes(OfficeCallMix.Rules), false, "office", out reason, out warnings))
                throw new InvalidOperationException(reason);
            Transport = new Broker(this);
            JournalStore = new MeteredStorage(new MemoryJournalStorage(), Meter, JournalStorage);
            LogStore = new MeteredStorage(new MemoryJournalStorage(), Meter, LogStorage);
            Journal = new OutboxJournal(JournalStore, "box1", OutboxJournal.MinCapacityBytes, SampleCalls.Epoch);
            Log = new BoxLog(LogStore, BoxLog.DeviceSegmentBytes);
            Link = new BoxLink(Transport, Topics, Journal, rules, "garbage", BoxLink.DefaultWindow, RuleUpdateRequest.DefaultMaxPayloadBytes);
            Link.AttachLog(Log);
            _status.Booting = false;
            _status.NetworkUp = true;
            _status.BrokerUp = true;
            Box = new GatewayBox("box1", "line1", new LineTimings(), new CallSettings(), rules, _line,
                new RecordSeam(Link, Meter), new StatusLineTracker(_status, new LiveSeam(Link, Meter)));
            Box.SetTimeBase(StartUnixMs, true);
            Log.SetTimeBase(StartUnixMs, true);
            Log.Write(LogLevel.Info, "line guarded", 0);
            Log.Flush();
            Transport.Connected = true;
            Link.OnConnected();
            _runner = new ScenarioRunner(Box, _line, this);
        }

        /// <summary>Plays <paramref name="edges"/> [from, to) (time order, later than anything played).</summary>
        public void Play(ScenarioEdge[] edges, int from, int to)
        {
            for (int i = from; i < to; i++) _runner.Play(edges[i].TimeMs, edges[i].Input, edges[i].Level, edges[i].Code);
        }

        /// <summary>One step of the device's main loop at <paramref name="timeMs"/>.</summary>
        public void At(long timeMs)
        {
            Meter.Enter(LoopOther);
            Transport.Acknowledge();
            Link.Fault = Box.Fault;
            _status.Fault = Link.CurrentFault;
            Link.Tick(timeMs);
            _leds ^= StatusTable.LedsAt(_status, timeMs);
            Log.Flush();
            Meter.Exit();
        }

        /// <summary>Bytes of a byte[] of <paramref name="length"/> on the 64-bit .NET heap (header, length, data, 8-byte aligned).</summary>
        public static long ArrayBytes(int length)
        {
            return (24 + length + 7) & ~7L;
        }

        private sealed class RecordSeam : ICallRecordSink
        {
            private readonly ICallRecordSink _next;
            private readonly AllocationMeter _meter;

            public RecordSeam(ICallRecordSink next, AllocationMeter meter)
            {
                _next = next;
                _meter = meter;
            }

            public void OnCallRecord(CallRecord record)
            {
                _meter.Enter(RecordIn);
                _next.OnCallRecord(record);
                _meter.Exit();
            }
        }

        private sealed class LiveSeam : ILiveEventSink
        {
            private readonly ILiveEventSink _next;
            private readonly AllocationMeter _meter;

            public LiveSeam(ILiveEventSink next, AllocationMeter meter)
            {
                _next = next;
                _meter = meter;
            }

            public void OnLiveEvent(LiveEvent e)
            {
                _meter.Enter(LiveEvents);
                _next.OnLiveEvent(e);
                _meter.Exit();
            }
        }

        internal sealed class MeteredStorage : IJournalStorage
        {
            private readonly IJournalStorage _inner;
            private readonly AllocationMeter _meter;
            private readonly int _stage;

            public MeteredStorage(IJournalStorage inner, AllocationMeter meter, int stage)
            {
                _inner = inner;
                _meter = meter;
                _stage = stage;
            }

            /// <summary>Calls into the storage (the device opens a file for each).</summary>
            public long Calls;

            public int[] ListSegments() { _meter.Enter(_stage); Calls++; int[] r = _inner.ListSegments(); _meter.Exit(); return r; }
            public int GetLength(int segment) { _meter.Enter(_stage); Calls++; int r = _inner.GetLength(segment); _meter.Exit(); return r; }
            public int Read(int segment, int offset, byte[] buffer, int index, int count)
            {
                _meter.Enter(_stage);
                Calls++;
                int r = _inner.Read(segment, offset, buffer, index, count);
                _meter.Exit();
                return r;
            }
            public void Append(int segment, byte[] buffer, int index, int count) { _meter.Enter(_stage); Calls++; _inner.Append(segment, buffer, index, count); _meter.Exit(); }
            public void Delete(int segment) { _meter.Enter(_stage); Calls++; _inner.Delete(segment); _meter.Exit(); }
            public int ReadIdentity(int copy, byte[] buffer, int index, int count) { _meter.Enter(_stage); Calls++; int r = _inner.ReadIdentity(copy, buffer, index, count); _meter.Exit(); return r; }
            public void WriteIdentity(int copy, byte[] buffer, int index, int count) { _meter.Enter(_stage); Calls++; _inner.WriteIdentity(copy, buffer, index, count); _meter.Exit(); }
        }

        /// <summary>A broker that acknowledges each QoS 1 publish at the next step; counts messages
        /// and their payload arrays per stage, keeps nothing.</summary>
        internal sealed class Broker : IMqttTransport
        {
            private readonly MeteredBoxRig _rig;
            private readonly int[] _pending = new int[64];
            private readonly int[] _acking = new int[64];
            private int _pendingCount;
            private int _lastToken;
            private IMqttListener _listener;

            public bool Connected;
            /// <summary>Messages and bytes of their payload arrays, per stage.</summary>
            public readonly long[] Messages = new long[Stages];
            public readonly long[] PayloadArrayBytes = new long[Stages];

            public Broker(MeteredBoxRig rig)
            {
                _rig = rig;
            }

            public bool IsConnected { get { return Connected; } }

            public int Publish(string topic, byte[] payload, MqttQos qos, bool retain)
            {
                int stage = StageOf(topic);
                _rig.Meter.ChargeTo(stage);  // what was built for this message since the last seam
                _rig.Meter.Enter(TransportDouble);
                Messages[stage]++;
                PayloadArrayBytes[stage] += ArrayBytes(payload.Length);
                int token = ++_lastToken;
                if (qos == MqttQos.AtLeastOnce)
                {
                    if (_pendingCount == _pending.Length) throw new InvalidOperationException("too many publishes unacknowledged");
                    _pending[_pendingCount++] = token;
                }
                _rig.Meter.Exit();
                // As a broker does: the box subscribes to its own status and gets it back.
            if (_echoTopic != null && topic == _echoTopic) _listener.OnMessage(topic, payload, false);
            return token;
            }

            private int StageOf(string topic)
            {
                MessagingTopics t = _rig.Topics;
                if ((object)topic == t.Calls) return CallsOut;
                if ((object)topic == t.Status) return StatusOut;
                if ((object)topic == t.Events) return LiveEvents;
                if ((object)topic == t.Log) return LogOut;
                return LoopOther;
            }

            public void Subscribe(string topicFilter, MqttQos qos)
            {
                if (topicFilter.EndsWith("/status")) _echoTopic = topicFilter;
            }

            private string _echoTopic;

            public void SetListener(IMqttListener listener) { _listener = listener; }

            /// <summary>The PUBACKs of everything published before this step.</summary>
            public void Acknowledge()
            {
                int n = _pendingCount;
                if (n == 0) return;
                Array.Copy(_pending, _acking, n);
                _pendingCount = 0;
                for (int i = 0; i < n; i++) _listener.OnPublished(_acking[i], true);
            }
        }
    }
}
