using System;
using Gateway.Core.Calls;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;

namespace Gateway.Core.Logging
{
    /// <summary>The box's own log: a bounded ring of short entries in storage that survives restarts,
    /// published on the log topic (docs/mqtt.md "log").</summary>
    /// <remarks>
    /// Storage: at most two append-only segments of <c>segmentBytes</c> each (device: two files of
    /// 4 KiB, one flash block each, in I:\log). Entries go to the newer segment; when it is full the
    /// older one is deleted and a fresh one started, so the oldest half goes at once, nothing is
    /// rewritten in place and the budget (two segments) is never exceeded.
    /// Frame: <c>[0xB7][payload length][payload][CRC-32 LE of the first three parts]</c>; payload =
    /// zigzag varints seq, boot, uptime ms, published-through seq, a flags byte (level, synced),
    /// the Unix ms when synced, then the text in UTF-8. Recovery keeps every frame whose CRC holds
    /// and skips other bytes one at a time (a torn last write, corrupt bytes).
    /// Threads: <see cref="Write"/> only encodes into a RAM buffer under its own lock (no storage
    /// I/O, no allocation, no exception), so any thread may log, also under the box's gate, and a
    /// hung flash cannot stop it. <see cref="Flush"/> (the main loop, outside the gate) moves the
    /// buffer to storage; <see cref="ReadNext"/> hands stored entries to the publisher.
    /// The publication mark rides in every new entry, so keeping it costs no write of its own;
    /// after a restart the entries published since the last one written come again (same seq).
    /// </remarks>
    public sealed class BoxLog
    {
        /// <summary>Segment size on the device: one 4 KiB flash block; two of them are the log's 8 KiB flash budget.</summary>
        public const int DeviceSegmentBytes = 4096;

        /// <summary>The log's share of the device's flash: two segments, 8 KiB = 2 blocks (docs/journal-and-flash.md).</summary>
        public const int DeviceBudgetBytes = 2 * DeviceSegmentBytes;

        /// <summary>Smallest segment accepted (room for one entry of the longest text, twice).</summary>
        public const int MinSegmentBytes = 512;

        /// <summary>Longest text kept, in UTF-8 bytes; longer texts are cut and end in "...".</summary>
        public const int MaxTextBytes = 200;

        /// <summary>RAM for entries waiting for <see cref="Flush"/>; when full, new entries are lost (counted).</summary>
        public const int BufferBytes = 1024;

        internal const byte Magic = 0xB7;
        private const int FrameOverhead = 6;
        private const int MaxFrameBytes = 255 + FrameOverhead;
        private const int LevelMask = 0x03;
        private const int FlagSynced = 0x04;

        private readonly IJournalStorage _storage;
        private readonly int _segmentBytes;

        // Under _bufferLock: what Write touches.
        private readonly object _bufferLock = new object();
        private readonly TimeBase _time = new TimeBase();
        private readonly byte[] _frame = new byte[MaxFrameBytes];
        private byte[] _buffer = new byte[BufferBytes];
        private byte[] _flushing = new byte[BufferBytes];
        private int _buffered;
        private long _nextSeq = 1;
        private long _published;
        private long _lost;
        private long _lostUnreported;
        private string _lostReason;
        private long _lastWriteMs;

        // Under _storageLock: storage, the scan window and the read cursor.
        private readonly object _storageLock = new object();
        private readonly byte[] _chunk = new byte[2 * MaxFrameBytes];
        private int _chunkSegment;
        private int _chunkStart;
        private int _chunkLength;
        private int _older;
        private int _olderLength;
        private long _olderLastSeq;
        private int _current = 1;
        private int _currentLength;
        private long _currentLastSeq;
        private int _readSegment;
        private int _readOffset;
        private long _readSeq;
        private string _lastError;

        // The frame NextFrame found: its size and decoded header.
        private int _size;
        private long _seq;
        private long _boot;
        private long _uptime;
        private long _mark;
        private int _flags;
        private long _unix;
        private int _text;

        /// <summary>Opens (and recovers) the log in <paramref name="storage"/>, which it may use up to
        /// two <paramref name="segmentBytes"/> segments of. A storage failure while opening is thrown
        /// (the adapter falls back to RAM); later ones are kept in <see cref="LastError"/>.</summary>
        public BoxLog(IJournalStorage storage, int segmentBytes)
        {
            if (storage == null) throw new ArgumentNullException("storage");
            if (segmentBytes < MinSegmentBytes) throw new ArgumentOutOfRangeException("segmentBytes", "at least 512");
            _storage = storage;
            _segmentBytes = segmentBytes;
            Recover();
        }

        /// <summary>This start's number: one more than the highest stored (1 for an empty log).</summary>
        public int Boot { get; private set; }

