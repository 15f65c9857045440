using Gateway.Core.Line;
using Gateway.Core.Rules;

namespace Gateway.Core.Calls
{
    /// <summary>The call state machine of one line: turns line events and time into rule checks, line cuts and call records.</summary>
    /// <remarks>
    /// Every key of an outgoing call goes to the rule cursor as it arrives; a Block that is not an
    /// emergency number cuts the line at once. Dialling ends at the inter-digit time-out or on-hook.
    /// While the relay holds the loop open the hook input reads on-hook: that on-hook ends the
    /// blocked call and every other line event is ignored until the relay closes.
    /// A hook flash (recall) gets a new dial tone for a consultation call or transfer, in outgoing
    /// and incoming calls alike, so the keys after it are a new number: the cursor starts again and
    /// the record's digits get an <see cref="RecallMark"/>. Keys dialled after a number's dialling
    /// ended (menus, PINs) are neither checked nor recorded. Once any number of the call was an
    /// emergency number the line is never cut (the emergency call may be on hold behind the recall).
    /// The per-event path does not allocate; strings are built only when the record is made, and
    /// only when its text differs from the last record's. One <see cref="CallRecord"/> is reused
    /// for every call, so sinks copy what they keep (<see cref="CallRecord.CopyTo"/>).
    /// Not thread-safe: the box serialises calls.
    /// </remarks>
    public sealed class CallSession : ILineEventSink
    {
        /// <summary>Marks a hook flash in the record's digits, as on a phone's R (recall) key.</summary>
        public const char RecallMark = 'R';

        private readonly string _box;
        private readonly string _line;
        private readonly CallSettings _settings;
        private readonly IRuleCursor _cursor;
        private readonly LineCutController _cutter;
        private readonly TimeBase _clock;
        private readonly ICallRecordSink _records;
        private readonly ILiveEventSink _live;
        private readonly LiveEvent _event = new LiveEvent();
        private readonly CallRecord _record = new CallRecord();
        private readonly char[] _digits;
        // The strings of earlier records, kept for the next record that has the same text.
        private string _lastDigits = "";
        private string _lastRule;
        private readonly RuleDecision _decision = new RuleDecision();
        private string _rulesVersion = "";
        private string _className = "";

        private CallState _state;
        private CallDirection _direction;
        private long _startMs;
        private bool _syncedAtStart;
        private long _lastKeyMs;
        private long _ringStoppedMs;
        private long _ringStartMs;
        private bool _ringStopped;
        private int _keys;          // keys dialled and recall marks (may exceed the stored digits)
        private int _numberStart;   // _keys before the current number's first key
        private bool _emergencyEarlier;  // an earlier number of this call was an emergency number
        private int _ruleStart;     // where in the digits the deciding number starts
        private int _ruleLength;    // its deciding rule's prefix length, 0 for none or the default
        private bool _anyDtmf;
        private bool _anyPulse;
        private int _flashes;
        private RuleVerdict _verdict;
        private long _deadlineMs;   // when the talk time limit cuts the call; 0 when none
        private long _limitMs;      // the limit that set it
        private bool _limitCut;     // the cut in progress is the limit's, not a block's

        /// <summary>A session for line <paramref name="line"/> of box <paramref name="box"/>; a null
        /// <paramref name="cursor"/> means no rules at all (nothing checked or cut); <paramref name="live"/> may be null.</summary>
        public CallSession(string box, string line, CallSettings settings, IRuleCursor cursor, LineCutController cutter,
            TimeBase clock, ICallRecordSink records, ILiveEventSink live)
        {
            _box = box;
            _line = line;
            _settings = settings;
            _cursor = cursor;
            _cutter = cutter;
            _clock = clock;
            _records = records;
            _live = live;
            _digits = new char[settings.MaxDigits];
            _event.Line = line;
        }

        /// <summary>Where the session is.</summary>
        public CallState State { get { return _state; } }

        /// <summary>True when the last line cut ended without the hook input ever showing the loop
        /// open: the relay or the hook sense is faulty, so a blocked call may have got through.</summary>
        public bool LastCutUnconfirmed { get; private set; }

