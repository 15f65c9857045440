using System.Collections;
using Gateway.Core.Calls;

namespace Gateway.Core.Tests.Calls.Support
{
    /// <summary>Keeps a copy of every call record it is given (the session reuses its record).</summary>
    public sealed class RecordList : ICallRecordSink
    {
        public readonly ArrayList Records = new ArrayList();
        public int Count { get { return Records.Count; } }
        public CallRecord this[int i] { get { return (CallRecord)Records[i]; } }
        public CallRecord Last { get { return (CallRecord)Records[Records.Count - 1]; } }
        public void OnCallRecord(CallRecord record)
        {
            CallRecord copy = new CallRecord();
            record.CopyTo(copy);
            Records.Add(copy);
        }
    }

    /// <summary>Remembers the relay's state changes as "open@t"/"closed@t" once given the time by the test.</summary>
    public sealed class RelayLog : ILineRelay
    {
        public bool Open;
        public int Changes;
        public int Confirmations;
        public void SetLoopOpen(bool open) { Open = open; Changes++; }
        public void ConfirmOpen() { Confirmations++; }
    }

    /// <summary>The relay's hold circuit as the hardware behaves: the loop is open only while enabled
    /// and within <see cref="RelayHoldCircuit.MaxHoldMs"/> (worst case) of the last trigger. The test
    /// sets <see cref="Now"/> before each call into the controller.</summary>
    public sealed class HoldCircuitModel : ILineRelay
    {
        public long Now;
        private bool _enabled;
        private long _lastTrigger;

        public void SetLoopOpen(bool open) { _enabled = open; _lastTrigger = Now; }
        public void ConfirmOpen() { _lastTrigger = Now; }

        /// <summary>Whether the contact is open at <paramref name="t"/>, for a hold time of <paramref name="holdMs"/>.</summary>
        public bool OpenAt(long t, int holdMs) { return _enabled && t - _lastTrigger < holdMs; }
    }

    /// <summary>Writes live events as one short token each ("offhook@0 key1@500 ...").</summary>
    public sealed class LiveLog : ILiveEventSink
    {
        public string Text = "";
        public bool Enabled = true;

        public void OnLiveEvent(LiveEvent e)
        {
            if (!Enabled) return;
            string token;
            switch (e.Kind)
            {
                case LiveEventKind.Key: token = "key" + e.Key; break;
                case LiveEventKind.Decision: token = (e.Verdict == Gateway.Core.Rules.RuleVerdict.Block ? "block" : "allow") + e.DigitIndex + (e.Emergency ? "!" : ""); break;
                case LiveEventKind.OffHook: token = "offhook"; break;
                case LiveEventKind.OnHook: token = "onhook"; break;
                case LiveEventKind.Flash: token = "flash"; break;
                case LiveEventKind.LineCut: token = "linecut"; break;
                case LiveEventKind.LineRestored: token = "linerestored"; break;
                case LiveEventKind.RingStart: token = "ringstart"; break;
                case LiveEventKind.RingStop: token = "ringstop"; break;
                case LiveEventKind.CodeLockout: token = "lockout" + e.WrongCodes + "until" + e.UntilMs; break;
                default: token = "kind" + (int)e.Kind; break; // a kind added later shows up by number
            }
            Text += (Text.Length == 0 ? "" : " ") + token + "@" + e.TimeMs;
        }
    }
}
