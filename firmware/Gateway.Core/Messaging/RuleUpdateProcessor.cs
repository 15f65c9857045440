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

        /// <summary>Where staged transfers (manifest and chunks) go, or null: a manifest is then refused.</summary>
        public RuleTransfer Transfer;

        /// <summary>Most missing ranges listed in rules/state.</summary>
        public const int MaxMissingRanges = 16;

        /// <summary>True when a staged set waits for an idle line.</summary>
        public bool PendingApply { get { return Transfer != null && Transfer.PendingApply; } }

        /// <summary>Takes up the transfer resumed from flash at boot, if any, as the state to report.</summary>
        public void ResumeTransferState()
        {
            if (Transfer == null || Transfer.Manifest == null) return;
            Requested = Transfer.Manifest.Version;
            Reason = null;
            Warnings = null;
            Result = Transfer.PendingApply ? RuleUpdateResult.Pending : RuleUpdateResult.Receiving;
        }

        /// <summary>Processes one rules/chunk payload; false when it was not for the transfer in progress (nothing changed).</summary>
        public bool ProcessChunk(byte[] payload)
        {
            if (Transfer == null) return false;
            RuleTransferResult r;
            try
            {
                r = Transfer.OnChunk(payload);
            }
            catch (PowerLossException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                Transfer.Reason = "transfer failed: " + e.Message;
                r = RuleTransferResult.Receiving;
            }
            if (r == RuleTransferResult.Ignored) return false;
            TakeTransfer(r);
            return true;
        }

        /// <summary>Applies the staged set that waits; call only while the line is idle.</summary>
        public RuleUpdateResult ApplyPending()
        {
            if (!PendingApply) return Result;
            string requested = Transfer.Manifest.Version;
            RuleTransferResult r;
            try
            {
                r = Transfer.Apply();
            }
            catch (PowerLossException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                Transfer.Reason = "rules engine failed: " + e.Message;
                Transfer.Discard();
                r = RuleTransferResult.Refused;
            }
            Requested = requested;
            TakeTransfer(r);
            return Result;
        }

        private void TakeTransfer(RuleTransferResult r)
        {
            if (Transfer.Manifest != null) Requested = Transfer.Manifest.Version;
            Reason = Transfer.Reason;
            Warnings = null;
            switch (r)
            {
                case RuleTransferResult.Applied:
                    Warnings = Transfer.Warnings;
                    Result = RuleUpdateResult.Applied;
                    break;
                case RuleTransferResult.Refused:
                    if (Reason == null) Reason = "refused";
                    Result = RuleUpdateResult.Refused;
                    break;
                case RuleTransferResult.Pending:
                    Result = RuleUpdateResult.Pending;
                    break;
                default:
                    Result = RuleUpdateResult.Receiving;
                    break;
            }
        }

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
            if (req.IsManifest)
            {
                if (Transfer == null)
                {
                    Reason = "this box takes no staged transfers (format \"chunked\")";
                    return Result = RuleUpdateResult.Refused;
                }
                if (req.Manifest.ChunkBytes + RuleChunk.HeaderBytes > _maxPayloadBytes)
                {
                    Requested = req.Version;
                    Reason = "field \"chunkSize\" is " + req.Manifest.ChunkBytes + ": its chunks would be over this box's limit of " + _maxPayloadBytes + " bytes per message";
                    return Result = RuleUpdateResult.Refused;
                }
                RuleTransferResult r;
                try
                {
                    r = Transfer.OnManifest(req.Manifest);
                }
                catch (PowerLossException)
                {
                    throw;
                }
                catch (System.Exception e)
                {
                    Transfer.Reason = "transfer failed: " + e.Message;
                    r = RuleTransferResult.Refused;
                }
                TakeTransfer(r);
                // A refused manifest names its own version, not the transfer that goes on.
                Requested = req.Version;
                return Result;
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
            // A whole set supersedes a transfer in progress, and its save needs the slot's second file.
            if (Transfer != null) Transfer.Discard();
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
            if ((Result == RuleUpdateResult.Receiving || Result == RuleUpdateResult.Pending) && Transfer != null && Transfer.Manifest != null)
            {
                w.Int("received", Transfer.Received);
                w.Int("chunks", Transfer.Manifest.ChunkCount);
                w.String("missing", Transfer.MissingRanges(MaxMissingRanges));
            }
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
                case RuleUpdateResult.Receiving: return "receiving";
                case RuleUpdateResult.Pending: return "pending";
                default: return "startup";
            }
        }
    }
}