        /// <inheritdoc/>
        public void OnLineEvent(LineEventKind kind, char key, DialSource source, long timeMs)
        {
            // An on-hook reported for the very millisecond the limit runs out is the caller's hang-up.
            Expire(timeMs, kind == LineEventKind.OnHook);
            switch (kind)
            {
                case LineEventKind.RingStart: OnRingStart(timeMs); break;
                case LineEventKind.RingStop: OnRingStop(timeMs); break;
                case LineEventKind.OffHook: OnOffHook(timeMs); break;
                case LineEventKind.OnHook: OnOnHook(timeMs); break;
                case LineEventKind.Flash: OnFlash(timeMs); break;
                case LineEventKind.Digit: OnDigit(key, source, timeMs); break;
            }
        }

        /// <summary>Time passes: ends dialling at the time-out, closes the relay after a cut, forgets an unanswered ring.</summary>
        public void Tick(long timeMs)
        {
            Expire(timeMs, false);
            if (!_cutter.Tick(timeMs)) return;
            Emit(LiveEventKind.LineRestored, timeMs);
            if (_state == CallState.Cut)
            {
                // The hook input never showed the loop open (relay or sense fault): end the blocked
                // call here, and police whatever is dialled next as a new call.
                LastCutUnconfirmed = true;
                EndCall(_limitCut ? CallOutcome.Limited : CallOutcome.Blocked, timeMs);
                BeginOutgoing(timeMs);
            }
        }

        /// <summary>The installer's relay check (wiring self-test): opens the loop as a block does and
        /// for as long, so the installer hears the relay and the line goes dead; false (nothing
        /// happens) during an emergency call or a cut already in progress.</summary>
        public bool RequestTestCut(long timeMs)
        {
            Expire(timeMs, false);
            if (!_cutter.RequestCut(timeMs)) return false;
            Emit(LiveEventKind.LineCut, timeMs);
            return true;
        }

        private void Expire(long timeMs, bool onHook)
        {
            if (_state == CallState.Dialling && timeMs - _lastKeyMs >= _settings.InterDigitTimeoutMs)
                EndDialling(timeMs);
            if (_deadlineMs > 0 && (onHook ? timeMs > _deadlineMs : timeMs >= _deadlineMs)
                && (_state == CallState.InCall || _state == CallState.OffHook || _state == CallState.Dialling))
            {
                // Never on an emergency call (one may be on hold behind a recall).
                if (IsEmergencyCall()) _deadlineMs = 0;
                else
                {
                    _limitCut = true;
                    Cut(timeMs);
                }
            }
            else if (_state == CallState.Ringing && _ringStopped && timeMs - _ringStoppedMs > _settings.RingAnswerGraceMs)
            {
                // Unanswered: a record too, from the first ring to the last, so no caller goes unseen.
                ResetCall(_ringStartMs);
                _direction = CallDirection.Incoming;
                EndCall(CallOutcome.Missed, _ringStoppedMs);
            }
        }

        private void OnRingStart(long timeMs)
        {
            if (_state == CallState.Idle || _state == CallState.Ringing)
            {
                if (_state == CallState.Idle) _ringStartMs = timeMs;
                _state = CallState.Ringing;
                _ringStopped = false;
            }
            Emit(LiveEventKind.RingStart, timeMs);
        }

        private void OnRingStop(long timeMs)
        {
            if (_state == CallState.Ringing)
            {
                _ringStopped = true;
                _ringStoppedMs = timeMs;
            }
            Emit(LiveEventKind.RingStop, timeMs);
        }

        private void OnOffHook(long timeMs)
        {
            if (_state == CallState.Idle) BeginOutgoing(timeMs);
            else if (_state == CallState.Ringing) BeginIncoming(timeMs);
            else return;
            Emit(LiveEventKind.OffHook, timeMs);
        }

        private void OnOnHook(long timeMs)
        {
            switch (_state)
            {
                case CallState.OffHook:
                    // Only a call without a single key (recalls do not count) is abandoned.
                    EndCall(_direction == CallDirection.Incoming || _anyDtmf || _anyPulse ? ConnectedOutcome() : CallOutcome.Abandoned, timeMs);
                    break;
                case CallState.Dialling:
                    // Hung up before the time-out: the rules still judge what was dialled, but there is nothing to cut.
                    if (_verdict == RuleVerdict.Continue && _cursor != null) _verdict = _cursor.Finish();
                    EmitDecisionIfDecided(timeMs);
                    if (IsBlock()) EndCall(CallOutcome.Blocked, timeMs);
                    else EndCall(ConnectedOutcome(), timeMs);
                    break;
                case CallState.InCall:
                    EndCall(ConnectedOutcome(), timeMs);
                    break;
                case CallState.Cut:
                    LastCutUnconfirmed = false;
                    EndCall(_limitCut ? CallOutcome.Limited : CallOutcome.Blocked, timeMs);
                    break;
                default:
                    return;
            }
            Emit(LiveEventKind.OnHook, timeMs);
        }

