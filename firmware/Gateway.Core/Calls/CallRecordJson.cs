using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;

namespace Gateway.Core.Calls
{
    /// <summary>Encodes a call record as compact JSON, identical on the device and the host (docs/call-records.md).</summary>
    public static class CallRecordJson
    {
        /// <summary>Writes <paramref name="r"/> as one JSON object (fields in the documented order) into a reset writer.</summary>
        public static void Write(JsonWriter w, CallRecord r)
        {
            w.BeginObject();
            w.Int("seq", r.Seq);
            w.String("epoch", r.Epoch);
            w.String("box", r.Box);
            w.String("hw", r.Hw);
            w.String("line", r.Line);
            w.String("direction", DirectionName(r.Direction));
            w.String("digits", r.Digits == null ? "" : r.Digits);
            w.String("dial", DialName(r.Dial));
            w.UtcTime("start", r.StartUnixMs);
            w.UtcTime("end", r.EndUnixMs);
            w.Int("durationMs", r.DurationMs);
            w.String("outcome", OutcomeName(r.Outcome));
            w.String("rule", r.Rule);
            if (r.BlockedAtDigit > 0) w.Int("blockedAtDigit", r.BlockedAtDigit);
            else w.Null("blockedAtDigit");
            w.Int("flashes", r.Flashes);
            w.Bool("emergency", r.Emergency);
            w.Bool("clockSynced", r.ClockSynced);
            w.String("rulesVersion", r.RulesVersion == null ? "" : r.RulesVersion);
            w.String("class", r.Class);
            WriteDecidedBy(w, r);
            if (r.LimitMs > 0) w.Int("limitMs", r.LimitMs);
            else w.Null("limitMs");
            w.EndObject();
        }

        // "block " and the rule's keys or pattern, written without joining them into a string.
        private static void WriteDecidedBy(JsonWriter w, CallRecord r)
        {
            string lead = RuleDecision.Lead(r.Decision);
            w.Name("decidedBy");
            if (lead == null) w.Null();
            else if (r.Decision == DecisionKind.DefaultAllow || r.Decision == DecisionKind.DefaultBlock) w.String(lead);
            else w.Joined(lead, r.DecidedPattern != null ? r.DecidedPattern : (r.Rule == null ? "" : r.Rule));
        }

        /// <summary>The record as a new UTF-8 byte array (allocates; for payloads that are kept).</summary>
        public static byte[] Encode(CallRecord r)
        {
            JsonWriter w = new JsonWriter(320);
            Write(w, r);
            return w.ToArray();
        }

        /// <summary>JSON name of a direction.</summary>
        public static string DirectionName(CallDirection d)
        {
            return d == CallDirection.Incoming ? "incoming" : "outgoing";
        }

        /// <summary>JSON name of a dial method.</summary>
        public static string DialName(DialMethod d)
        {
            switch (d)
            {
                case DialMethod.Dtmf: return "dtmf";
                case DialMethod.Pulse: return "pulse";
                case DialMethod.Mixed: return "mixed";
                default: return "none";
            }
        }

        /// <summary>JSON name of an outcome.</summary>
        public static string OutcomeName(CallOutcome o)
        {
            switch (o)
            {
                case CallOutcome.Blocked: return "blocked";
                case CallOutcome.Abandoned: return "abandoned";
                case CallOutcome.Incoming: return "incoming";
                case CallOutcome.Missed: return "missed";
                case CallOutcome.Limited: return "limited";
                default: return "completed";
            }
        }
    }
}