        /// <summary>Bytes of storage the log may use: two segments.</summary>
        public int BudgetBytes { get { return 2 * _segmentBytes; } }

        /// <summary>Seq the next entry gets.</summary>
        public long NextSeq { get { lock (_bufferLock) return _nextSeq; } }

        /// <summary>Highest seq the broker acknowledged (as far as this log knows).</summary>
        public long PublishedThrough { get { lock (_bufferLock) return _published; } }

        /// <summary>Entries lost since the start: logged faster than flushed, or storage failing.</summary>
        public long Lost { get { lock (_bufferLock) return _lost; } }

        /// <summary>The last storage failure, or null.</summary>
        public string LastError { get { lock (_storageLock) return _lastError; } }

        /// <summary>Sets the Unix time of monotonic 0 (after SNTP) for the entries that follow.</summary>
        public void SetTimeBase(long unixMsAtZero, bool synced)
        {
            lock (_bufferLock) _time.Set(unixMsAtZero, synced);
        }

        /// <summary>Logs <paramref name="text"/> at monotonic <paramref name="nowMs"/>: encoded into RAM,
        /// stored by the next <see cref="Flush"/>. Never throws, never waits for storage.</summary>
        public void Write(LogLevel level, string text, long nowMs)
        {
            lock (_bufferLock)
            {
                _lastWriteMs = nowMs;
                Encode(level, text, nowMs);
            }
        }

        /// <summary>Records that the broker acknowledged every entry up to <paramref name="seq"/>.</summary>
        public void MarkPublished(long seq)
        {
            lock (_bufferLock)
            {
                if (seq > _published && seq < _nextSeq) _published = seq;
            }
        }

        /// <summary>Moves the waiting entries to storage; a failure loses them (counted, and reported
        /// by an entry once storage works again). Never throws.</summary>
        public void Flush()
        {
            lock (_storageLock)
            {
                int n;
                lock (_bufferLock)
                {
                    n = _buffered;
                    if (n == 0) return;
                    byte[] swap = _flushing;
                    _flushing = _buffer;
                    _buffer = swap;
                    _buffered = 0;
                }
                int at = 0;
                try
                {
                    while (at < n)
                    {
                        // As many whole frames as the newer segment has room for, in one write.
                        int end = at;
                        while (end < n && _currentLength + end + SizeAt(_flushing, end) - at <= _segmentBytes) end += SizeAt(_flushing, end);
                        if (end == at)
                        {
                            Rotate();
                            continue;
                        }
                        _storage.Append(_current, _flushing, at, end - at);
                        _currentLength += end - at;
                        _currentLastSeq = LastSeqIn(_flushing, at, end);
                        at = end;
                    }
                }
                catch (Exception e)
                {
                    _lastError = e.Message;
                    try
                    {
                        _currentLength = _storage.GetLength(_current);
                    }
                    catch (Exception)
                    {
                        // Still unknown; the next append finds out.
                    }
                    int lost = 0;
                    for (int i = at; i < n; i += SizeAt(_flushing, i)) lost++;
                    lock (_bufferLock)
                    {
                        _lost += lost;
                        _lostUnreported += lost;
                        _lostReason = "storage: " + e.Message;
                    }
                    return;
                }
                lock (_bufferLock)
                {
                    if (_lostUnreported > 0)
                    {
                        long count = _lostUnreported;
                        _lostUnreported = 0;
                        Encode(LogLevel.Warning, "log: " + count + " entries lost (" + _lostReason + ")", _lastWriteMs);
                    }
                }
            }
        }

        /// <summary>Copies the oldest stored entry not yet handed out into <paramref name="into"/>;
        /// false when there is none (or storage cannot be read now). Entries logged since the last
        /// <see cref="Flush"/> are not visible yet.</summary>
        public bool ReadNext(LogEntry into)
        {
            lock (_storageLock)
            {
                try
                {
                    while (true)
                    {
                        if (_readSegment != _current && _readSegment != _older)
                        {
                            // Its segment was deleted to make room: go on with the oldest kept.
                            _readSegment = _older != 0 ? _older : _current;
                            _readOffset = 0;
                        }
                        int length = _readSegment == _current ? _currentLength : _olderLength;
                        int at = NextFrame(_readSegment, ref _readOffset, length);
                        if (at < 0)
                        {
                            if (_readSegment == _current) return false;
                            _readSegment = _current;
                            _readOffset = 0;
                            continue;
                        }
                        _readOffset += _size;
                        if (_seq <= _readSeq) continue;
                        string text = Utf8.GetString(_chunk, _text, at + _size - 4 - _text);
                        if (text == null) continue; // CRC-valid but not UTF-8: never written by Write
                        _readSeq = _seq;
                        into.Seq = _seq;
                        into.Boot = (int)_boot;
                        into.UptimeMs = _uptime;
                        into.ClockSynced = (_flags & FlagSynced) != 0;
                        into.UnixMs = into.ClockSynced ? _unix : _uptime;
                        into.Level = (LogLevel)(_flags & LevelMask);
                        into.Text = text;
                        return true;
                    }
                }
                catch (Exception e)
                {
                    _lastError = e.Message;
                    return false;
                }
            }
        }