        private CallOutcome ConnectedOutcome()
        {
            return _direction == CallDirection.Incoming ? CallOutcome.Incoming : CallOutcome.Completed;
        }

        private void OnFlash(long timeMs)
        {
            if (_state != CallState.OffHook && _state != CallState.Dialling && _state != CallState.InCall) return;
            _flashes++;
            // The recall gets a new dial tone: what follows is a new number for the rules. A number
            // still being dialled is abandoned by the exchange, so it is not judged.
            if (IsEmergencyCall()) _emergencyEarlier = true;
            if (_keys < _digits.Length) _digits[_keys] = RecallMark;
            _keys++;
            _numberStart = _keys;
            _verdict = RuleVerdict.Continue;
            if (_cursor != null) _cursor.Reset();
            _state = CallState.OffHook;
            Emit(LiveEventKind.Flash, timeMs);
        }

        private void OnDigit(char key, DialSource source, long timeMs)
        {
            // Incoming calls start in InCall, so their keys count only after a recall.
            if (_state != CallState.OffHook && _state != CallState.Dialling) return;
            _state = CallState.Dialling;
            _lastKeyMs = timeMs;
            if (_keys < _digits.Length)
            {
                _digits[_keys] = key;
                if (source == DialSource.Pulse) _anyPulse = true;
                else _anyDtmf = true;
            }
            _keys++;
            _event.Dial = source == DialSource.Pulse ? DialMethod.Pulse : DialMethod.Dtmf;
            _event.DigitIndex = _keys;
            _event.Key = key;
            Emit(LiveEventKind.Key, timeMs);
            if (_cursor == null) return;
            // Keys after the decision still go to the cursor: it keeps noticing an emergency number
            // dialled after an Allow fell for another reason (the record's emergency flag).
            RuleVerdict verdict = _cursor.Advance(key);
            if (IsEmergencyCall()) _cutter.EmergencyCallActive = true;
            if (_verdict != RuleVerdict.Continue || verdict == RuleVerdict.Continue) return;
            _verdict = verdict;
            EmitDecisionIfDecided(timeMs);
            if (IsBlock()) Cut(timeMs);
        }

        private void EndDialling(long timeMs)
        {
            if (_cursor != null && _verdict == RuleVerdict.Continue)
            {
                _verdict = _cursor.Finish();
                EmitDecisionIfDecided(timeMs);
            }
            if (IsBlock())
            {
                Cut(timeMs);
                return;
            }
            if (IsEmergencyCall()) _cutter.EmergencyCallActive = true;
            _state = CallState.InCall;
            // Talk time counts from the end of dialling; a later number's limit may only bring the cut closer.
            int limit = _verdict == RuleVerdict.Allow && !IsEmergencyCall() ? _decision.LimitSeconds() : 0;
            if (limit > 0 && (_deadlineMs == 0 || timeMs + limit * 1000L < _deadlineMs))
            {
                _deadlineMs = timeMs + limit * 1000L;
                _limitMs = limit * 1000L;
            }
        }

        // A Block on an emergency number is impossible with the real rules; if a cursor says so anyway, the call goes through.
        private bool IsBlock()
        {
            return _verdict == RuleVerdict.Block && !IsEmergencyCall();
        }

        // DialledEmergency also catches an emergency number dialled after an Allow had already
        // fallen for another reason (e.g. 112 under default allow decides at its first key).
        private bool IsEmergencyCall()
        {
            if (_emergencyEarlier) return true;
            return _cursor != null && (_cursor.IsEmergency || _cursor.DialledEmergency);
        }

        // Position in the call's digits (recall marks included) at which the current number's verdict fell.
        private int DecidedAt()
        {
            int at = _cursor.DecidedAtDigit;
            return at > 0 ? _numberStart + at : _keys;  // decided by Finish: at the last key
        }

        private void Cut(long timeMs)
        {
            _state = CallState.Cut;
            if (_cutter.RequestCut(timeMs)) Emit(LiveEventKind.LineCut, timeMs);
        }

        private void BeginOutgoing(long timeMs)
        {
            ResetCall(timeMs);
            _state = CallState.OffHook;
            _direction = CallDirection.Outgoing;
        }

        private void BeginIncoming(long timeMs)
        {
            ResetCall(timeMs);
            _state = CallState.InCall;
            _direction = CallDirection.Incoming;
        }

