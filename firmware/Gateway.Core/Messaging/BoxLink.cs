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
        private string _statusSubscriptionFault;
        private string _deliveryFault;
        // The last two status payloads published, to recognise them when the broker delivers them
        // back on the box's own subscription (the proof that its messages arrive, see DeliveryFault).
        private byte[] _statusSent;
        private byte[] _statusSentBefore;
        // When the oldest status not yet seen back was published; -1: none is waiting.
        private long _echoWaitSince = -1;
        private string _duplicateFault;
        private int _storedReadFaults;   // of the set in force when last looked at (Tick)
        private string _storedReadFault; // its text, built then: CurrentFault is read on every pass of the device loop
        // When a status or will of another hardware id was last seen, at how many connections in a
        // row, and whether at this one.
        private long _foreignSeenAt;
        private int _foreignSessions;
        private bool _foreignSeenThisSession;
        // Longer hardware ids than this are not a box's (12 hex digits for a MAC).
        private const int MaxHwLength = 32;
        private LogFeed _log;
        private BoxLog _boxLog;
        // A code lockout seen on the line's event path, written to the box log at the next tick.
        private bool _lockoutPending;
        private string _lockoutLine;
        private int _lockoutWrongCodes;
        private long _lockoutAtMs;
        private long _lockoutUntilMs;

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

        /// <summary>A published status must come back on the box's own status subscription within
        /// this time, or <see cref="DeliveryFault"/> is set.</summary>
        /// <remarks>A broker answers a publish its ACL denies with a PUBACK all the same (MQTT 3.1.1
        /// has no way to refuse one), so the PUBACK alone would leave a box green while nothing of it
        /// arrives. Half the status heartbeat: the fault shows before the next heartbeat.</remarks>
        public long EchoTimeoutMs = 30000;

        /// <summary>Status changes are published at most this often.</summary>
        public long StatusMinIntervalMs = 2000;

        /// <summary>Status is republished at least this often (fresh uptime), while connected.</summary>
        public long StatusHeartbeatMs = 60000;

        /// <summary>Messages received on topics other than rules/set and rules/chunk (ignored).</summary>
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

        /// <summary>The fault while reads of a set kept in flash fail (<see cref="RuleTrie.StoredReadFaults"/>):
        /// until another set is put in force or a restart checks the file again.</summary>
        public static string StoredReadFault(int reads)
        {
            return "rules: " + reads + " reads of the set in force from " + RuleTransfer.SavedName
                + " failed (flash): calls are decided on what could be read; restart the box (the set is checked again) or push a new set";
        }

        /// <summary>The fault text when the box's published status does not come back from the broker.</summary>
        public const string NotDeliveredFault = "mqtt: the broker acknowledges this box's messages but does not deliver them (its status did not come back): check the broker's ACL; with the shipped one the broker user must be the box id";

        /// <summary>Set while the box's messages do not arrive at the broker's subscribers: a status it
        /// published was not delivered back on its own status subscription within
        /// <see cref="EchoTimeoutMs"/>; cleared when one comes back. Null otherwise.</summary>
        public string DeliveryFault { get { return _deliveryFault; } }

        /// <summary>Set while another box (another hardware id) publishes its status under this box's
        /// id, until <see cref="DuplicateHoldMs"/> pass without one; null otherwise.</summary>
        public string DuplicateFault { get { return _duplicateFault; } }

        /// <summary>How long the duplicate-id fault stays after the last status of the other box.</summary>
        /// <remarks>Two boxes with one id and the shipped broker (one session per user name) knock
        /// each other off in turn, so the other one's status may come only every few minutes.</remarks>
        public long DuplicateHoldMs = 600000;

        /// <summary>The duplicate-id fault text is these two around the other box's hw.</summary>
        public const string DuplicateFaultStart = "mqtt: another box (hw ";
        /// <summary>See <see cref="DuplicateFaultStart"/>.</summary>
        public const string DuplicateFaultEnd = ") publishes under this box id: give each box its own boxId (and broker user)";

        /// <summary>True while connected when every status published in this session came back
        /// (diagnostics and tests); false before the first one did.</summary>
        public bool DeliveryConfirmed { get { return _connected && _statusSent != null && _echoWaitSince < 0; } }

        /// <summary>The fault as published and shown on the LEDs, the first of: <see cref="Fault"/>,
        /// <see cref="RulesRestoreFault"/>, <see cref="StoredReadFault"/>, the outbox's (<see cref="OutboxJournal.Fault"/>: records
        /// being refused), <see cref="SubscriptionFault"/>, the status subscription's refusal,
        /// <see cref="DeliveryFault"/>, <see cref="DuplicateFault"/>; null when there is none.</summary>
        public string CurrentFault
        {
            get
            {
                if (_fault != null) return _fault;
                if (_restoreFault != null) return _restoreFault;
                if (_storedReadFault != null) return _storedReadFault;
                string outbox = _journal.Fault;
                if (outbox != null) return outbox;
                if (_subscriptionFault != null) return _subscriptionFault;
                if (_statusSubscriptionFault != null) return _statusSubscriptionFault;
                return _deliveryFault != null ? _deliveryFault : _duplicateFault;
            }
        }
        /// <summary>The box log's publisher, or null until <see cref="AttachLog"/>.</summary>
        public LogFeed Log { get { return _log; } }

        /// <summary>Publishes <paramref name="log"/> on the log topic from now on (<see cref="LogFeed"/>).</summary>
        public void AttachLog(BoxLog log)
        {
            _boxLog = log;
            _log = new LogFeed(log, _transport, _topics.Log);
            if (_connected) _log.OnConnected();
        }

        /// <summary>Staged transfers of large rule sets (manifest on rules/set, chunks on rules/chunk), or
        /// null: the box then does not subscribe to rules/chunk and refuses manifests. Set after
        /// <see cref="RuleTransfer.Restore"/>: a transfer resumed from flash is reported at once.</summary>
        public RuleTransfer Transfer
        {
            get { return _processor.Transfer; }
            set
            {
                _processor.Transfer = value;
                _processor.ResumeTransferState();
                _ruleState = StatePayload();
                if (value != null && value.RestoreFault != null) RulesRestoreFault = value.RestoreFault;
            }
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
            if (e.Kind == LiveEventKind.CodeLockout)
            {
                _lockoutPending = true;
                _lockoutLine = e.Line;
                _lockoutWrongCodes = e.WrongCodes;
                _lockoutAtMs = e.TimeMs;
                _lockoutUntilMs = e.UntilMs;
            }
            // Published at the next tick: the line's event path (GPIO callbacks under the box's
            // lock) must neither allocate a payload nor wait on the network.
            if (_connected) _liveEvents.Enqueue(e);
        }

        /// <summary>Live events lost because more arrived between two ticks than the queue holds.</summary>
        public long LiveEventsOverwritten { get { return _liveEvents.Overwritten; } }

        private void ApplyStagedRules()
        {
            string before = _rules.Version;
            RuleUpdateResult r = _processor.ApplyPending();
            if (r == RuleUpdateResult.Applied) RulesRestoreFault = null;
            else if (_processor.Transfer.RestoreFault != null) RulesRestoreFault = _processor.Transfer.RestoreFault;
            if (_rules.Version != before) _statusDirty = true;
            _ruleState = StatePayload();
            SafePublish(_topics.RulesState, _ruleState, MqttQos.AtLeastOnce, true);
        }

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
            _echoWaitSince = -1;
            _foreignSeenThisSession = false;
            try
            {
                _transport.Subscribe(_topics.RulesSet, MqttQos.AtLeastOnce);
                if (_processor.Transfer != null) _transport.Subscribe(_topics.RulesChunk, MqttQos.AtLeastOnce);
                // Its own status, delivered back, proves that what the box publishes arrives.
                _transport.Subscribe(_topics.Status, MqttQos.AtMostOnce);
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
            _echoWaitSince = -1; // judged again in the next session
            for (int i = 0; i < _count; i++) _token[i] = 0;
            _liveEvents.Clear();  // best effort: stale line events are not worth sending after a reconnect
            if (_log != null) _log.OnDisconnected();
        }

        public void OnMessage(string topic, byte[] payload, bool retained)
        {
            if (topic == _topics.Status)
            {
                OnStatusDelivered(payload, retained);
                return;
            }
            if (topic == _topics.RulesChunk && _processor.Transfer != null)
            {
                // Written to flash straight from the payload; the state tells the sender what is missing.
                if (!_processor.ProcessChunk(payload)) return;
                _ruleState = StatePayload();
                SafePublish(_topics.RulesState, _ruleState, MqttQos.AtLeastOnce, true);
                return;
            }
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

        // A status of this box's coming back (an older retained one, from before a restart, is not
        // one of the two it remembers and proves nothing either way).
        private void OnStatusDelivered(byte[] payload, bool retained)
        {
            if (!SameBytes(payload, _statusSent) && !SameBytes(payload, _statusSentBefore))
            {
                CheckForeignStatus(payload, retained);
                return;
            }
            _echoWaitSince = -1;
            if (_deliveryFault == null) return;
            _deliveryFault = null;
            _statusDirty = true;
        }

        // StatusReport and the will write these first; a status that starts otherwise is not a box's
        // of this firmware.
        private const string OnlineHwPrefix = "{\"online\":true,\"hw\":\"";
        private const string WillHwPrefix = "{\"online\":false,\"hw\":\"";

        // A status or will on this box's topic that it did not publish, naming another hardware id:
        // another box is configured with this id. Seen live, the two are online at once. Seen
        // retained, it may also be the will of a board this one replaced; but two boxes with one
        // client id take over each other's session in turn, and each connection then finds the
        // other's fresh will: so a retained one counts when it is seen at two connections in a row.
        private void CheckForeignStatus(byte[] payload, bool retained)
        {
            if (Hw == null || Hw.Length == 0 || payload == null) return;
            int start = StartsWith(payload, OnlineHwPrefix) ? OnlineHwPrefix.Length
                : StartsWith(payload, WillHwPrefix) ? WillHwPrefix.Length : -1;
            if (start < 0) return;
            int end = start;
            while (end < payload.Length && end - start <= MaxHwLength && payload[end] != (byte)'"') end++;
            if (end == payload.Length || end == start || end - start > MaxHwLength) return;
            if (Utf8.Decodes(payload, start, end - start, Hw)) return;
            if (_now - _foreignSeenAt >= DuplicateHoldMs) _foreignSessions = 0;
            _foreignSeenAt = _now;
            if (!_foreignSeenThisSession)
            {
                _foreignSeenThisSession = true;
                _foreignSessions++;
            }
            if (_duplicateFault != null || (retained && _foreignSessions < 2)) return;
            _duplicateFault = DuplicateFaultStart + ShownText.Of(Utf8.GetString(payload, start, end - start)) + DuplicateFaultEnd;
            // At once, not at the next status slot: two boxes with one client id knock each other
            // off the broker within a second or two, and the fault must get out while connected.
            PublishStatus();
        }

        // prefix is ASCII: one byte per character.
        private static bool StartsWith(byte[] payload, string prefix)
        {
            return payload.Length >= prefix.Length && Utf8.Decodes(payload, 0, prefix.Length, prefix);
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        /// <summary>A refused rules/set subscription is a fault until a later session is granted it,
        /// and so is a refused subscription to the box's own status (its messages can then not be
        /// confirmed); other filters are not the link's.</summary>
        public void OnSubscribed(string topicFilter, bool granted)
        {
            bool rules = topicFilter == _topics.RulesSet;
            if (!rules && topicFilter != _topics.Status) return;
            string fault = granted ? null
                : "mqtt: the broker refused the subscription to " + topicFilter + " (check its ACL): "
                    + (rules ? "rule updates cannot reach this box" : "the box reads its own status to confirm that its messages arrive");
            if (fault == (rules ? _subscriptionFault : _statusSubscriptionFault)) return;
            if (rules) _subscriptionFault = fault;
            else _statusSubscriptionFault = fault;
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
            // A staged set is applied between calls only: never while a cursor walks the old trie.
            if (_processor.PendingApply && _line == LineActivity.Idle) ApplyStagedRules();
            RuleBook book = _rules as RuleBook;
            int storedFaults = book == null ? 0 : book.Trie.StoredReadFaults;
            if (storedFaults != _storedReadFaults)
            {
                if (_storedReadFaults == 0 && _boxLog != null)
                    _boxLog.Write(LogLevel.Error, StoredReadFault(storedFaults), nowMs);
                _storedReadFaults = storedFaults;
                _storedReadFault = storedFaults == 0 ? null : StoredReadFault(storedFaults);
                _statusDirty = true;
            }
            if (_lockoutPending)
            {
                // Logged here, not on the line's event path: building the text allocates.
                _lockoutPending = false;
                if (_boxLog != null)
                    _boxLog.Write(LogLevel.Warning, "codes: locked for " + RuleDuration.Text((int)((_lockoutUntilMs - _lockoutAtMs) / 1000))
                        + " after " + _lockoutWrongCodes + " wrong codes (line " + _lockoutLine + ")", _lockoutAtMs);
            }
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
            if (_duplicateFault != null && nowMs - _foreignSeenAt >= DuplicateHoldMs)
            {
                _duplicateFault = null;
                _statusDirty = true;
            }
            if (_echoWaitSince >= 0 && nowMs - _echoWaitSince >= EchoTimeoutMs && _deliveryFault == null)
            {
                _deliveryFault = NotDeliveredFault;
                _statusDirty = true;
            }
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
            byte[] status = CurrentStatus();
            // Remembered before publishing: a transport may deliver it back before Publish returns.
            byte[] before = _statusSentBefore;
            _statusSentBefore = _statusSent;
            _statusSent = status;
            long waitSince = _echoWaitSince;
            if (_echoWaitSince < 0) _echoWaitSince = _now;
            bool dirty = _statusDirty;
            _statusDirty = false; // before: the echo of this very status may make it dirty again
            if (SafePublish(_topics.Status, status, MqttQos.AtLeastOnce, true) != 0)
            {
                _lastStatusAt = _now;
                return;
            }
            // Not sent: nothing to wait for.
            _statusDirty = dirty;
            _statusSent = _statusSentBefore;
            _statusSentBefore = before;
            _echoWaitSince = waitSince;
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