        // Encodes one entry at the end of the buffer, or counts it lost when the buffer is full.
        private void Encode(LogLevel level, string text, long nowMs)
        {
            int p = 2;
            p = CallRecordCodec.WriteVarint(_frame, p, _nextSeq);
            p = CallRecordCodec.WriteVarint(_frame, p, Boot);
            p = CallRecordCodec.WriteVarint(_frame, p, nowMs < 0 ? 0 : nowMs);
            p = CallRecordCodec.WriteVarint(_frame, p, _published);
            int l = (int)level;
            bool synced = _time.IsSynced;
            _frame[p++] = (byte)((l < 0 || l > (int)LogLevel.Error ? (int)LogLevel.Error : l) | (synced ? FlagSynced : 0));
            if (synced) p = CallRecordCodec.WriteVarint(_frame, p, _time.ToUnixMs(nowMs < 0 ? 0 : nowMs));
            p = WriteText(text == null ? "" : text, p);
            int size = p + 4;
            if (_buffered + size > _buffer.Length)
            {
                _lost++;
                _lostUnreported++;
                _lostReason = "logged faster than stored";
                return;
            }
            _frame[0] = Magic;
            _frame[1] = (byte)(p - 2);
            uint crc = Crc32.Compute(_frame, 0, p);
            _frame[p] = (byte)crc;
            _frame[p + 1] = (byte)(crc >> 8);
            _frame[p + 2] = (byte)(crc >> 16);
            _frame[p + 3] = (byte)(crc >> 24);
            Array.Copy(_frame, 0, _buffer, _buffered, size);
            _buffered += size;
            _nextSeq++;
        }

        // UTF-8 of text at p, cut at a code point to MaxTextBytes with "..." at the end.
        private int WriteText(string text, int p)
        {
            int limit = p + MaxTextBytes;
            int start = p;
            for (int i = 0; i < text.Length; i++)
            {
                int c = Utf8.CodePointAt(text[i], i + 1 < text.Length ? text[i + 1] : -1);
                if (p + Utf8.CodePointLength(c) > limit)
                {
                    // Drop whole code points until "..." fits.
                    while (p > start && p + 3 > limit)
                    {
                        p--;
                        while (p > start && (_frame[p] & 0xC0) == 0x80) p--;
                    }
                    _frame[p++] = (byte)'.';
                    _frame[p++] = (byte)'.';
                    _frame[p++] = (byte)'.';
                    return p;
                }
                if (c > 0xFFFF) i++;
                p = Utf8.WriteCodePoint(c, _frame, p);
            }
            return p;
        }

        private static int SizeAt(byte[] frames, int at)
        {
            return frames[at + 1] + FrameOverhead;
        }

        // Seq of the last of the frames Encode wrote between from and end (the first field of each).
        private static long LastSeqIn(byte[] frames, int from, int end)
        {
            int last = from;
            for (int i = from; i < end; i += SizeAt(frames, i)) last = i;
            int p = last + 2;
            long seq;
            CallRecordCodec.ReadVarint(frames, ref p, end, out seq);
            return seq;
        }

        // Deletes the older segment and starts a fresh newer one. Entries that go before the
        // publisher read them are announced, so a gap in seq is never left to be guessed.
        private void Rotate()
        {
            if (_older != 0)
            {
                _storage.Delete(_older);
                // Counted from the publisher's position each time, so the newest announcement also
                // covers older announcements the ring has since overwritten.
                if (_readSeq < _olderLastSeq)
                {
                    lock (_bufferLock)
                        Encode(LogLevel.Warning, "log: entries " + (_readSeq + 1) + "-" + _olderLastSeq + " overwritten before they were published", _lastWriteMs);
                }
            }
            _older = _current;
            _olderLength = _currentLength;
            _olderLastSeq = _currentLastSeq;
            _current++;
            _currentLength = 0;
            _currentLastSeq = 0;
        }

