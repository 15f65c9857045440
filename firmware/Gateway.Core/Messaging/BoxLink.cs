using System;
using Gateway.Core.Calls;
using Gateway.Core.Logging;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>The box's side of the MQTT contract (docs/mqtt.md): call records from the outbox
    /// journal to the calls topic with QoS 1, status, live events, rule updates and the box log.</summary>
    /// <remarks>
    /// Driven only by the adapter's callbacks and Tick(nowMs): no threads, no clock reads. The
    /// adapter must serialise every call into it (one lock around the MQTT client's callbacks, the
    /// call session's sinks and Tick). Records are published oldest first with at most
    /// <see cref="Window"/> unacknowledged at a time; one leaves the journal only when the broker
    /// acknowledged it and every older one (cumulative ack), so QoS 1 duplicates happen only when a
    /// PUBACK is lost (reconnect, restart, ack time-out).
    /// </remarks>
    public sealed class BoxLink : IMqttListener, ICallRecordSink, ILiveEventSink
    {
        /// <summary>Default number of call records in flight (sent, not yet acknowledged).</summary>
        public const int DefaultWindow = 4;

        /// <summary>Live events held for the next tick; more than a fast dialler makes in one tick.</summary>
        public const int LiveEventQueueCapacity = 32;

        private readonly IMqttTransport _transport;
        private readonly MessagingTopics _topics;
        private readonly OutboxJournal _journal;
        private readonly IRuleUpdateTarget _rules;
        private readonly RuleUpdateProcessor _processor;
        private readonly JsonWriter _writer = new JsonWriter(384);
        private readonly CallRecord _scratch = new CallRecord();
        private readonly StatusReport _status = new StatusReport();
        private readonly LiveEventQueue _liveEvents = new LiveEventQueue(LiveEventQueueCapacity);
        private readonly LiveEvent _liveScratch = new LiveEvent();

        // In-flight window, oldest first. Payloads are kept so that a resend needs no storage read.
        private readonly long[] _seq;
        private readonly byte[][] _payload;
        private readonly int[] _token;
        private readonly bool[] _acked;
        private readonly long[] _sentAt;
        // Give-ups of the client in a row per slot: each doubles the wait before the next resend.
        private readonly int[] _giveUps;
        private int _count;

        private bool _connected;
        private long _now;
        private bool _statusDirty = true;
        private long _lastStatusAt;
        private byte[] _ruleState;
        private string _line = LineActivity.Idle;
        private string _fault;
        private string _restoreFault;
        private string _subscriptionFault;
        private LogFeed _log;

        /// <summary>Most records in flight at once (1..OutboxJournal.MaxReadAhead).</summary>
        public readonly int Window;

        /// <summary>Resend a record when no PUBACK (or give-up) came within this time.</summary>
        public long AckTimeoutMs = 120000;

        /// <summary>Wait this long before resending a record the client gave up on or could not send;
        /// doubled after each give-up of the same record in a row, up to 8 times (40 s).</summary>
        /// <remarks>M2Mqtt gives up on a PUBACK after about 3 s (three sends 1 s apart,
        /// docs/nanoframework.md), so on a slow link without the back-off every record would go out
        /// three times every 8 s.</remarks>
        public long RetryMs = 5000;

        /// <summary>Longest back-off factor of <see cref="RetryMs"/> after repeated give-ups.</summary>
        public const int MaxRetryFactor = 8;

        /// <summary>Status changes are published at most this often.</summary>
        public long StatusMinIntervalMs = 2000;

        /// <summary>Status is republished at least this often (fresh uptime), while connected.</summary>
        public long StatusHeartbeatMs = 60000;

        /// <summary>Messages received on topics other than rules/set (ignored).</summary>
        public int IgnoredMessages;

        /// <summary>Where applied rule sets are kept across restarts (null: not kept).</summary>
        public IAppliedRulesStore AppliedRulesStore
        {
            get { return _processor.AppliedRulesStore; }
            set { _processor.AppliedRulesStore = value; }
        }

        /// <summary>Journal records that could not be encoded as JSON and were released unpublished.</summary>
        public int UnpublishableRecords;

        /// <summary>The last such failure, or null.</summary>
        public string LastError;

        /// <summary>Links the outbox journal, the rules in force and the MQTT transport. Registers
        /// itself as the transport's listener.</summary>
        public BoxLink(IMqttTransport transport, MessagingTopics topics, OutboxJournal journal,
            IRuleUpdateTarget rules, string firmwareVersion, int window, int maxRulePayloadBytes)
        {
            if (transport == null) throw new ArgumentNullException("transport");
            if (topics == null) throw new ArgumentNullException("topics");
            if (journal == null) throw new ArgumentNullException("journal");
            if (rules == null) throw new ArgumentNullException("rules");
            if (window < 1 || window > OutboxJournal.MaxReadAhead) throw new ArgumentOutOfRangeException("window");
            _transport = transport;
            _topics = topics;
            _journal = journal;
            _rules = rules;
            _processor = new RuleUpdateProcessor(rules, maxRulePayloadBytes);
            Window = window;
            _seq = new long[window];
            _payload = new byte[window][];
            _token = new int[window];
            _acked = new bool[window];
            _sentAt = new long[window];
            _giveUps = new int[window];
            _status.Firmware = firmwareVersion;
            _ruleState = StatePayload();
            transport.SetListener(this);
        }

        /// <summary>Why the box needs a technician, or null; a change is published promptly on the status topic.</summary>
        /// <remarks>Set by the adapter from the box (<see cref="GatewayBox.Fault"/>) and its own checks (storage).</remarks>
        public string Fault
        {
            get { return _fault; }
            set
            {
                if (value == _fault) return;
                _fault = value;
                _statusDirty = true;
            }
        }

        /// <summary>Why the rule set saved for restarts could not be restored at boot, or null. The box
        /// then enforces the built-in default (every number allowed), so it is a fault until a rule
        /// update is applied.</summary>
        public string RulesRestoreFault
        {
            get { return _restoreFault; }
            set
            {
                if (value == _restoreFault) return;
                _restoreFault = value;
                _statusDirty = true;
            }
        }

        /// <summary>Set while the broker refuses the subscription to rules/set (<see cref="OnSubscribed"/>):
        /// rule updates cannot reach the box. Null otherwise.</summary>
        public string SubscriptionFault { get { return _subscriptionFault; } }

        /// <summary>The fault as published and shown on the LEDs, the first of: <see cref="Fault"/>,
        /// <see cref="RulesRestoreFault"/>, the outbox's (<see cref="OutboxJournal.Fault"/>: records
        /// being refused), <see cref="SubscriptionFault"/>; null when there is none.</summary>
        public string CurrentFault
        {
            get
            {
                if (_fault != null) return _fault;
                if (_restoreFault != null) return _restoreFault;
                string outbox = _journal.Fault;
                return outbox != null ? outbox : _subscriptionFault;
            }
        }
        /// <summary>The box log's publisher, or null until <see cref="AttachLog"/>.</summary>
        public LogFeed Log { get { return _log; } }

        /// <summary>Publishes <paramref name="log"/> on the log topic from now on (<see cref="LogFeed"/>).</summary>
        public void AttachLog(BoxLog log)
        {
            _log = new LogFeed(log, _transport, _topics.Log);
            if (_connected) _log.OnConnected();
        }

        /// <summary>The outbox journal behind this link.</summary>
        public OutboxJournal Journal { get { return _journal; } }

        /// <summary>The rule update processor (last result, reason, warnings).</summary>
        public RuleUpdateProcessor RuleUpdates { get { return _processor; } }

        /// <summary>The box's hardware id (the ESP32's factory MAC as 12 lowercase hex digits; the
        /// simulator makes one up), in status and every record; set by the adapter before connecting.</summary>
        public string Hw = "";

        /// <summary>Stores the record durably (assigning its seq and epoch), then publishes what the window allows.</summary>
        public void OnCallRecord(CallRecord record)
        {
            record.Hw = Hw;
            _journal.Append(record);
            _statusDirty = true;
            Pump();
        }

        /// <summary>Publishes the event (QoS 0, only while connected) and tracks line activity.</summary>
        public void OnLiveEvent(LiveEvent e)
        {
            string line = LineActivity.After(e.Kind, _line);
            if (line != _line)
            {
                _line = line;
                _statusDirty = true;
            }
            // Published at the next tick: the line's event path (GPIO callbacks under the box's
            // lock) must neither allocate a payload nor wait on the network.
            if (_connected) _liveEvents.Enqueue(e);
        }

        /// <summary>Live events lost because more arrived between two ticks than the queue holds.</summary>
        public long LiveEventsOverwritten { get { return _liveEvents.Overwritten; } }

        private void PublishLiveEvents()
        {
            while (_liveEvents.TryDequeue(_liveScratch))
            {
                try
                {
                    _writer.Reset();
                    LiveEventJson.Write(_writer, _liveScratch);
                }
                catch (Exception)
                {
                    continue; // live events are best effort; the call record carries the facts
                }
                SafePublish(_topics.Events, _writer.ToArray(), MqttQos.AtMostOnce, false);
            }
        }

        // Every record the outbox could not keep, announced on the events topic (QoS 1) once
        // connected; taken from the journal only when handed to the client.
        private void PublishLosses()
        {
            long first, last, count;
            string reason;
            while (_connected && _journal.PeekLoss(out first, out last, out count, out reason))
            {
                _writer.Reset();
                RecordsLostJson.Write(_writer, _journal.EpochText, first, last, count, reason, _now);
                if (SafePublish(_topics.Events, _writer.ToArray(), MqttQos.AtLeastOnce, false) == 0 && !_connected) return;
                _journal.LossAnnounced();
            }
        }

        public void OnConnected()
        {
            _connected = true;
            try
            {
                _transport.Subscribe(_topics.RulesSet, MqttQos.AtLeastOnce);
            }
            catch (Exception)
            {
                // The adapter reconnects and we subscribe again then.
            }
            PublishStatus();
            SafePublish(_topics.RulesState, _ruleState, MqttQos.AtLeastOnce, true);
            PublishLosses();
            // Tokens from the previous session are void: resend what was not acknowledged, in order.
            for (int i = 0; i < _count; i++)
            {
                _token[i] = 0;
                _giveUps[i] = 0;
                if (!_acked[i]) Send(i);
            }
            Pump();
            if (_log != null) _log.OnConnected();
        }

        public void OnDisconnected()
        {
            _connected = false;
            for (int i = 0; i < _count; i++) _token[i] = 0;
            _liveEvents.Clear();  // best effort: stale line events are not worth sending after a reconnect
            if (_log != null) _log.OnDisconnected();
        }

        public void OnMessage(string topic, byte[] payload, bool retained)
        {
            if (topic != _topics.RulesSet)
            {
                // The box trusts only its own rules/set (a broker or ACL mistake must not steer it).
                IgnoredMessages++;
                return;
            }
            string before = _rules.Version;
            if (_processor.Process(payload) == RuleUpdateResult.Applied) RulesRestoreFault = null;
            _ruleState = StatePayload();
            if (_rules.Version != before) _statusDirty = true;
            SafePublish(_topics.RulesState, _ruleState, MqttQos.AtLeastOnce, true);
            PublishStatusIfDue();
        }

        /// <summary>A refused rules/set subscription is a fault until a later session is granted it;
        /// other filters are not the link's.</summary>
        public void OnSubscribed(string topicFilter, bool granted)
        {
            if (topicFilter != _topics.RulesSet) return;
            string fault = granted ? null
                : "mqtt: the broker refused the subscription to " + topicFilter + " (check its ACL): rule updates cannot reach this box";
            if (fault == _subscriptionFault) return;
            _subscriptionFault = fault;
            _statusDirty = true;
            PublishStatusIfDue();
        }

        public void OnPublished(int token, bool acknowledged)
        {
            if (token <= 0) return;
            if (_log != null && _log.OnPublished(token, acknowledged)) return;
            int i = 0;
            while (i < _count && _token[i] != token) i++;
            if (i == _count) return; // status, rules/state, or a token from before a resend
            _token[i] = 0;
            if (!acknowledged)
            {
                // The client gave up; resend from Tick after the back-off.
                _sentAt[i] = _now;
                if (_giveUps[i] < 30) _giveUps[i]++;
                return;
            }
            _acked[i] = true;
            int done = 0;
            while (done < _count && _acked[done]) done++;
            if (done == 0) return;
            try
            {
                _journal.AckThrough(_seq[done - 1]);
            }
            catch (Exception)
            {
                // The ack marker did not reach storage: after a restart these records go out
                // again (a duplicate QoS 1 allows); in this session they are done.
            }
            for (int k = done; k < _count; k++)
            {
                _seq[k - done] = _seq[k];
                _payload[k - done] = _payload[k];
                _token[k - done] = _token[k];
                _acked[k - done] = _acked[k];
                _sentAt[k - done] = _sentAt[k];
                _giveUps[k - done] = _giveUps[k];
            }
            for (int k = _count - done; k < _count; k++) _payload[k] = null;
            _count -= done;
            _statusDirty = true;
            Pump();
        }

        /// <summary>Advances time: resends overdue records and publishes status when due.</summary>
        public void Tick(long nowMs)
        {
            _now = nowMs;
            if (!_connected) return;
            PublishLiveEvents();
            PublishLosses();
            for (int i = 0; i < _count; i++)
            {
                if (_acked[i]) continue;
                long waited = nowMs - _sentAt[i];
                if ((_token[i] == 0 && waited >= RetryWaitMs(_giveUps[i])) || (_token[i] != 0 && waited >= AckTimeoutMs)) Send(i);
            }
            Pump();
            PublishStatusIfDue();
            if (_log != null) _log.Tick(nowMs);
        }

        /// <summary>Fills the window from the journal, oldest first.</summary>
        private void Pump()
        {
            if (!_connected) return;
            while (_count < Window)
            {
                long seq;
                try
                {
                    seq = _journal.ReadNext(_scratch);
                }
                catch (Exception)
                {
                    return; // storage read failed: try again on the next Tick
                }
                if (seq == 0) break;
                int i = _count++;
                _seq[i] = seq;
                _token[i] = 0;
                _giveUps[i] = 0;
                try
                {
                    _writer.Reset();
                    _scratch.Hw = Hw;
                    CallRecordJson.Write(_writer, _scratch);
                    _payload[i] = _writer.ToArray();
                    _acked[i] = false;
                }
                catch (Exception e)
                {
                    // Not representable as JSON (e.g. a time outside years 1-9999): it can never be
                    // published, so it is released with the next ack instead of blocking the queue.
                    _payload[i] = null;
                    _acked[i] = true;
                    UnpublishableRecords++;
                    LastError = "record " + seq + " not publishable: " + e.Message;
                    continue;
                }
                Send(i);
                if (_token[i] == 0) break; // the client is not taking messages now
            }
        }

        private long RetryWaitMs(int giveUps)
        {
            int factor = 1;
            for (int k = 1; k < giveUps && factor < MaxRetryFactor; k++) factor *= 2;
            return RetryMs * factor;
        }

        private void Send(int i)
        {
            _sentAt[i] = _now;
            _token[i] = SafePublish(_topics.Calls, _payload[i], MqttQos.AtLeastOnce, false);
        }

        private int SafePublish(string topic, byte[] payload, MqttQos qos, bool retain)
        {
            if (!_connected) return 0;
            try
            {
                return _transport.Publish(topic, payload, qos, retain);
            }
            catch (Exception)
            {
                return 0;
            }
        }

        private void PublishStatusIfDue()
        {
            if (!_connected) return;
            long since = _now - _lastStatusAt;
            if ((_statusDirty && since >= StatusMinIntervalMs) || since >= StatusHeartbeatMs) PublishStatus();
        }

        private void PublishStatus()
        {
            if (SafePublish(_topics.Status, CurrentStatus(), MqttQos.AtLeastOnce, true) != 0)
            {
                _statusDirty = false;
                _lastStatusAt = _now;
            }
        }

        /// <summary>The status payload as it would be published now (diagnostics, simulator).</summary>
        public byte[] CurrentStatus()
        {
            _status.Rules = _rules.Version;
            _status.Queue = _journal.Depth;
            _status.Dropped = _journal.Dropped;
            _status.Epoch = _journal.EpochText;
            _status.Hw = Hw;
            _status.OutboxError = _journal.LastError;
            _status.Fault = CurrentFault;
            _status.Line = _line;
            _status.UptimeMs = _now;
            _writer.Reset();
            _status.Write(_writer);
            return _writer.ToArray();
        }

        private byte[] StatePayload()
        {
            _writer.Reset();
            _processor.WriteState(_writer);
            return _writer.ToArray();
        }
    }
}
