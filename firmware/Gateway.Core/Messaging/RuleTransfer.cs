using System;
using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>A rule set of any size, received as a manifest and chunks (docs/mqtt.md, "Staged
    /// transfers"), staged on flash in the rules slot and applied between calls.</summary>
    /// <remarks>
    /// Chunks are written straight from the MQTT payload into the staging file (I:\rules.new) at
    /// their offset, behind the header line of <see cref="AppliedRulesFile"/>, so that the finished
    /// file is the saved set and becomes I:\rules.bin by a rename. Which chunks are in is a bitmap
    /// in the transfer record, written as two copies with a generation and a CRC-32 (a torn write
    /// leaves the other), so a reboot resumes. Repeats change nothing; any order works. When every
    /// chunk is in, the image's CRC-32 is checked from flash; the set is applied only when the
    /// caller says the line is idle: the old trie is let go first, the new one streamed from flash
    /// (one trie plus a 256-byte buffer in RAM), and if it does not load the old set is streamed
    /// back from its file. Emergency numbers pass throughout: they are not part of any trie.
    /// Single-threaded, like <see cref="BoxLink"/>; never throws (storage failures become reasons).
    /// </remarks>
    public sealed class RuleTransfer
    {
        private const int RecordFixedBytes = 34;
        /// <summary>Longest record: fixed fields, the longest version, the largest bitmap, the CRC.</summary>
        public const int MaxRecordBytes = RecordFixedBytes + RuleUpdateRequest.MaxVersionLength + RuleManifest.MaxChunks / 8 + 4;

        private readonly IRulesSlot _slot;
        private readonly RuleBook _rules;
        private readonly int _maxFileBytes;
        // Sized for the transfer in progress (null without one): the box keeps nothing for transfers
        // that are not happening, and a few bytes for one that is (the heap is tight with a big set).
        private byte[] _record;
        private byte[] _bitmap;

        private RuleManifest _manifest;
        private int _imageOffset;
        private int _received;
        private bool _complete;
        private uint _generation;
        private int _nextCopy;

        /// <summary>A transfer into <paramref name="slot"/> for <paramref name="rules"/>; a staged file
        /// (header line and image) may be at most <paramref name="maxFileBytes"/> (what one copy of the
        /// rules slot holds, <see cref="Settings.FlashBudget.RulesFileBytes"/>).</summary>
        public RuleTransfer(IRulesSlot slot, RuleBook rules, int maxFileBytes)
        {
            if (slot == null) throw new ArgumentNullException("slot");
            if (rules == null) throw new ArgumentNullException("rules");
            _slot = slot;
            _rules = rules;
            _maxFileBytes = maxFileBytes;
        }

        /// <summary>The transfer in progress or waiting to be applied, or null.</summary>
        public RuleManifest Manifest { get { return _manifest; } }

        /// <summary>Chunks of the transfer in progress that are on flash.</summary>
        public int Received { get { return _received; } }

        /// <summary>True when every chunk is in and checked: the set waits for an idle line.</summary>
        public bool PendingApply { get { return _manifest != null && _complete; } }

        /// <summary>Why the last manifest, chunk or apply was refused or failed, or null.</summary>
        public string Reason;

        /// <summary>Warnings of the last applied set, or null.</summary>
        public string Warnings;

        /// <summary>Set when the old set could not be brought back after a failed apply (the built-in default is in force); null otherwise.</summary>
        public string RestoreFault;

        /// <summary>Chunks that named no transfer in progress, another transfer, or a bad index or length.</summary>
        public int IgnoredChunks;

        /// <summary>Chunks that were already on flash (a resend).</summary>
        public int RepeatedChunks;

        /// <summary>Compacts the heap once the old set is let go, before the new one is loaded (and
        /// before the old one is loaded back); null: the runtime's own collections only.</summary>
        public IHeapCompactor Compactor;

        /// <summary>Default of <see cref="StoredImageBytes"/>: twice the default largest set in one message
        /// (RuleUpdateRequest.DefaultMaxPayloadBytes), so that sets of office size stay in RAM.</summary>
        public const int DefaultStoredImageBytes = 16 * 1024;

        /// <summary>Images in the rules slot of at least this many bytes stay in flash when put in
        /// force: the trie reads its node bits and node words from the file (docs/rules.md, "Large sets
        /// stay in flash"), and only the rest (a tenth of cn-geocoding's image) is in RAM. Smaller ones
        /// are copied into RAM, where a key needs no read. 0: every image stays in flash.</summary>
        public int StoredImageBytes = DefaultStoredImageBytes;

        /// <summary>True when chunk <paramref name="index"/> of the transfer in progress is on flash.</summary>
        public bool Has(int index)
        {
            return _manifest != null && index >= 0 && index < _manifest.ChunkCount && (_bitmap[index >> 3] & (1 << (index & 7))) != 0;
        }

        /// <summary>Largest image a transfer can stage for <paramref name="version"/> (the slot's file less the header line).</summary>
        public int MaxImageBytes(string version)
        {
            return _maxFileBytes - AppliedRulesFile.Header(true, version).Length;
        }

        // ---- boot ----

        /// <summary>At boot: puts the saved set in force (I:\rules.bin, or I:\rules.new when a save or
        /// a switch-over was cut short), then resumes a transfer from its record. Null when the saved
        /// set (or none) is in force, else why it was not restored (the built-in default is then in force).</summary>
        public string Restore(out string version, out string warnings)
        {
            version = null;
            warnings = null;
            bool recordFound = LoadRecord();
            int file = RulesSlotFile.Saved;
            int length = SafeLength(RulesSlotFile.Saved);
            if (length < 0)
            {
                // A save writes rules.new before it replaces rules.bin; a transfer's staging file is
                // the saved set only once its record says it is complete.
                if (!recordFound || _complete)
                {
                    file = RulesSlotFile.Staged;
                    length = SafeLength(RulesSlotFile.Staged);
                }
            }
            string reason = null;
            if (length >= 0)
            {
                try
                {
                    if (file == RulesSlotFile.Staged && recordFound)
                    {
                        // A checked transfer not yet applied, or one cut short in its switch-over:
                        // loaded as the network update it is (emergency-targeting rules refuse it).
                        string why;
                        if (_rules.TryApplyImageUpdate(new RulesSlotSource(_slot, file, _imageOffset), StoredImage(file, _imageOffset, _manifest.TotalBytes), _manifest.Version, out why, out warnings))
                            version = _rules.Version;
                        else
                        {
                            reason = why;
                            Discard();
                        }
                    }
                    else reason = AppliedRulesFile.TryRestore(new RulesSlotSource(_slot, file, 0), length, StoredImage(file, 0, length), _rules, out version, out warnings);
                }
                catch (Exception e)
                {
                    if (e is PowerLossException) throw;
                    reason = "cannot read it: " + e.Message;
                }
                if (reason == null && file == RulesSlotFile.Staged) FinishSwitchOver();
            }
            if (_manifest != null && _manifest.Version == _rules.Version) FinishSwitchOver();
            else if (_manifest != null && SafeLength(RulesSlotFile.Staged) < _imageOffset) Discard(); // the staging file is gone: start again
            return reason;
        }

        /// <summary>Name of the file <see cref="Restore"/> reads the saved set from.</summary>
        public static string SavedName { get { return RulesSlotFile.DeviceName(RulesSlotFile.Saved); } }

        // ---- receiving ----

        /// <summary>A manifest arrived (rules/set, format "chunked"); its version is not the one in force.</summary>
        public RuleTransferResult OnManifest(RuleManifest m)
        {
            Reason = null;
            Warnings = null;
            if (_manifest != null && _manifest.SameAs(m)) return _complete ? RuleTransferResult.Pending : RuleTransferResult.Receiving;
            if (_manifest != null && m.IssuedMs < _manifest.IssuedMs)
            {
                Reason = "manifest of " + m.Version + " is older (issued " + m.IssuedMs + ") than the transfer of " + _manifest.Version
                    + " in progress (issued " + _manifest.IssuedMs + "); the newer one continues";
                return RuleTransferResult.Refused;
            }
            int max = MaxImageBytes(m.Version);
            if (m.TotalBytes > max)
            {
                Reason = "rule set of " + m.TotalBytes + " bytes does not fit this box's rules slot on flash (at most " + (max < 0 ? 0 : max)
                    + " bytes of image; settings maxRuleSetBytes, docs/flash.md)";
                return RuleTransferResult.Refused;
            }
            if (!MoveInForceToSaved(true))
            {
                Reason = "storage: the set in force could not be renamed to " + SavedName + " (it is read from " + RulesSlotFile.DeviceName(RulesSlotFile.Staged)
                    + ", which a new transfer would overwrite); restart the box";
                return RuleTransferResult.Refused;
            }
            try
            {
                Discard();
                byte[] header = AppliedRulesFile.Header(true, m.Version);
                _manifest = m;
                _imageOffset = header.Length;
                _received = 0;
                _complete = false;
                _generation = 0;
                _nextCopy = 0;
                Size(m);
                _slot.Write(RulesSlotFile.Staged, 0, header, 0, header.Length);
                SaveRecord();
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                Discard();
                Reason = "storage: " + e.Message;
                return RuleTransferResult.Refused;
            }
            return RuleTransferResult.Receiving;
        }

        /// <summary>A rules/chunk payload arrived. Writes it at its offset unless it is a repeat or not
        /// for this transfer; when it was the last one missing, checks the image's CRC-32.</summary>
        public RuleTransferResult OnChunk(byte[] payload)
        {
            if (_manifest == null || !RuleChunk.HasHeader(payload) || RuleChunk.SetCrc(payload) != _manifest.Crc32)
            {
                IgnoredChunks++;
                return RuleTransferResult.Ignored;
            }
            uint index = RuleChunk.Index(payload);
            if (index >= (uint)_manifest.ChunkCount || payload.Length - RuleChunk.HeaderBytes != _manifest.ChunkLength((int)index))
            {
                IgnoredChunks++;
                return RuleTransferResult.Ignored;
            }
            int i = (int)index;
            if (Has(i) || _complete)
            {
                RepeatedChunks++;
                return _complete ? RuleTransferResult.Pending : RuleTransferResult.Receiving;
            }
            Reason = null;
            try
            {
                _slot.Write(RulesSlotFile.Staged, _imageOffset + i * _manifest.ChunkBytes, payload, RuleChunk.HeaderBytes, payload.Length - RuleChunk.HeaderBytes);
                _bitmap[i >> 3] |= (byte)(1 << (i & 7));
                _received++;
                if (_received == _manifest.ChunkCount)
                {
                    uint crc = StagedCrc();
                    if (crc != _manifest.Crc32)
                    {
                        Reason = "the received set's CRC-32 is 0x" + crc.ToString("X8") + ", the manifest says 0x" + _manifest.Crc32.ToString("X8");
                        Discard();
                        return RuleTransferResult.Refused;
                    }
                    _complete = true;
                }
                SaveRecord();
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                // Not on flash: it stays missing and the sender sends it again.
                _bitmap[i >> 3] &= (byte)~(1 << (i & 7));
                _received = CountBits();
                _complete = false;
                Reason = "storage: " + e.Message;
            }
            return _complete ? RuleTransferResult.Pending : RuleTransferResult.Receiving;
        }

        /// <summary>The missing chunks as ranges ("0-3,7"), at most <paramref name="maxRanges"/> of them
        /// (then ",..."); "" when none is missing.</summary>
        public string MissingRanges(int maxRanges)
        {
            if (_manifest == null) return "";
            string text = "";
            int ranges = 0;
            int i = 0, n = _manifest.ChunkCount;
            while (i < n)
            {
                if (Has(i)) { i++; continue; }
                int start = i;
                while (i < n && !Has(i)) i++;
                if (ranges == maxRanges) return text + ",...";
                if (ranges > 0) text += ",";
                text += i - 1 == start ? start.ToString() : start + "-" + (i - 1);
                ranges++;
            }
            return text;
        }

        // ---- applying ----

        /// <summary>Puts the staged set in force; call only while the line is idle (no call in progress).
        /// Applied, or Refused with <see cref="Reason"/> (the old set then back in force).</summary>
        public RuleTransferResult Apply()
        {
            Reason = null;
            Warnings = null;
            if (!PendingApply) return RuleTransferResult.Ignored;
            RuleManifest m = _manifest;
            // The old set comes back from its file, so it may only be let go when that file holds it
            // (with none saved, the old set is the built-in default or a local one: kept, it is small).
            bool oldIsSaved = SavedVersion() == _rules.Version;
            string oldVersion = _rules.Version;
            if (oldIsSaved)
            {
                _rules.Unload();
                Compact();
            }
            string reason, warnings;
            bool ok;
            RulesSlotImage stored = StoredImage(RulesSlotFile.Staged, _imageOffset, m.TotalBytes);
            try
            {
                ok = _rules.TryApplyImageUpdate(new RulesSlotSource(_slot, RulesSlotFile.Staged, _imageOffset), stored, m.Version, out reason, out warnings);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                ok = false;
                reason = "cannot read the staged set: " + e.Message;
                warnings = null;
            }
            if (!ok)
            {
                Reason = reason == null || reason.Length == 0 ? "refused by the rules engine" : reason;
                if (oldIsSaved)
                {
                    Compact();
                    RestoreOld(oldVersion);
                }
                Discard();
                return RuleTransferResult.Refused;
            }
            Warnings = warnings;
            RestoreFault = null;
            try
            {
                _slot.Replace(RulesSlotFile.Staged, RulesSlotFile.Saved);
                if (stored != null) stored.File = RulesSlotFile.Saved;
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                string note = "not saved for restarts: " + e.Message;
                Warnings = Warnings == null ? note : Warnings + "\n" + note;
            }
            FinishSwitchOver();
            return RuleTransferResult.Applied;
        }

        /// <summary>Drops the transfer in progress and its staging file (a whole set from rules/set
        /// replaced it, or it failed); never throws except for a simulated power cut.</summary>
        public void Discard()
        {
            _bitmap = null;
            _record = null;
            _manifest = null;
            _complete = false;
            _received = 0;
            try
            {
                _slot.Delete(RulesSlotFile.RecordA);
                _slot.Delete(RulesSlotFile.RecordB);
                _slot.Delete(RulesSlotFile.Staged);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
            }
        }

        // Where a set of <imageBytes> in <file> from <offset> is read once in force: the file when it is
        // large enough to stay in flash (the offset of a saved file is set once its header is read).
        private RulesSlotImage StoredImage(int file, int offset, int imageBytes)
        {
            return imageBytes >= StoredImageBytes ? new RulesSlotImage(_slot, file, offset) : null;
        }

        // rules.new becomes rules.bin when rules.bin is missing (a switch-over cut short, or a rename
        // that failed); a set in force read from rules.new follows it. With onlyTheSetInForce, nothing
        // happens unless the set in force is read from rules.new (else rules.new may be a transfer in
        // progress). False when the set in force is still read from rules.new (the rename failed),
        // which a new transfer must then not overwrite.
        private bool MoveInForceToSaved(bool onlyTheSetInForce)
        {
            RulesSlotImage inForce = _rules.Trie.StoredImage as RulesSlotImage;
            bool onStaged = inForce != null && inForce.File == RulesSlotFile.Staged;
            if (onlyTheSetInForce && !onStaged) return true;
            try
            {
                if (SafeLength(RulesSlotFile.Staged) >= 0 && (onStaged || SafeLength(RulesSlotFile.Saved) < 0))
                {
                    _slot.Replace(RulesSlotFile.Staged, RulesSlotFile.Saved);
                    if (onStaged) inForce.File = RulesSlotFile.Saved;
                    return true;
                }
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
            }
            return !onStaged;
        }

        private void Compact()
        {
            if (Compactor != null) Compactor.Compact();
        }

        private void RestoreOld(string oldVersion)
        {
            string version, warnings;
            string reason;
            int length = SafeLength(RulesSlotFile.Saved);
            try
            {
                reason = length < 0 ? "the file is gone"
                    : AppliedRulesFile.TryRestore(new RulesSlotSource(_slot, RulesSlotFile.Saved, 0), length, StoredImage(RulesSlotFile.Saved, 0, length), _rules, out version, out warnings);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                reason = "cannot read it: " + e.Message;
            }
            if (reason != null)
                RestoreFault = "rules: " + oldVersion + " did not come back from " + SavedName + " after the new set failed (" + reason + "): every number is allowed until rules arrive";
        }

        // The staged set is in force and saved: the record goes (rules.new is gone after the rename).
        private void FinishSwitchOver()
        {
            _bitmap = null;
            _record = null;
            _manifest = null;
            _complete = false;
            _received = 0;
            try
            {
                MoveInForceToSaved(false);
                _slot.Delete(RulesSlotFile.RecordA);
                _slot.Delete(RulesSlotFile.RecordB);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
            }
        }

        // The bitmap and the record buffer for a transfer of this manifest.
        private void Size(RuleManifest m)
        {
            int bitmapBytes = (m.ChunkCount + 7) / 8;
            _bitmap = new byte[bitmapBytes];
            _record = new byte[RecordFixedBytes + m.Version.Length + bitmapBytes + 4];
        }

        private uint StagedCrc()
        {
            byte[] buffer = new byte[256];
            uint crc = 0xFFFFFFFFu;
            int position = _imageOffset, left = _manifest.TotalBytes;
            while (left > 0)
            {
                int n = _slot.Read(RulesSlotFile.Staged, position, buffer, 0, left < buffer.Length ? left : buffer.Length);
                if (n <= 0) throw new System.IO.IOException("the staging file ends " + left + " bytes early");
                crc = Crc32.Update(crc, buffer, 0, n);
                position += n;
                left -= n;
            }
            return crc ^ 0xFFFFFFFFu;
        }

        // The version in the saved file's header line, or null.
        private string SavedVersion()
        {
            try
            {
                byte[] buffer = new byte[AppliedRulesFile.MaxHeaderBytes];
                int n = _slot.Read(RulesSlotFile.Saved, 0, buffer, 0, buffer.Length);
                int magic = AppliedRulesFile.Magic.Length;
                for (int i = magic + 2; i < n; i++)
                    if (buffer[i] == (byte)'\n') return Utf8.GetString(buffer, magic + 2, i - magic - 2);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
            }
            return null;
        }

        private int SafeLength(int file)
        {
            try
            {
                return _slot.Length(file);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                return -1;
            }
        }

        private int CountBits()
        {
            int n = 0;
            for (int i = 0; i < _manifest.ChunkCount; i++) if (Has(i)) n++;
            return n;
        }

        // ---- the record: [GWT1][generation][size][crc][chunkSize][chunks][issued 8][state][V][version][bitmap][CRC-32] ----

        private void SaveRecord()
        {
            RuleManifest m = _manifest;
            byte[] r = _record;
            r[0] = (byte)'G';
            r[1] = (byte)'W';
            r[2] = (byte)'T';
            r[3] = (byte)'1';
            _generation++;
            RuleChunk.Put(r, 4, _generation);
            RuleChunk.Put(r, 8, (uint)m.TotalBytes);
            RuleChunk.Put(r, 12, m.Crc32);
            RuleChunk.Put(r, 16, (uint)m.ChunkBytes);
            RuleChunk.Put(r, 20, (uint)m.ChunkCount);
            RuleChunk.Put(r, 24, (uint)m.IssuedMs);
            RuleChunk.Put(r, 28, (uint)(m.IssuedMs >> 32));
            r[32] = (byte)(_complete ? 1 : 0);
            int at = RecordFixedBytes;
            r[33] = (byte)m.Version.Length;
            for (int i = 0; i < m.Version.Length; i++) r[at++] = (byte)m.Version[i];
            int bitmapBytes = (m.ChunkCount + 7) / 8;
            Array.Copy(_bitmap, 0, r, at, bitmapBytes);
            at += bitmapBytes;
            RuleChunk.Put(r, at, Crc32.Compute(r, 0, at));
            at += 4;
            int copy = _nextCopy == 0 ? RulesSlotFile.RecordA : RulesSlotFile.RecordB;
            // A fresh file each time: a write in place could leave a longer old tail behind.
            _slot.Delete(copy);
            _slot.Write(copy, 0, r, 0, at);
            _nextCopy = 1 - _nextCopy;
        }

        // Reads both copies; the one with a good CRC and the higher generation wins. True when one did.
        private bool LoadRecord()
        {
            _manifest = null;
            _complete = false;
            _received = 0;
            uint bestGeneration = 0;
            int best = -1;
            for (int copy = 0; copy < 2; copy++)
            {
                int file = copy == 0 ? RulesSlotFile.RecordA : RulesSlotFile.RecordB;
                uint generation;
                if (ReadRecord(file, out generation) && (best < 0 || generation > bestGeneration))
                {
                    best = copy;
                    bestGeneration = generation;
                }
            }
            if (best < 0)
            {
                _record = null;
                return false;
            }
            uint g;
            ReadRecord(best == 0 ? RulesSlotFile.RecordA : RulesSlotFile.RecordB, out g);
            byte[] r = _record;
            RuleManifest m = new RuleManifest();
            m.TotalBytes = (int)RuleChunk.U32(r, 8);
            m.Crc32 = RuleChunk.U32(r, 12);
            m.ChunkBytes = (int)RuleChunk.U32(r, 16);
            m.ChunkCount = (int)RuleChunk.U32(r, 20);
            m.IssuedMs = (long)RuleChunk.U32(r, 24) | ((long)RuleChunk.U32(r, 28) << 32);
            m.Version = Utf8.GetString(r, RecordFixedBytes, r[33]);
            _manifest = m;
            _complete = r[32] == 1;
            _imageOffset = AppliedRulesFile.Header(true, m.Version).Length;
            Size(m);
            Array.Copy(r, RecordFixedBytes + r[33], _bitmap, 0, (m.ChunkCount + 7) / 8);
            _received = CountBits();
            _generation = g;
            _nextCopy = 1 - best;
            return true;
        }

        private bool ReadRecord(int file, out uint generation)
        {
            generation = 0;
            int length = SafeLength(file);
            if (length < RecordFixedBytes + 4 || length > MaxRecordBytes) return false;
            // At boot only: big enough for any record, replaced by one sized for the transfer.
            if (_record == null || _record.Length < MaxRecordBytes) _record = new byte[MaxRecordBytes];
            int n;
            try
            {
                n = _slot.Read(file, 0, _record, 0, length);
            }
            catch (Exception e)
            {
                if (e is PowerLossException) throw;
                return false;
            }
            if (n != length) return false;
            if (_record[0] != (byte)'G' || _record[1] != (byte)'W' || _record[2] != (byte)'T' || _record[3] != (byte)'1') return false;
            if (RuleChunk.U32(_record, length - 4) != Crc32.Compute(_record, 0, length - 4)) return false;
            int versionLength = _record[33];
            int chunks = (int)RuleChunk.U32(_record, 20);
            if (versionLength < 1 || versionLength > RuleUpdateRequest.MaxVersionLength || chunks < 1 || chunks > RuleManifest.MaxChunks) return false;
            if (length != RecordFixedBytes + versionLength + (chunks + 7) / 8 + 4) return false;
            for (int i = 0; i < versionLength; i++)
                if (_record[RecordFixedBytes + i] <= 0x20 || _record[RecordFixedBytes + i] > 0x7E) return false;
            generation = RuleChunk.U32(_record, 4);
            return true;
        }
    }
}
