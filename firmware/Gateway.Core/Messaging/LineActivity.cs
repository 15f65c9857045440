using Gateway.Core.Calls;

namespace Gateway.Core.Messaging
{
    /// <summary>The "line" value of the status report, derived from live events.</summary>
    public static class LineActivity
    {
        public const string Idle = "idle";
        public const string Ringing = "ringing";
        public const string OffHook = "offHook";
        public const string Dialling = "dialling";
        public const string Cut = "cut";

        /// <summary>Line activity after <c>kind</c>, given the activity before it.</summary>
        public static string After(LiveEventKind kind, string before)
        {
            switch (kind)
            {
                case LiveEventKind.OffHook: return OffHook;
                case LiveEventKind.Key: return before == Cut ? Cut : Dialling;
                case LiveEventKind.LineCut: return Cut;
                // The relay closes again once the exchange released the call; the handset may still be up.
                case LiveEventKind.LineRestored: return OffHook;
                case LiveEventKind.OnHook: return Idle;
                case LiveEventKind.RingStart: return Ringing;
                case LiveEventKind.RingStop: return before == Ringing ? Idle : before;
                default: return before;
            }
        }
    }
}
