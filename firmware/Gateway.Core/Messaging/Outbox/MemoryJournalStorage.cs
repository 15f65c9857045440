using System;

namespace Gateway.Core.Messaging
{
    /// <summary>Journal storage in RAM, for tests and the simulator, that can simulate a power cut
    /// after any number of written bytes.</summary>
    /// <remarks>
    /// After <see cref="CutPowerAfter"/> bytes have been appended, the append in progress keeps only
    /// the bytes that fit, and every later Append or Delete throws <see cref="PowerLossException"/>
    /// without effect, as if the box had died. <see cref="Reboot"/> returns the surviving bytes as a
    /// fresh storage for recovery. Segments are kept in arrays (no boxed ints) and a deleted
    /// segment's buffer serves the next new one, so appending and compacting leave no garbage once
    /// the buffers have grown to the journal's size. The box rehearsal on nanoCLR runs on this
    /// storage: without the doubling garbage of every compaction it needs less heap, not more,
    /// although it keeps the spare (docs/performance.md, "Garbage per call").
    /// </remarks>
    public sealed class MemoryJournalStorage : IJournalStorage
    {
        private int[] _ids = new int[4];          // ascending
        private byte[][] _data = new byte[4][];   // per id (capacity-doubling)
        private int[] _lengths = new int[4];      // per id
        private int _count;
        private byte[] _spare;                    // the buffer of the last segment deleted
        private readonly byte[][] _identity = new byte[2][];
        private readonly int[] _identityLength = new int[2];
        private long _budget = -1;
        private bool _dead;

        /// <summary>Total bytes appended since creation (also counts bytes kept by a cut).</summary>
        public long BytesWritten;

        /// <summary>True once the simulated power cut has happened.</summary>
        public bool IsDead { get { return _dead; } }

        /// <summary>Lets <c>bytes</c> more bytes through, then cuts the power (negative: never).</summary>
        public void CutPowerAfter(long bytes)
        {
            _budget = bytes;
        }

        /// <summary>A new storage holding exactly what survived, with no cut scheduled.</summary>
        public MemoryJournalStorage Reboot()
        {
            MemoryJournalStorage copy = new MemoryJournalStorage();
            for (int i = 0; i < _count; i++)
            {
                int len = _lengths[i];
                byte[] dst = new byte[len];
                Array.Copy(_data[i], dst, len);
                int at = copy.Insert(_ids[i]);
                copy._data[at] = dst;
                copy._lengths[at] = len;
            }
            for (int c = 0; c < 2; c++)
            {
                if (_identity[c] == null) continue;
                copy._identity[c] = new byte[_identity[c].Length];
                Array.Copy(_identity[c], copy._identity[c], _identity[c].Length);
                copy._identityLength[c] = _identityLength[c];
            }
            return copy;
        }

