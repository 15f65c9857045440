using System;
using Gateway.Core.Rules;
using Gateway.Core.Calls;

namespace Gateway.Core.Messaging
{
    /// <summary>The crash-safe outbox: call records wait here, in storage, until the broker has
    /// acknowledged them.</summary>
    /// <remarks>
    /// Format (docs/mqtt.md "Outbox journal"): one live segment of frames
    /// <c>[kind][length LE16][payload][CRC-32 LE of kind+length+payload]</c>. Kinds: Entry (seq +
    /// binary record), Acked (everything up to seq is acknowledged), Counters (next seq, dropped
    /// total) and Snapshot (next seq, dropped total, acked-through), which commits a segment.
    /// A segment is valid only once its Snapshot is written; compaction copies the unacknowledged
    /// entries into segment n+1, writes the Snapshot, then deletes segment n, so a power cut at any
    /// byte leaves either the old or the new segment in force. Recovery keeps every frame whose own
    /// CRC holds: when it finds a torn tail it compacts into a fresh segment instead of appending
    /// after it, and when a snapshot is damaged or the segment in force has damage it merges every
    /// segment's intact entries into a fresh one before deleting any (issue #15: a damaged snapshot
    /// must not cost the records it commits).
    /// Identity (docs/journal-and-flash.md): an epoch drawn when the journal starts empty and the
    /// highest seq reserved, kept outside the log in two copies that are replaced in turn, each
    /// <c>[epoch LE64][reserved-through LE64][generation LE32][CRC-32 LE]</c>; the copy with the
    /// higher generation and a good CRC wins. Seqs are reserved <see cref="SeqReserveBlock"/> at a
    /// time, so damage to the log's tail can no longer take the next seq back below one handed out.
    /// Capacity: the live segment may grow to half the storage budget (the other half is room for
    /// the compaction copy); the budget comes from <see cref="Gateway.Core.Settings.FlashBudget"/>.
    /// When full, new records are refused (their seq is consumed and the dropped count, persisted,
    /// goes up, and <see cref="Fault"/> says so): accepted records are never discarded before their ack.
    /// </remarks>
    public sealed class OutboxJournal
    {
        /// <summary>Smallest storage budget accepted.</summary>
        public const int MinCapacityBytes = 4096;

        /// <summary>Largest entry payload accepted (a record with absurdly long strings is refused).</summary>
        public const int MaxPayloadBytes = 1024;

        /// <summary>Bytes of framing around each payload: kind, length, CRC-32.</summary>
        public const int FrameOverhead = 7;

        /// <summary>The <see cref="Fault"/> while records are refused for lack of room.</summary>
        public const string FullFault = "outbox full: new call records are refused (counted in dropped) until the broker acknowledges waiting ones";

        /// <summary>Most records that may be read ahead of the acknowledgements (the in-flight window).</summary>
        public const int MaxReadAhead = 16;

        /// <summary>Seqs reserved by one write of the identity: a restart skips at most this many less one.</summary>
        public const int SeqReserveBlock = 16;

        /// <summary>Bytes of one identity copy: epoch, reserved-through, generation, CRC-32.</summary>
        public const int IdentityBytes = 24;

        /// <summary>Loss reasons, as the recordsLost event names them (docs/mqtt.md, "events").</summary>
        public const string LossFull = "full", LossTooLarge = "tooLarge", LossStorage = "storage",
            LossDamaged = "damaged", LossUndecodable = "undecodable", LossSeveral = "several";

        /// <summary>Loss reports kept until announced; more are merged into the newest.</summary>
        public const int MaxPendingLosses = 8;

        private const string JournalFull = "journal full";

        // Bytes read at once at a frame's start: the whole of a typical frame.
        private const int ReadAheadBytes = 64;
        // Bytes of the segment the last ReadFrame brought into _frame from its offset (its first read).
        private int _frameRead;

        internal const byte KindEntry = 0xE1;
        internal const byte KindAcked = 0xA2;
        internal const byte KindCounters = 0xC3;
        internal const byte KindSnapshot = 0x54;


        private readonly IJournalStorage _storage;
        private readonly string _box;
        private readonly int _segmentLimit;
        // Room kept free in the live segment for Acked/Counters frames once entries fill it, so
        // that a full journal compacts at most once per few hundred markers.
        private readonly int _markerReserve;
        private readonly byte[] _frame = new byte[MaxPayloadBytes + FrameOverhead];
        // Compaction batches frames into appends of up to one largest frame: more, smaller writes
        // on a rare path, for 1 KiB less of a heap the rules need most of.
        private readonly byte[] _copy = new byte[MaxPayloadBytes + FrameOverhead];
        // Unpacks a record's keys on reading (longer ones get an array of their own).
        private readonly char[] _chars = new char[32];
        private readonly byte[] _id = new byte[IdentityBytes];
        private readonly long _freshEpoch;
        private long _epoch;
        private string _epochText;
        private long _reservedThrough;
        private uint _idGeneration;
        // The copy written last (or read as the winner); the next write goes to the other one.
        private int _idCopy = 1;
        // Losses not yet announced, oldest first: seq range, records known lost (-1: unknown), reason.
        private readonly long[] _lossFirst = new long[MaxPendingLosses];
        private readonly long[] _lossLast = new long[MaxPendingLosses];
        private readonly long[] _lossCount = new long[MaxPendingLosses];
        private readonly string[] _lossReason = new string[MaxPendingLosses];
        private int _losses;
        // Seq ranges recovery found damage in (to be checked against what was kept): open-ended
        // (to = long.MaxValue) for a damaged tail, whose records cannot be counted.
        private readonly long[] _damageFrom = new long[MaxPendingLosses];
        private readonly long[] _damageTo = new long[MaxPendingLosses];
        private int _damages;
        // The epoch the log's snapshot frames carry, when one does.
        private long _logEpoch;
        private bool _logHasEpoch;
        // The strings of the last record appended: read back (usually at once, while online), an
        // entry whose text is the same gets these instead of new strings.
        private long _appendedSeq;
        private string _appendedDigits;
        private string _appendedRule;

