using Gateway.Core.Calls;
using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>Encodes a live line event for <c>&lt;prefix&gt;/&lt;box&gt;/events</c> (docs/schemas/event.schema.json).</summary>
    public static class LiveEventJson
    {
        /// <summary>Writes <c>e</c> as one JSON object into a reset writer.</summary>
        public static void Write(JsonWriter w, LiveEvent e)
        {
            w.BeginObject();
            w.String("event", KindName(e.Kind));
            w.String("line", e.Line);
            w.UtcTime("time", e.UnixMs);
            w.Bool("clockSynced", e.ClockSynced);
            w.Int("uptimeMs", e.TimeMs);
            if (e.Kind == LiveEventKind.Key)
            {
                w.Name("key");
                char[] key = KeyBuffer;
                key[0] = e.Key;
                w.String(key, 0, 1);
                w.String("dial", CallRecordJson.DialName(e.Dial));
                w.Int("digit", e.DigitIndex);
            }
            else if (e.Kind == LiveEventKind.Decision)
            {
                w.String("verdict", VerdictName(e.Verdict));
                if (e.DigitIndex > 0) w.Int("digit", e.DigitIndex);
                else w.Null("digit");
                w.Int("rulePrefixLength", e.RulePrefixLength);
                w.Bool("emergency", e.Emergency);
            }
            else if (e.Kind == LiveEventKind.CodeLockout)
            {
                w.UtcTime("until", e.UntilUnixMs);
                w.Int("wrongCodes", e.WrongCodes);
            }
            w.EndObject();
        }

        // One key written at a time under the box's lock: a shared one-char buffer avoids a string.
        private static readonly char[] KeyBuffer = new char[1];

        /// <summary>JSON name of an event kind.</summary>
        public static string KindName(LiveEventKind k)
        {
            switch (k)
            {
                case LiveEventKind.OffHook: return "offHook";
                case LiveEventKind.Key: return "key";
                case LiveEventKind.Decision: return "decision";
                case LiveEventKind.LineCut: return "lineCut";
                case LiveEventKind.LineRestored: return "lineRestored";
                case LiveEventKind.OnHook: return "onHook";
                case LiveEventKind.Flash: return "flash";
                case LiveEventKind.RingStart: return "ringStart";
                case LiveEventKind.RingStop: return "ringStop";
                case LiveEventKind.CodeLockout: return "codeLockout";
                default: return "unknown";
            }
        }

        /// <summary>JSON name of a verdict.</summary>
        public static string VerdictName(RuleVerdict v)
        {
            switch (v)
            {
                case RuleVerdict.Allow: return "allow";
                case RuleVerdict.Block: return "block";
                default: return "continue";
            }
        }
    }
}
