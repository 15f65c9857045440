using System;
using System.Collections;

namespace Gateway.Core.Messaging
{
    /// <summary>Journal storage in RAM, for tests and the simulator, that can simulate a power cut
    /// after any number of written bytes.</summary>
    /// <remarks>
    /// After <see cref="CutPowerAfter"/> bytes have been appended, the append in progress keeps only
    /// the bytes that fit, and every later Append or Delete throws <see cref="PowerLossException"/>
    /// without effect, as if the box had died. <see cref="Reboot"/> returns the surviving bytes as a
    /// fresh storage for recovery.
    /// </remarks>
    public sealed class MemoryJournalStorage : IJournalStorage
    {
        private readonly ArrayList _ids = new ArrayList();     // int, ascending
        private readonly ArrayList _data = new ArrayList();    // byte[] per id (capacity-doubling)
        private readonly ArrayList _lengths = new ArrayList(); // int per id
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
            for (int i = 0; i < _ids.Count; i++)
            {
                int len = (int)_lengths[i];
                byte[] src = (byte[])_data[i];
                byte[] dst = new byte[len];
                Array.Copy(src, dst, len);
                copy._ids.Add(_ids[i]);
                copy._data.Add(dst);
                copy._lengths.Add(len);
            }
            return copy;
        }

        /// <summary>Total bytes currently stored over all segments.</summary>
        public int TotalLength
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _lengths.Count; i++) n += (int)_lengths[i];
                return n;
            }
        }

        /// <summary>Overwrites one stored byte (tests: bit rot inside a complete entry).</summary>
        public void Corrupt(int segment, int offset, byte xorMask)
        {
            int i = IndexOf(segment);
            byte[] d = (byte[])_data[i];
            d[offset] = (byte)(d[offset] ^ xorMask);
        }

        public int[] ListSegments()
        {
            int[] ids = new int[_ids.Count];
            for (int i = 0; i < ids.Length; i++) ids[i] = (int)_ids[i];
            return ids;
        }

        public int GetLength(int segment)
        {
            int i = IndexOf(segment);
            return i < 0 ? 0 : (int)_lengths[i];
        }

        public int Read(int segment, int offset, byte[] buffer, int index, int count)
        {
            int i = IndexOf(segment);
            if (i < 0) return 0;
            int len = (int)_lengths[i];
            if (offset >= len) return 0;
            int n = len - offset < count ? len - offset : count;
            Array.Copy((byte[])_data[i], offset, buffer, index, n);
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
            int len = (int)_lengths[i];
            byte[] d = (byte[])_data[i];
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
            _ids.RemoveAt(i);
            _data.RemoveAt(i);
            _lengths.RemoveAt(i);
        }

        private int IndexOf(int segment)
        {
            for (int i = 0; i < _ids.Count; i++)
                if ((int)_ids[i] == segment) return i;
            return -1;
        }

        private int Insert(int segment)
        {
            int at = 0;
            while (at < _ids.Count && (int)_ids[at] < segment) at++;
            _ids.Insert(at, segment);
            _data.Insert(at, new byte[256]);
            _lengths.Insert(at, 0);
            return at;
        }
    }
}