        private void ResetCall(long timeMs)
        {
            _startMs = timeMs;
            _syncedAtStart = _clock.IsSynced;
            _keys = 0;
            _numberStart = 0;
            _emergencyEarlier = false;
            _ruleStart = 0;
            _ruleLength = 0;
            _anyDtmf = false;
            _anyPulse = false;
            _flashes = 0;
            _verdict = RuleVerdict.Continue;
            _deadlineMs = 0;
            _limitMs = 0;
            _limitCut = false;
            _ringStopped = false;
            _cutter.EmergencyCallActive = false;
            _decision.Clear();
            if (_cursor != null)
            {
                // The class at off-hook governs the whole call, even across a schedule boundary.
                _cursor.StartCall(_clock.ToUnixMs(timeMs), _clock.IsSynced);
                _rulesVersion = _cursor.RulesVersion;
                _className = _cursor.ClassName;
            }
        }

        private void EndCall(CallOutcome outcome, long timeMs)
        {
            _state = CallState.Idle;
            _cutter.EmergencyCallActive = false;
            CallRecord r = _record;
            r.Seq = 0;
            r.Box = _box;
            r.Line = _line;
            r.Direction = _direction;
            int stored = _keys < _digits.Length ? _keys : _digits.Length;
            _lastDigits = Text(_lastDigits, 0, stored);
            r.Digits = _lastDigits;
            r.Dial = _anyDtmf ? (_anyPulse ? DialMethod.Mixed : DialMethod.Dtmf) : (_anyPulse ? DialMethod.Pulse : DialMethod.None);
            r.StartUnixMs = _clock.ToUnixMs(_startMs);
            r.EndUnixMs = _clock.ToUnixMs(timeMs);
            r.DurationMs = timeMs - _startMs;
            r.Outcome = outcome;
            int ruleLength = _ruleLength;
            if (_ruleStart + ruleLength > stored) ruleLength = stored - _ruleStart;
            if (ruleLength > 0) _lastRule = Text(_lastRule, _ruleStart, ruleLength);
            r.Rule = ruleLength > 0 ? _lastRule : null;
            // Nothing moves the cursor or the key count while the line is cut, so the block's position still holds.
            r.BlockedAtDigit = outcome == CallOutcome.Blocked ? DecidedAt() : 0;
            r.Flashes = _flashes;
            r.Emergency = IsEmergencyCall();
            r.ClockSynced = _syncedAtStart;
            r.RulesVersion = _rulesVersion == null ? "" : _rulesVersion;
            r.Class = _className == null || _className.Length == 0 ? null : _className;
            r.Decision = _decision.Kind;
            r.DecidedPattern = _decision.Pattern();
            r.LimitMs = _limitMs > 0 && !IsEmergencyCall() ? _limitMs : 0;
            _records.OnCallRecord(r);
        }

        // The dialled keys [start, start+count) as a string: known, when equal to it (a redial, the same rule).
        private string Text(string known, int start, int count)
        {
            if (known != null && known.Length == count)
            {
                int i = 0;
                while (i < count && known[i] == _digits[start + i]) i++;
                if (i == count) return known;
            }
            return count == 0 ? "" : new string(_digits, start, count);
        }

        private void EmitDecisionIfDecided(long timeMs)
        {
            if (_verdict == RuleVerdict.Continue) return;
            // The record names the rule of the last number decided (a block ends the call, so it is last).
            _ruleStart = _numberStart;
            _ruleLength = _cursor.RulePrefixLength;
            _cursor.CopyDecisionTo(_decision);
            _event.Verdict = _verdict;
            _event.DigitIndex = DecidedAt();
            _event.RulePrefixLength = _cursor.RulePrefixLength;
            _event.Emergency = _cursor.IsEmergency;
            Emit(LiveEventKind.Decision, timeMs);
        }

        private void Emit(LiveEventKind kind, long timeMs)
        {
            if (_live != null)
            {
                _event.Kind = kind;
                _event.TimeMs = timeMs;
                _event.UnixMs = _clock.ToUnixMs(timeMs);
                _event.ClockSynced = _clock.IsSynced;
                _live.OnLiveEvent(_event);
            }
            _event.Key = '\0';
            _event.Dial = DialMethod.None;
            _event.Verdict = RuleVerdict.Continue;
            _event.DigitIndex = 0;
            _event.RulePrefixLength = 0;
            _event.Emergency = false;
        }
    }
}
