using Gateway.Core.Calls;
using Gateway.Core.Line;

namespace Gateway.Core.Tests.Calls.Support
{
    /// <summary>A call session wired to recorders, driven by timestamped line events.</summary>
    public sealed class SessionRig
    {
        public const long Anchor = 1767225600000L;  // 2026-01-01T00:00:00Z

        public readonly CallSettings Settings;
        public readonly FakeRuleCursor Cursor;
        public readonly RecordList Records = new RecordList();
        public readonly RelayLog Relay = new RelayLog();
        public readonly LiveLog Live = new LiveLog();
        public readonly TimeBase Clock = new TimeBase();
        public readonly LineCutController Cutter;
        public readonly CallSession Session;

        public SessionRig() : this(new CallSettings(), new FakeRuleCursor(new[] { "00", "168" }, new[] { "8" }, new[] { "110", "120" })) { }

        public SessionRig(CallSettings settings, FakeRuleCursor cursor)
        {
            Settings = settings;
            Cursor = cursor;
            Clock.Set(Anchor, true);
            Cutter = new LineCutController(Relay, settings.LineCutOpenMs);
            Session = new CallSession("box1", "line1", settings, cursor, Cutter, Clock, Records, Live);
        }

        public SessionRig OffHook(long t) { Session.OnLineEvent(LineEventKind.OffHook, '\0', DialSource.None, t); return this; }
        public SessionRig OnHook(long t) { Session.OnLineEvent(LineEventKind.OnHook, '\0', DialSource.None, t); return this; }
        public SessionRig Flash(long t) { Session.OnLineEvent(LineEventKind.Flash, '\0', DialSource.None, t); return this; }
        public SessionRig RingStart(long t) { Session.OnLineEvent(LineEventKind.RingStart, '\0', DialSource.None, t); return this; }
        public SessionRig RingStop(long t) { Session.OnLineEvent(LineEventKind.RingStop, '\0', DialSource.None, t); return this; }
        public SessionRig Dtmf(char key, long t) { Session.OnLineEvent(LineEventKind.Digit, key, DialSource.Dtmf, t); return this; }
        public SessionRig Pulse(char key, long t) { Session.OnLineEvent(LineEventKind.Digit, key, DialSource.Pulse, t); return this; }
        public SessionRig Tick(long t) { Session.Tick(t); return this; }

        /// <summary>Dials <paramref name="keys"/> by DTMF from <paramref name="t"/>, one key every <paramref name="stepMs"/>.</summary>
        public SessionRig DialDtmf(string keys, long t, long stepMs)
        {
            for (int i = 0; i < keys.Length; i++) Dtmf(keys[i], t + i * stepMs);
            return this;
        }

        /// <summary>Ticks every 10 ms from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
        public SessionRig TickThrough(long from, long to)
        {
            for (long t = from; t <= to; t += 10) Session.Tick(t);
            return this;
        }
    }
}