        private int _segment;
        private int _length;
        private bool _needsCompaction;
        private long _nextSeq = 1;
        private long _ackedThrough;
        private long _dropped;
        private int _depth;
        private int _liveBytes;
        private string _fault;
        // Segments recovery found damaged or without an intact snapshot, to be merged by the next
        // compaction before any of them is deleted (null when one segment is in force).
        private int[] _unmerged;

        // Read cursor: the next entry to hand out has seq > _lastReadSeq, at or after _readOffset.
        private long _lastReadSeq;
        private int _readOffset;
        private readonly long[] _aheadSeq = new long[MaxReadAhead];
        private readonly int[] _aheadSize = new int[MaxReadAhead];
        private int _aheadCount;

        /// <summary>Opens (and recovers) the journal in <c>storage</c>; a failure to read storage is
        /// thrown (the adapter decides), a failure to write is kept in LastError and retried. <c>box</c> is this box's id,
        /// not stored per record. <c>capacityBytes</c> bounds the storage used. <c>freshEpoch</c> is a
        /// random value drawn by the caller (device: the hardware RNG), used as the epoch only when
        /// neither the identity nor the log has one.</summary>
        public OutboxJournal(IJournalStorage storage, string box, int capacityBytes, long freshEpoch)
        {
            if (storage == null) throw new ArgumentNullException("storage");
            if (capacityBytes < MinCapacityBytes) throw new ArgumentOutOfRangeException("capacityBytes", "at least 4 KiB");
            _storage = storage;
            _box = box;
            _segmentLimit = capacityBytes / 2;
            _markerReserve = _segmentLimit / 64;
            if (_markerReserve < 256) _markerReserve = 256;
            if (_markerReserve > 4096) _markerReserve = 4096;
            _freshEpoch = freshEpoch;
            Recover();
        }

        /// <summary>The journal's epoch: drawn when it started empty, kept while it lives.</summary>
        public long Epoch { get { return _epoch; } }

        /// <summary>The epoch as 16 lowercase hex digits, as records and status carry it.</summary>
        public string EpochText { get { return _epochText; } }

        /// <summary>Highest seq the identity file has reserved (the next seq after a restart is above it).</summary>
        public long ReservedThrough { get { return _reservedThrough; } }

        /// <summary>Loss reports not yet announced (see <see cref="PeekLoss"/>).</summary>
        public int PendingLosses { get { return _losses; } }

        /// <summary>The oldest loss not yet announced: records with seqs first..last (of this epoch)
        /// that will never be published, <c>count</c> of them known lost (-1: a damaged tail, whose
        /// records cannot be counted; the range then also holds seqs never handed out), and why
        /// (<see cref="LossFull"/>, ...). False when none is pending.</summary>
        public bool PeekLoss(out long first, out long last, out long count, out string reason)
        {
            if (_losses == 0)
            {
                first = last = count = 0;
                reason = null;
                return false;
            }
            first = _lossFirst[0];
            last = _lossLast[0];
            count = _lossCount[0];
            reason = _lossReason[0];
            return true;
        }

        /// <summary>Forgets the oldest pending loss once it has been announced.</summary>
        public void LossAnnounced()
        {
            if (_losses == 0) return;
            _losses--;
            for (int i = 0; i < _losses; i++)
            {
                _lossFirst[i] = _lossFirst[i + 1];
                _lossLast[i] = _lossLast[i + 1];
                _lossCount[i] = _lossCount[i + 1];
                _lossReason[i] = _lossReason[i + 1];
            }
            _lossReason[_losses] = null;
        }

        /// <summary>Seq the next accepted (or refused) record gets.</summary>
        public long NextSeq { get { return _nextSeq; } }

        /// <summary>Every record with seq up to this has been acknowledged.</summary>
        public long AckedThrough { get { return _ackedThrough; } }

        /// <summary>Records waiting for an acknowledgement.</summary>
        public int Depth { get { return _depth; } }

        /// <summary>Records refused since the journal was created (full or unwritable storage); persisted.</summary>
        public long Dropped { get { return _dropped; } }

        /// <summary>Bytes of the waiting records' frames.</summary>
        public int LiveBytes { get { return _liveBytes; } }

        /// <summary>Bytes the waiting records may occupy at most.</summary>
        public int LiveCapacityBytes { get { return _segmentLimit - _markerReserve; } }

        /// <summary>Id of the segment in force (tests, diagnostics).</summary>
        public int Segment { get { return _segment; } }

