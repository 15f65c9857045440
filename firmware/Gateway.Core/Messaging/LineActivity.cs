using Gateway.Core.Calls;

namespace Gateway.Core.Messaging
{
    /// <summary>The "line" value of the status report, derived from live events.</summary>
    public static class LineActivity
    {
        // Fields, not consts: nanoCLR allocates a new string each time a literal is loaded, and After runs per key and hook change.
        public static readonly string Idle = "idle";
        public static readonly string Ringing = "ringing";
        public static readonly string OffHook = "offHook";
        public static readonly string Dialling = "dialling";
        public static readonly string Cut = "cut";

        /// <summary>Line activity after <c>kind</c>, given the activity before it.</summary>
        public static string After(LiveEventKind kind, string before)
        {
            switch (kind)
            {
                case LiveEventKind.OffHook: return OffHook;
                case LiveEventKind.Key: return before == Cut ? Cut : Dialling;
                case LiveEventKind.LineCut: return Cut;
                // The relay closes again once the exchange released the call. An on-hook seen during
                // the cut (the usual case) left the line idle, and a handset still up shows as a new
                // off-hook; only if none was seen is the handset known to be up.
                case LiveEventKind.LineRestored: return before == Cut ? OffHook : before;
                case LiveEventKind.OnHook: return Idle;
                case LiveEventKind.RingStart: return Ringing;
                case LiveEventKind.RingStop: return before == Ringing ? Idle : before;
                default: return before;
            }
        }
    }
}