        private void Recover()
        {
            int[] ids = _storage.ListSegments();
            int newest = 0, older = 0;
            for (int i = ids.Length - 1; i >= 0; i--)
            {
                // Beyond two segments, or longer than one (written with another size): not ours to keep.
                if (ids[i] < 1 || older != 0 || _storage.GetLength(ids[i]) > _segmentBytes) _storage.Delete(ids[i]);
                else if (newest == 0) newest = ids[i];
                else older = ids[i];
            }
            long maxSeq = 0, maxBoot = 0, mark = 0, newestFirst = 0;
            if (older != 0)
            {
                _olderLength = _storage.GetLength(older);
                Scan(older, _olderLength, ref maxSeq, ref maxBoot, ref mark);
                _olderLastSeq = maxSeq;
            }
            if (newest != 0)
            {
                _currentLength = _storage.GetLength(newest);
                newestFirst = Scan(newest, _currentLength, ref maxSeq, ref maxBoot, ref mark);
                _current = newest;
                _currentLastSeq = maxSeq;
            }
            _older = older;
            _nextSeq = maxSeq + 1;
            Boot = maxBoot >= int.MaxValue ? int.MaxValue : (int)maxBoot + 1;
            _published = mark;
            _readSeq = mark;
            // Seqs grow through the segments: when the newer one starts at or before the first
            // unpublished entry, the older one holds nothing to publish.
            _readSegment = older != 0 && (newestFirst == 0 || newestFirst > mark + 1) ? older : _current;
            _readOffset = 0;
        }

        // Applies every valid frame of a segment to the counters; returns the first seq in it (0: none).
        private long Scan(int segment, int length, ref long maxSeq, ref long maxBoot, ref long mark)
        {
            long first = 0;
            int pos = 0;
            while (NextFrame(segment, ref pos, length) >= 0)
            {
                pos += _size;
                if (first == 0) first = _seq;
                if (_seq > maxSeq) maxSeq = _seq;
                if (_boot > maxBoot) maxBoot = _boot;
                if (_mark > mark) mark = _mark;
            }
            return first;
        }

        /// <summary>Finds the next valid frame at or after <paramref name="pos"/> (moving it to the
        /// frame's start) and decodes its header; returns its index in _chunk, or -1 when there is
        /// none before <paramref name="length"/> (pos then = length). Damaged bytes are skipped one
        /// at a time: a false match needs the magic byte, a fitting length and a CRC-32 collision.</summary>
        private int NextFrame(int segment, ref int pos, int length)
        {
            while (pos < length)
            {
                if (!Load(segment, pos, length))
                {
                    pos = length;
                    return -1;
                }
                int i = pos - _chunkStart;
                int available = _chunkLength - i;
                if (_chunk[i] == Magic && available >= FrameOverhead)
                {
                    int size = _chunk[i + 1] + FrameOverhead;
                    if (size <= available && CrcHolds(i, size) && Decode(i, size))
                    {
                        _size = size;
                        return i;
                    }
                }
                pos++;
            }
            return -1;
        }

        // Makes _chunk cover pos up to a whole frame (or the segment's end).
        private bool Load(int segment, int pos, int length)
        {
            int want = length - pos < MaxFrameBytes ? length - pos : MaxFrameBytes;
            if (_chunkSegment == segment && pos >= _chunkStart && pos + want <= _chunkStart + _chunkLength) return true;
            int count = length - pos < _chunk.Length ? length - pos : _chunk.Length;
            _chunkSegment = segment;
            _chunkStart = pos;
            _chunkLength = 0;
            _chunkLength = _storage.Read(segment, pos, _chunk, 0, count);
            return _chunkLength > 0;
        }

        private bool CrcHolds(int i, int size)
        {
            int at = i + size - 4;
            uint stored = (uint)(_chunk[at] | (_chunk[at + 1] << 8) | (_chunk[at + 2] << 16) | (_chunk[at + 3] << 24));
            return stored == Crc32.Compute(_chunk, i, size - 4);
        }

        // A CRC-valid frame whose header does not parse counts as damage.
        private bool Decode(int i, int size)
        {
            int p = i + 2;
            int end = i + size - 4;
            if (!CallRecordCodec.ReadVarint(_chunk, ref p, end, out _seq) || _seq < 1) return false;
            if (!CallRecordCodec.ReadVarint(_chunk, ref p, end, out _boot) || _boot < 1 || _boot > int.MaxValue) return false;
            if (!CallRecordCodec.ReadVarint(_chunk, ref p, end, out _uptime) || _uptime < 0) return false;
            if (!CallRecordCodec.ReadVarint(_chunk, ref p, end, out _mark) || _mark < 0 || _mark >= _seq) return false;
            if (p >= end) return false;
            _flags = _chunk[p++];
            if ((_flags & ~(LevelMask | FlagSynced)) != 0 || (_flags & LevelMask) > (int)LogLevel.Error) return false;
            _unix = 0;
            if ((_flags & FlagSynced) != 0 && !CallRecordCodec.ReadVarint(_chunk, ref p, end, out _unix)) return false;
            _text = p;
            return true;
        }
    }
}