        /// <summary>Length of the segment in force.</summary>
        public int SegmentLength { get { return _length; } }

        /// <summary>Why the last record was refused, or null.</summary>
        public string LastError;

        /// <summary>Why call records are being refused now (<see cref="FullFault"/>, or the storage
        /// failure), for the status fault and the LEDs; null once a record is accepted again or,
        /// when full, acknowledgements have freed room for any record.</summary>
        public string Fault { get { return _fault; } }

        /// <summary>Assigns the next seq to <c>record</c> and stores it durably. Returns the seq, or
        /// 0 when the record was refused (journal full, record too large, storage failure); a refused
        /// record still consumes its seq so the backend sees the gap, and Dropped goes up.</summary>
        public long Append(CallRecord record)
        {
            long seq = _nextSeq;
            record.Seq = seq;
            record.Epoch = _epochText;
            // Reserved before it is handed out, so that no damage to the log can make it reused.
            string idError = seq > _reservedThrough ? Reserve(seq) : null;
            int payloadEnd;
            if (CallRecordCodec.MaxEncodedLength(record) + 10 > MaxPayloadBytes)
            {
                return Refuse(seq, "record too large for the journal");
            }
            int p = CallRecordCodec.WriteVarint(_frame, 3, seq);
            payloadEnd = CallRecordCodec.Encode(record, _box, _frame, p);
            int size = Seal(KindEntry, payloadEnd - 3);
            try
            {
                if (_needsCompaction || _length + size + _markerReserve > _segmentLimit)
                {
                    if (_liveBytes + size + _markerReserve > _segmentLimit)
                        return Refuse(seq, JournalFull);
                    // Compaction reuses _frame; re-seal afterwards.
                    Compact();
                    p = CallRecordCodec.WriteVarint(_frame, 3, seq);
                    payloadEnd = CallRecordCodec.Encode(record, _box, _frame, p);
                    size = Seal(KindEntry, payloadEnd - 3);
                }
                AppendFrame(size);
            }
            catch (Exception e)
            {
                _needsCompaction = true;
                return Refuse(seq, "storage: " + e.Message);
            }
            _nextSeq = seq + 1;
            _depth++;
            _liveBytes += size;
            _appendedSeq = seq;
            _appendedDigits = record.Digits;
            _appendedRule = record.Rule;
            LastError = idError;
            _fault = null;
            return seq;
        }

        /// <summary>Reads the oldest record not yet handed out into <c>into</c> (its Seq set) and
        /// returns its seq; 0 when none is left or <see cref="MaxReadAhead"/> are awaiting their ack.</summary>
        public long ReadNext(CallRecord into)
        {
            if (_aheadCount == MaxReadAhead) return 0;
            while (_readOffset < _length)
            {
                int at = _readOffset;
                int size = FindFrame(_segment, ref at, _length);
                if (at != _readOffset) _needsCompaction = true; // damaged since it was written
                if (size == 0)
                {
                    _readOffset = _length;
                    return 0;
                }
                _readOffset = at + size;
                if (_frame[0] != KindEntry) continue;
                int p = 3;
                long seq;
                if (!CallRecordCodec.ReadVarint(_frame, ref p, size - 4, out seq)) continue;
                if (seq <= _lastReadSeq || seq <= _ackedThrough) continue;
                _lastReadSeq = seq;
                // Tracked even when skipped below, so that the cumulative ack of a later seq
                // releases it and Depth stays exact.
                _aheadSeq[_aheadCount] = seq;
                _aheadSize[_aheadCount] = size;
                _aheadCount++;
                if (seq == _appendedSeq)
                {
                    if (_appendedDigits != null) into.Digits = _appendedDigits;
                    if (_appendedRule != null) into.Rule = _appendedRule;
                }
                if (!CallRecordCodec.TryDecode(_frame, p, size - 4 - p, _box, into, _chars))
                {
                    // A CRC-valid entry that does not decode can only come from a format bug:
                    // never publish a wrong record; count it as dropped, visibly.
                    _dropped++;
                    AddLoss(seq, seq, 1, LossUndecodable);
                    LastError = "undecodable entry " + seq;
                    if (_aheadCount == MaxReadAhead) return 0;
                    continue;
                }
                into.Seq = seq;
                into.Epoch = _epochText;
                return seq;
            }
            return 0;
        }

        /// <summary>Records that every record up to and including <c>seq</c> was acknowledged
        /// (call in seq order with the seqs handed out by ReadNext).</summary>
        public void AckThrough(long seq)
        {
            if (seq <= _ackedThrough) return;
            if (seq >= _nextSeq) throw new ArgumentOutOfRangeException("seq", "not yet assigned");
            _ackedThrough = seq;
            int removed = 0;
            while (removed < _aheadCount && _aheadSeq[removed] <= seq)
            {
                _depth--;
                _liveBytes -= _aheadSize[removed];
                removed++;
            }
            for (int i = removed; i < _aheadCount; i++)
            {
                _aheadSeq[i - removed] = _aheadSeq[i];
                _aheadSize[i - removed] = _aheadSize[i];
            }
            _aheadCount -= removed;
            if (seq > _lastReadSeq)
            {
                // Acknowledged without being read through this journal (not expected): recount.
                _lastReadSeq = seq;
                Recount();
            }
            if (_fault == FullFault && _liveBytes + MaxPayloadBytes + FrameOverhead + _markerReserve <= _segmentLimit) _fault = null;
            int p = CallRecordCodec.WriteVarint(_frame, 3, seq);
            WriteMarker(Seal(KindAcked, p - 3));
        }