        /// <summary>Total bytes currently stored over all segments.</summary>
        public int TotalLength
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++) n += _lengths[i];
                return n;
            }
        }

        /// <summary>Overwrites one stored byte (tests: bit rot inside a complete entry).</summary>
        public void Corrupt(int segment, int offset, byte xorMask)
        {
            int i = IndexOf(segment);
            byte[] d = _data[i];
            d[offset] = (byte)(d[offset] ^ xorMask);
        }

        /// <summary>Overwrites one byte of identity copy <c>copy</c> (tests: bit rot).</summary>
        public void CorruptIdentity(int copy, int offset, byte xorMask)
        {
            _identity[copy][offset] = (byte)(_identity[copy][offset] ^ xorMask);
        }

        /// <summary>Removes identity copy <c>copy</c> (tests: a lost file).</summary>
        public void DeleteIdentity(int copy)
        {
            _identity[copy] = null;
            _identityLength[copy] = 0;
        }

        /// <summary>Bytes of identity copy <c>copy</c> (0 when missing).</summary>
        public int IdentityLength(int copy) { return _identity[copy] == null ? 0 : _identityLength[copy]; }

        public int ReadIdentity(int copy, byte[] buffer, int index, int count)
        {
            byte[] d = _identity[copy];
            if (d == null) return 0;
            int n = _identityLength[copy] < count ? _identityLength[copy] : count;
            Array.Copy(d, 0, buffer, index, n);
            return n;
        }

        public void WriteIdentity(int copy, byte[] buffer, int index, int count)
        {
            if (_dead) throw new PowerLossException();
            int keep = count;
            bool cut = false;
            if (_budget >= 0 && _budget < count)
            {
                keep = (int)_budget;
                cut = true;
            }
            // Replaced whole, as a file rewritten: the old bytes are gone once the write starts.
            if (_identity[copy] == null || _identity[copy].Length < count) _identity[copy] = new byte[count];
            Array.Copy(buffer, index, _identity[copy], 0, keep);
            _identityLength[copy] = keep;
            BytesWritten += keep;
            if (_budget >= 0) _budget -= keep;
            if (cut)
            {
                _dead = true;
                throw new PowerLossException();
            }
        }

        public int[] ListSegments()
        {
            int[] ids = new int[_count];
            Array.Copy(_ids, ids, _count);
            return ids;
        }

        public int GetLength(int segment)
        {
            int i = IndexOf(segment);
            return i < 0 ? 0 : _lengths[i];
        }

        public int Read(int segment, int offset, byte[] buffer, int index, int count)
        {
            int i = IndexOf(segment);
            if (i < 0) return 0;
            int len = _lengths[i];
            if (offset >= len) return 0;
            int n = len - offset < count ? len - offset : count;
            Array.Copy(_data[i], offset, buffer, index, n);
            return n;
        }

        public void Append(int segment, byte[] buffer, int index, int count)
        {
            if (_dead) throw new PowerLossException();
            int keep = count;
            bool cut = false;
            if (_budget >= 0 && _budget < count)
            {
                keep = (int)_budget;
                cut = true;
            }
            int i = IndexOf(segment);
            if (i < 0) i = Insert(segment);
            int len = _lengths[i];
            byte[] d = _data[i];
            if (len + keep > d.Length)
            {
                int cap = d.Length * 2;
                if (cap < len + keep) cap = len + keep;
                byte[] bigger = new byte[cap];
                Array.Copy(d, bigger, len);
                d = bigger;
                _data[i] = d;
            }
            Array.Copy(buffer, index, d, len, keep);
            _lengths[i] = len + keep;
            BytesWritten += keep;
            if (_budget >= 0) _budget -= keep;
            if (cut)
            {
                _dead = true;
                throw new PowerLossException();
            }
        }

        public void Delete(int segment)
        {
            if (_dead || _budget == 0)
            {
                _dead = true;
                throw new PowerLossException();
            }
            int i = IndexOf(segment);
            if (i < 0) return;
            if (_spare == null || _data[i].Length > _spare.Length) _spare = _data[i];
            for (int k = i + 1; k < _count; k++)
            {
                _ids[k - 1] = _ids[k];
                _data[k - 1] = _data[k];
                _lengths[k - 1] = _lengths[k];
            }
            _count--;
            _data[_count] = null;
        }

        private int IndexOf(int segment)
        {
            for (int i = 0; i < _count; i++)
                if (_ids[i] == segment) return i;
            return -1;
        }

        private int Insert(int segment)
        {
            if (_count == _ids.Length)
            {
                int[] ids = new int[_count * 2];
                byte[][] data = new byte[_count * 2][];
                int[] lengths = new int[_count * 2];
                Array.Copy(_ids, ids, _count);
                Array.Copy(_data, data, _count);
                Array.Copy(_lengths, lengths, _count);
                _ids = ids;
                _data = data;
                _lengths = lengths;
            }
            int at = 0;
            while (at < _count && _ids[at] < segment) at++;
            for (int k = _count; k > at; k--)
            {
                _ids[k] = _ids[k - 1];
                _data[k] = _data[k - 1];
                _lengths[k] = _lengths[k - 1];
            }
            _ids[at] = segment;
            _data[at] = _spare != null ? _spare : new byte[256];
            _spare = null;
            _lengths[at] = 0;
            _count++;
            return at;
        }
    }
}
