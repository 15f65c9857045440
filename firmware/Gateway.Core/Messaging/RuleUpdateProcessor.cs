using Gateway.Core.Messaging.Json;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>Turns a rules/set payload into a decision: parse, apply through the rules in force,
    /// and describe the outcome for rules/state (docs/schemas/rules-state.schema.json).</summary>
    public sealed class RuleUpdateProcessor
    {
        private readonly IRuleUpdateTarget _target;
        private readonly int _maxPayloadBytes;

        public RuleUpdateProcessor(IRuleUpdateTarget target, int maxPayloadBytes)
        {
            if (target == null) throw new System.ArgumentNullException("target");
            _target = target;
            _maxPayloadBytes = maxPayloadBytes;
        }

        /// <summary>Outcome of the last update (Startup before any).</summary>
        public RuleUpdateResult Result;

        /// <summary>Version named by the last update, or null when it could not be read.</summary>
        public string Requested;

        /// <summary>Why the last update was refused, or null.</summary>
        public string Reason;

        /// <summary>Warnings from the rules engine about the last applied update, or null.</summary>
        public string Warnings;

        /// <summary>Where an applied update is saved for restarts without network, or null.</summary>
        /// <remarks>Saved here, while the body is at hand, so that no copy of it outlives the update.</remarks>
        public IAppliedRulesStore AppliedRulesStore;

        /// <summary>Processes one rules/set payload; never throws.</summary>
        public RuleUpdateResult Process(byte[] payload)
        {
            Requested = null;
            Reason = null;
            Warnings = null;
            string reason;
            RuleUpdateRequest req = RuleUpdateRequest.Parse(payload, _maxPayloadBytes, out reason);
            if (req == null)
            {
                Reason = reason;
                return Result = RuleUpdateResult.Refused;
            }
            Requested = req.Version;
            if (req.Version == _target.Version)
            {
                // A retained replay after a reconnect or restart: the rules are already in force.
                return Result = RuleUpdateResult.Unchanged;
            }
            string warnings;
            bool ok;
            try
            {
                ok = _target.TryApply(req.Body, req.IsImage, req.Version, out reason, out warnings);
            }
            catch (System.Exception e)
            {
                ok = false;
                reason = "rules engine failed: " + e.Message;
                warnings = null;
            }
            if (!ok)
            {
                Reason = reason == null || reason.Length == 0 ? "refused by the rules engine" : reason;
                return Result = RuleUpdateResult.Refused;
            }
            Warnings = warnings;
            if (AppliedRulesStore != null)
            {
                try
                {
                    AppliedRulesStore.Save(req.Body, req.IsImage, _target.Version);
                }
                catch (System.Exception e)
                {
                    // In force now, but a restart without network would fall back: say so.
                    string note = "not saved for restarts: " + e.Message;
                    Warnings = Warnings == null ? note : Warnings + "\n" + note;
                }
            }
            return Result = RuleUpdateResult.Applied;
        }

        /// <summary>Writes the rules/state payload for the last outcome into a reset writer.</summary>
        public void WriteState(JsonWriter w)
        {
            w.BeginObject();
            w.String("version", _target.Version);
            w.String("result", ResultName(Result));
            w.String("requested", Requested);
            w.String("reason", Reason);
            w.String("warnings", Warnings);
            w.EndObject();
        }

        /// <summary>JSON name of a result.</summary>
        public static string ResultName(RuleUpdateResult r)
        {
            switch (r)
            {
                case RuleUpdateResult.Applied: return "applied";
                case RuleUpdateResult.Unchanged: return "unchanged";
                case RuleUpdateResult.Refused: return "refused";
                default: return "startup";
            }
        }
    }
}