        /// <summary>Forgets what was handed out so ReadNext starts again at the oldest
        /// unacknowledged record (after a reconnect, the caller resends).</summary>
        public void Rewind()
        {
            _lastReadSeq = _ackedThrough;
            _readOffset = 0;
            _aheadCount = 0;
        }

        /// <summary>Copies the unacknowledged entries into a new segment and drops the old one.</summary>
        public void Compact()
        {
            if (_unmerged != null)
            {
                MergeSegments();
                return;
            }
            int next = _segment + 1;
            _storage.Delete(next); // a leftover of a torn compaction that recovery did not see
            int newLength = 0;
            int buffered = 0;
            int live = 0;
            int liveBytes = 0;
            int offset = 0;
            int size;
            while ((size = NextLiveEntry(ref offset)) > 0)
            {
                CopyOut(next, size, ref buffered, ref newLength);
                live++;
                liveBytes += size;
            }
            CopyOut(next, SealSnapshot(), ref buffered, ref newLength);
            _storage.Append(next, _copy, 0, buffered);
            newLength += buffered;
            // Committed: the new segment is in force from here on, even if the delete is cut.
            int old = _segment;
            _segment = next;
            _length = newLength;
            _needsCompaction = false;
            _depth = live;
            _liveBytes = liveBytes;
            _readOffset = 0;
            DeleteOlderThan(next, old);
        }

        private void DeleteOlderThan(int keep, int known)
        {
            _storage.Delete(known);
            int[] ids = _storage.ListSegments();
            for (int i = 0; i < ids.Length; i++)
                if (ids[i] < keep) _storage.Delete(ids[i]);
        }

        // Queues a loss; a run of the same reason right after the newest one extends it, and when the
        // queue is full the newest report widens to cover the new one.
        private void AddLoss(long first, long last, long count, string reason)
        {
            int n = _losses - 1;
            bool extend = n >= 0 && _lossReason[n] == reason && _lossLast[n] + 1 == first && _lossCount[n] >= 0 && count >= 0;
            if (!extend && _losses < MaxPendingLosses)
            {
                _lossFirst[_losses] = first;
                _lossLast[_losses] = last;
                _lossCount[_losses] = count;
                _lossReason[_losses] = reason;
                _losses++;
                return;
            }
            if (first < _lossFirst[n]) _lossFirst[n] = first;
            if (last > _lossLast[n]) _lossLast[n] = last;
            _lossCount[n] = _lossCount[n] < 0 || count < 0 ? -1 : _lossCount[n] + count;
            if (_lossReason[n] != reason) _lossReason[n] = LossSeveral;
        }

        private void AddDamage(long from, long to)
        {
            if (_damages == MaxPendingLosses)
            {
                // Too many separate damaged places: one range covers them all.
                if (from < _damageFrom[_damages - 1]) _damageFrom[_damages - 1] = from;
                if (to > _damageTo[_damages - 1]) _damageTo[_damages - 1] = to;
                return;
            }
            _damageFrom[_damages] = from;
            _damageTo[_damages] = to;
            _damages++;
        }

        // Once recovery has merged what survived into the segment in force: every seq of a damaged
        // range that was handed out, is not acknowledged and has neither an entry nor a refusal
        // (counters frame) there is lost: announced, and counted in dropped. A damaged tail's range
        // is announced whole, uncounted: the journal cannot tell the records it held from seqs
        // reserved but never used.
        private void AnnounceDamage()
        {
            int damages = _damages;
            _damages = 0;
            long dropped = _dropped;
            for (int d = 0; d < damages; d++)
            {
                long from = _damageFrom[d] > _ackedThrough ? _damageFrom[d] : _ackedThrough + 1;
                bool tail = _damageTo[d] == long.MaxValue;
                long to = tail || _damageTo[d] >= _nextSeq ? _nextSeq - 1 : _damageTo[d];
                if (from > to) continue;
                long cur = from;
                int offset = 0;
                while (offset < _length && cur <= to)
                {
                    int size = FindFrame(_segment, ref offset, _length);
                    if (size == 0) break;
                    offset += size;
                    long present = PositionalSeq(size);
                    if (present < cur) continue;
                    if (present > to) break;
                    if (!tail && present > cur) Lost(cur, present - 1);
                    cur = present + 1;
                }
                if (cur > to) continue;
                if (tail) AddLoss(cur, to, -1, LossDamaged);
                else Lost(cur, to);
            }
            if (_dropped == dropped) return;
            // Persist the new count (its next seq is one never handed out: no refusal is implied).
            int p = CallRecordCodec.WriteVarint(_frame, 3, _nextSeq);
            p = CallRecordCodec.WriteVarint(_frame, p, _dropped);
            try
            {
                WriteMarker(Seal(KindCounters, p - 3));
            }
            catch (Exception)
            {
                _needsCompaction = true;
            }
        }

        private void Lost(long first, long last)
        {
            _dropped += last - first + 1;
            AddLoss(first, last, last - first + 1, LossDamaged);
        }

        // The seq a frame in _frame stands for in the sequence: an entry's, or the refused one a
        // counters frame follows; 0 for other frames.
        private long PositionalSeq(int size)
        {
            int p = 3;
            long v;
            if (_frame[0] != KindEntry && _frame[0] != KindCounters) return 0;
            if (!CallRecordCodec.ReadVarint(_frame, ref p, size - 4, out v)) return 0;
            return _frame[0] == KindEntry ? v : v - 1;
        }

        // Writes the identity reserving a block from seq; the error, or null. A failure does not refuse
        // the record: the log still holds its seq, and the next record tries again.
        private string Reserve(long seq)
        {
            try
            {
                WriteIdentity(seq + SeqReserveBlock - 1);
                return null;
            }
            catch (Exception e)
            {
                return "journal identity: storage: " + e.Message;
            }
        }

        private void WriteIdentity(long reservedThrough)
        {
            int copy = 1 - _idCopy;
            uint generation = _idGeneration + 1;
            PutLong(_id, 0, _epoch);
            PutLong(_id, 8, reservedThrough);
            PutInt(_id, 16, generation);
            PutInt(_id, 20, Crc32.Compute(_id, 0, 20));
            _storage.WriteIdentity(copy, _id, 0, IdentityBytes);
            _idCopy = copy;
            _idGeneration = generation;
            _reservedThrough = reservedThrough;
        }

        // The valid copy with the higher generation; false when neither is. damaged: a copy exists
        // but is unreadable.
        private bool ReadIdentity(out bool damaged)
        {
            damaged = false;
            bool found = false;
            for (int copy = 0; copy < 2; copy++)
            {
                int n = _storage.ReadIdentity(copy, _id, 0, IdentityBytes);
                if (n == 0) continue;
                if (n != IdentityBytes || GetInt(_id, 20) != Crc32.Compute(_id, 0, 20) || GetLong(_id, 8) < 0)
                {
                    damaged = true;
                    continue;
                }
                uint generation = GetInt(_id, 16);
                if (found && generation <= _idGeneration) continue;
                found = true;
                _epoch = GetLong(_id, 0);
                _reservedThrough = GetLong(_id, 8);
                _idGeneration = generation;
                _idCopy = copy;
            }
            return found;
        }

        // Chooses the epoch and raises next seq above every seq that may have been handed out, once
        // the log has been scanned (logFound: it had segments).
        private void ApplyIdentity(bool found, bool damaged, bool logFound)
        {
            if (found)
            {
                if (_reservedThrough + 1 > _nextSeq) _nextSeq = _reservedThrough + 1;
            }
            else if (logFound)
            {
                // The log's newest frames may be gone too: start a block above what it shows.
                _nextSeq += SeqReserveBlock;
                if (_logHasEpoch)
                {
                    _epoch = _logEpoch;
                    LastError = damaged
                        ? "journal: identity unreadable, epoch kept from the log, seq continues at " + _nextSeq
                        : "journal: identity missing, epoch kept from the log, seq continues at " + _nextSeq;
                }
                else
                {
                    // A journal written before epochs existed (or whose snapshots are all damaged).
                    _epoch = _freshEpoch;
                    LastError = "journal: no epoch in the identity or the log: new epoch, seq continues at " + _nextSeq;
                }
            }
            else
            {
                _epoch = _freshEpoch;
                if (damaged) LastError = "journal: identity unreadable and no log: new epoch";
            }
            _epochText = Hex64(_epoch);
            if (found) return;
            try
            {
                WriteIdentity(_nextSeq - 1);
            }
            catch (Exception e)
            {
                // Retried by the first record (its seq is above the reservation).
                _reservedThrough = 0;
                LastError = "journal identity: storage: " + e.Message;
            }
        }

        private static string Hex64(long v)
        {
            char[] c = new char[16];
            for (int i = 15; i >= 0; i--)
            {
                int d = (int)(v & 0xF);
                c[i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
                v >>= 4;
            }
            return new string(c);
        }

        private static void PutLong(byte[] b, int at, long v)
        {
            for (int i = 0; i < 8; i++) b[at + i] = (byte)(v >> (8 * i));
        }

        private static long GetLong(byte[] b, int at)
        {
            long v = 0;
            for (int i = 7; i >= 0; i--) v = (v << 8) | b[at + i];
            return v;
        }

        private static void PutInt(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static uint GetInt(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        private long Refuse(long seq, string reason)
        {
            _nextSeq = seq + 1;
            _dropped++;
            AddLoss(seq, seq, 1, reason == JournalFull ? LossFull : reason.StartsWith("storage") ? LossStorage : LossTooLarge);
            LastError = reason;
            _fault = reason == JournalFull ? FullFault : "outbox: call records refused (" + reason + "), counted in dropped";
            int p = CallRecordCodec.WriteVarint(_frame, 3, _nextSeq);
            p = CallRecordCodec.WriteVarint(_frame, p, _dropped);
            try
            {
                WriteMarker(Seal(KindCounters, p - 3));
            }
            catch (Exception)
            {
                _needsCompaction = true;
            }
            return 0;
        }

        // Appends the marker in _frame, compacting first when the segment has no room left.
        private void WriteMarker(int size)
        {
            if (!_needsCompaction && _length + size <= _segmentLimit)
            {
                try
                {
                    AppendFrame(size);
                    return;
                }
                catch (Exception)
                {
                    _needsCompaction = true;
                    throw;
                }
            }
            // The snapshot written by compaction carries the same counters.
            Compact();
        }

        private void AppendFrame(int size)
        {
            _storage.Append(_segment, _frame, 0, size);
            _length += size;
        }

        private int Seal(byte kind, int payloadLength)
        {
            _frame[0] = kind;
            _frame[1] = (byte)payloadLength;
            _frame[2] = (byte)(payloadLength >> 8);
            uint crc = Crc32.Compute(_frame, 0, 3 + payloadLength);
            int at = 3 + payloadLength;
            _frame[at] = (byte)crc;
            _frame[at + 1] = (byte)(crc >> 8);
            _frame[at + 2] = (byte)(crc >> 16);
            _frame[at + 3] = (byte)(crc >> 24);
            return at + 4;
        }

        private int SealSnapshot()
        {
            int p = CallRecordCodec.WriteVarint(_frame, 3, _nextSeq);
            p = CallRecordCodec.WriteVarint(_frame, p, _dropped);
            p = CallRecordCodec.WriteVarint(_frame, p, _ackedThrough);
            p = CallRecordCodec.WriteVarint(_frame, p, _epoch);
            return Seal(KindSnapshot, p - 3);
        }

        /// <summary>Finds the next valid frame at or after <c>offset</c> (moving <c>offset</c> to its
        /// start), reads it into _frame and returns its size; 0 when there is none before
        /// <c>length</c>. Every damaged byte that holds a frame kind is tried as a frame start (a
        /// false match needs a CRC-32 collision, and entries after a damaged one keep their seqs
        /// known); the bytes between are skipped within what the last read brought in, so damage
        /// costs about one storage read per 64 bytes, not one per byte (each opens a file on the device).</summary>
        private int FindFrame(int segment, ref int offset, int length)
        {
            while (offset < length)
            {
                int size = ReadFrame(segment, offset, length);
                if (size > 0) return size;
                int skip = 1;
                while (skip < _frameRead && !IsFrameKind(_frame[skip])) skip++;
                offset += skip;
            }
            return 0;
        }

        private static bool IsFrameKind(byte b)
        {
            return b == KindEntry || b == KindAcked || b == KindCounters || b == KindSnapshot;
        }

        /// <summary>Reads the frame at <c>offset</c> into _frame; returns its size, or 0 when it is
        /// cut short, oversized, of unknown kind or fails its CRC.</summary>
        private int ReadFrame(int segment, int offset, int length)
        {
            _frameRead = 0;
            if (length - offset < FrameOverhead) return 0;
            // One read takes in a whole typical frame (markers ~10 bytes, entries ~40): on the
            // device each read opens the file, which costs time and garbage.
            int want = length - offset < ReadAheadBytes ? length - offset : ReadAheadBytes;
            int got = _storage.Read(segment, offset, _frame, 0, want);
            _frameRead = got < 0 ? 0 : got;
            if (got < 3) return 0;
            if (!IsFrameKind(_frame[0])) return 0;
            int len = _frame[1] | (_frame[2] << 8);
            if (len > MaxPayloadBytes) return 0;
            int size = len + FrameOverhead;
            if (length - offset < size) return 0;
            if (got < size && _storage.Read(segment, offset + got, _frame, got, size - got) != size - got) return 0;
            uint crc = (uint)(_frame[3 + len] | (_frame[4 + len] << 8) | (_frame[5 + len] << 16) | (_frame[6 + len] << 24));
            if (crc != Crc32.Compute(_frame, 0, 3 + len)) return 0;
            return size;
        }

        private void Recover()
        {
            bool idDamaged;
            bool idFound = ReadIdentity(out idDamaged);
            int[] ids = _storage.ListSegments();
            int count = ids.Length;
            if (count == 0)
            {
                ApplyIdentity(idFound, idDamaged, false);
                StartFresh(1);
                return;
            }
            // Every frame whose own CRC holds counts, in every segment: the counters are the
            // largest any of them shows, so a damaged snapshot can neither lose nor reuse a seq.
            bool[] committed = new bool[count];
            bool[] copyOnly = new bool[count];
            int[] validEnd = new int[count];
            long[] maxEntry = new long[count];
            int[] damageStart = new int[count];
            int[] damageEnd = new int[count];
            int damaged = 0, newest = -1, newestDamage = 0;
            for (int i = 0; i < count; i++)
            {
                int end, bad;
                long top;
                bool markers;
                damageStart[i] = _damages;
                committed[i] = ScanSegment(ids[i], out end, out bad, out top, out markers);
                validEnd[i] = end;
                maxEntry[i] = top;
                copyOnly[i] = !committed[i] && !markers;
                // A torn compaction (after a committed segment) holds copies only: its damage costs nothing.
                if (copyOnly[i] && newest >= 0) _damages = damageStart[i];
                damageEnd[i] = _damages;
                damaged += bad;
                if (committed[i])
                {
                    newest = i;
                    newestDamage = bad;
                }
            }
            if (_nextSeq <= _ackedThrough) _nextSeq = _ackedThrough + 1;
            ApplyIdentity(idFound, idDamaged, true);
            // The segment in force as written: the newest committed one, intact, followed at most by
            // a torn compaction (entries only, none newer than its own: copies of them).
            bool intact = newest >= 0 && newestDamage == 0
                && (newest == count - 1 || newest == count - 2 && copyOnly[count - 1] && maxEntry[count - 1] <= maxEntry[newest]);
            if (!intact)
            {
                // A damaged or missing snapshot, or damage in the segment in force: merge every
                // segment's intact entries into a fresh one before deleting any of them.
                if (damaged > 0 && LastError == null) LastError = "journal: skipped " + damaged + " damaged bytes";
                _segment = ids[count - 1];
                _length = validEnd[count - 1];
                _unmerged = ids;
                _needsCompaction = true;
                _lastReadSeq = _ackedThrough;
                Recount();
                TryCompactNow();
                // Announced once the merge has gathered every intact entry (else at its retry).
                if (_unmerged == null) AnnounceDamage();
                return;
            }
            // Only the segment in force counts: the others hold copies or acknowledged records.
            int keep = 0;
            for (int d = damageStart[newest]; d < damageEnd[newest]; d++, keep++)
            {
                _damageFrom[keep] = _damageFrom[d];
                _damageTo[keep] = _damageTo[d];
            }
            _damages = keep;
            _segment = ids[newest];
            _length = validEnd[newest];
            for (int k = 0; k < count; k++)
                if (k != newest) _storage.Delete(ids[k]);
            _lastReadSeq = _ackedThrough;
            Recount();
            if (_storage.GetLength(ids[newest]) > validEnd[newest])
            {
                // Never append after a torn tail: move the complete entries to a fresh segment.
                _needsCompaction = true;
                TryCompactNow();
            }
            AnnounceDamage();
        }

        private void StartFresh(int segment)
        {
            _segment = segment;
            _length = 0;
            try
            {
                _storage.Append(_segment, _frame, 0, SealSnapshot());
                _length = _storage.GetLength(_segment);
            }
            catch (Exception e)
            {
                // Until a snapshot is written nothing may be appended here: the next write compacts
                // into a fresh, committed segment first.
                _needsCompaction = true;
                LastError = "storage: " + e.Message;
            }
        }

        /// <summary>Copies the unacknowledged entries of every segment in _unmerged, each seq once
        /// and in seq order, into a new segment after them, commits it, then deletes them all.</summary>
        private void MergeSegments()
        {
            int[] ids = _unmerged;
            int k = ids.Length;
            int next = ids[k - 1] + 1;
            _storage.Delete(next); // a leftover of an earlier, cut merge
            int[] at = new int[k];
            int[] end = new int[k];
            int[] size = new int[k];
            long[] head = new long[k];
            long copied = _ackedThrough;
            for (int i = 0; i < k; i++)
            {
                end[i] = _storage.GetLength(ids[i]);
                head[i] = NextEntryAbove(ids[i], ref at[i], end[i], copied, out size[i]);
            }
            int newLength = 0, buffered = 0, live = 0, liveBytes = 0;
            while (true)
            {
                int pick = -1;
                for (int i = 0; i < k; i++)
                    if (head[i] > 0 && (pick < 0 || head[i] < head[pick])) pick = i;
                if (pick < 0) break;
                int s = ReadFrame(ids[pick], at[pick], end[pick]);
                CopyOut(next, s, ref buffered, ref newLength);
                live++;
                liveBytes += s;
                copied = head[pick];
                for (int i = 0; i < k; i++)
                {
                    if (head[i] == 0 || head[i] > copied) continue;
                    at[i] += size[i];
                    head[i] = NextEntryAbove(ids[i], ref at[i], end[i], copied, out size[i]);
                }
            }
            CopyOut(next, SealSnapshot(), ref buffered, ref newLength);
            _storage.Append(next, _copy, 0, buffered);
            newLength += buffered;
            // Committed: from here on the merged segment is in force.
            _segment = next;
            _length = newLength;
            _needsCompaction = false;
            _unmerged = null;
            _depth = live;
            _liveBytes = liveBytes;
            Rewind();  // offsets into the old segments mean nothing in the merged one
            AnnounceDamage();
            for (int i = 0; i < k; i++) _storage.Delete(ids[i]);
        }

        // Adds the frame in _frame to the copy buffer, writing the buffer out first when full.
        private void CopyOut(int segment, int size, ref int buffered, ref int written)
        {
            if (buffered + size > _copy.Length)
            {
                _storage.Append(segment, _copy, 0, buffered);
                written += buffered;
                buffered = 0;
            }
            Array.Copy(_frame, 0, _copy, buffered, size);
            buffered += size;
        }

        // The seq of the first intact entry at or after offset (moved to its start) with a seq
        // above both the acknowledged ones and <c>above</c>; 0 when none is left.
        private long NextEntryAbove(int segment, ref int offset, int length, long above, out int size)
        {
            while (offset < length)
            {
                size = FindFrame(segment, ref offset, length);
                if (size == 0) break;
                int p = 3;
                long seq;
                if (_frame[0] == KindEntry && CallRecordCodec.ReadVarint(_frame, ref p, size - 4, out seq)
                    && seq > above && seq > _ackedThrough) return seq;
                offset += size;
            }
            size = 0;
            return 0;
        }

        // Write failures while opening must not stop the box: the next write retries the compaction.
        private void TryCompactNow()
        {
            try
            {
                Compact();
            }
            catch (Exception e)
            {
                _needsCompaction = true;
                LastError = "storage: " + e.Message;
            }
        }

        // Applies every complete frame of a segment to the counters (the largest value any frame
        // shows wins); false when it has no snapshot. maxEntry: its highest entry seq; markers:
        // whether it holds any frame but entries.
        private bool ScanSegment(int segment, out int validEnd, out int damagedBytes, out long maxEntry, out bool markers)
        {
            damagedBytes = 0;
            maxEntry = 0;
            markers = false;
            int length = _storage.GetLength(segment);
            bool committed = false;
            int offset = 0;
            // Damage is bracketed by the seqs of the frames around it (entries, counters frames and
            // snapshots stand in seq order): the records lost there lie between them.
            long lastSeq = 0;
            bool damageOpen = false;
            long damageFrom = 0;
            while (offset < length)
            {
                int at = offset;
                int size = FindFrame(segment, ref at, length);
                if (size == 0) break;
                damagedBytes += at - offset;
                if (at != offset && !damageOpen)
                {
                    damageOpen = true;
                    damageFrom = lastSeq + 1;
                }
                offset = at + size;
                int p = 3;
                int end = size - 4;
                long a, b = 0, c = 0, d = 0;
                byte kind = _frame[0];
                bool parsed = CallRecordCodec.ReadVarint(_frame, ref p, end, out a)
                    && (kind != KindCounters && kind != KindSnapshot || CallRecordCodec.ReadVarint(_frame, ref p, end, out b))
                    && (kind != KindSnapshot || CallRecordCodec.ReadVarint(_frame, ref p, end, out c));
                // A snapshot written before epochs existed has no fourth field.
                bool hasEpoch = parsed && kind == KindSnapshot && p < end;
                if (hasEpoch) parsed = CallRecordCodec.ReadVarint(_frame, ref p, end, out d);
                // A frame whose CRC holds but whose fields do not parse is counted as damage.
                if (!parsed)
                {
                    damagedBytes += size;
                    if (!damageOpen)
                    {
                        damageOpen = true;
                        damageFrom = lastSeq + 1;
                    }
                    continue;
                }
                long position = kind == KindEntry ? a : kind == KindCounters ? a - 1 : kind == KindSnapshot ? a - 1 : 0;
                if (position > 0)
                {
                    if (damageOpen)
                    {
                        // Up to the frame's own seq for an entry or a refusal; through the last one a
                        // snapshot accounts for.
                        long to = kind == KindSnapshot ? position : position - 1;
                        if (to >= damageFrom) AddDamage(damageFrom, to);
                        damageOpen = false;
                    }
                    if (position > lastSeq) lastSeq = position;
                }
                if (hasEpoch)
                {
                    _logEpoch = d;
                    _logHasEpoch = true;
                }
                if (kind == KindEntry)
                {
                    if (a + 1 > _nextSeq) _nextSeq = a + 1;
                    if (a > maxEntry) maxEntry = a;
                    continue;
                }
                markers = true;
                if (kind == KindAcked)
                {
                    if (a > _ackedThrough) _ackedThrough = a;
                }
                else
                {
                    if (a > _nextSeq) _nextSeq = a;
                    if (b > _dropped) _dropped = b;
                    if (kind == KindSnapshot)
                    {
                        if (c > _ackedThrough) _ackedThrough = c;
                        committed = true;
                    }
                }
            }
            validEnd = offset;
            if (!damageOpen && offset < length)
            {
                // A torn or damaged tail; a marker cut short by a power cut costs no record.
                if (_storage.Read(segment, offset, _frame, 0, 1) != 1
                    || _frame[0] != KindAcked && _frame[0] != KindCounters && _frame[0] != KindSnapshot)
                {
                    damageOpen = true;
                    damageFrom = lastSeq + 1;
                }
            }
            if (damageOpen) AddDamage(damageFrom, long.MaxValue);
            return committed;
        }

        // Depth and live bytes from the segment (after recovery or an unexpected ack).
        private void Recount()
        {
            int depth = 0, live = 0, offset = 0;
            int size;
            while ((size = NextLiveEntry(ref offset)) > 0)
            {
                depth++;
                live += size;
            }
            _depth = depth;
            _liveBytes = live;
            _aheadCount = 0;
        }

        // Reads the next entry not yet acknowledged at or after offset into _frame and returns its
        // size (offset moves past it), or 0 at the end of the segment's readable frames.
        private int NextLiveEntry(ref int offset)
        {
            while (offset < _length)
            {
                int size = FindFrame(_segment, ref offset, _length);
                if (size == 0) return 0;
                offset += size;
                if (_frame[0] != KindEntry) continue;
                int p = 3;
                long seq;
                if (!CallRecordCodec.ReadVarint(_frame, ref p, size - 4, out seq) || seq <= _ackedThrough) continue;
                return size;
            }
            return 0;
        }
    }
}
