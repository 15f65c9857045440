using System;

namespace Gateway.Core.Messaging
{
    /// <summary>The rules slot in RAM, for tests and the simulator, that can cut the power after any
    /// number of written bytes (each delete or rename counts as one).</summary>
    /// <remarks>
    /// After <see cref="CutPowerAfter"/> units, the write in progress keeps only the bytes that fit
    /// and every later write, delete or rename throws <see cref="PowerLossException"/> without effect.
    /// <see cref="Reboot"/> returns what survived as a fresh slot. A rename is atomic, as LittleFS's is.
    /// </remarks>
    public sealed class MemoryRulesSlot : IRulesSlot
    {
        private readonly byte[][] _files = new byte[4][];
        private readonly int[] _lengths = new int[4];
        private long _budget = -1;
        private bool _dead;

        /// <summary>Bytes written plus deletes and renames since creation.</summary>
        public long UnitsWritten;

        /// <summary>Writes refused with an exception (not a power cut) while set: a full or failing drive.</summary>
        public string FailWrites;

        /// <summary>Renames refused with an exception (not a power cut) while set: a failing drive.</summary>
        public string FailReplace;

        /// <summary>Reads refused with an exception while set: a drive that stopped answering.</summary>
        public string FailReads;

        /// <summary>True once the simulated power cut has happened.</summary>
        public bool IsDead { get { return _dead; } }

        /// <summary>Lets <paramref name="units"/> more bytes (or deletes, renames) through, then cuts the power (negative: never).</summary>
        public void CutPowerAfter(long units)
        {
            _budget = units;
        }

        /// <summary>A new slot holding exactly what survived, with no cut scheduled.</summary>
        public MemoryRulesSlot Reboot()
        {
            MemoryRulesSlot s = new MemoryRulesSlot();
            for (int f = 0; f < _files.Length; f++)
            {
                if (_files[f] == null) continue;
                s._files[f] = new byte[_lengths[f]];
                Array.Copy(_files[f], s._files[f], _lengths[f]);
                s._lengths[f] = _lengths[f];
            }
            return s;
        }

        /// <summary>Flips bits of a stored byte (damage on flash).</summary>
        public void Corrupt(int file, int position, byte xorMask)
        {
            _files[file][position] ^= xorMask;
        }

        public int Length(int file)
        {
            return _files[file] == null ? -1 : _lengths[file];
        }

        public int Read(int file, int position, byte[] buffer, int offset, int count)
        {
            if (FailReads != null) throw new System.IO.IOException(FailReads);
            byte[] data = _files[file];
            if (data == null) throw new System.IO.IOException("no such file: " + RulesSlotFile.DeviceName(file));
            int n = _lengths[file] - position;
            if (n > count) n = count;
            if (n <= 0) return 0;
            Array.Copy(data, position, buffer, offset, n);
            return n;
        }

        public void Write(int file, int position, byte[] data, int offset, int count)
        {
            Check();
            if (FailWrites != null) throw new System.IO.IOException(FailWrites);
            if (_files[file] == null) _files[file] = new byte[count + position > 16 ? count + position : 16];
            int end = position + count;
            if (end > _files[file].Length)
            {
                int size = _files[file].Length * 2;
                while (size < end) size *= 2;
                byte[] grown = new byte[size];
                Array.Copy(_files[file], grown, _lengths[file]);
                _files[file] = grown;
            }
            if (position > _lengths[file]) _lengths[file] = position; // the gap reads as zeros
            for (int i = 0; i < count; i++)
            {
                if (_budget == 0)
                {
                    _dead = true;
                    throw new PowerLossException();
                }
                if (_budget > 0) _budget--;
                _files[file][position + i] = data[offset + i];
                if (position + i >= _lengths[file]) _lengths[file] = position + i + 1;
                UnitsWritten++;
            }
        }

        public void Delete(int file)
        {
            Spend();
            _files[file] = null;
            _lengths[file] = 0;
        }

        public void Replace(int from, int to)
        {
            if (_files[from] == null) throw new System.IO.IOException("no such file: " + RulesSlotFile.DeviceName(from));
            if (FailReplace != null) throw new System.IO.IOException(FailReplace);
            Spend();
            _files[to] = _files[from];
            _lengths[to] = _lengths[from];
            _files[from] = null;
            _lengths[from] = 0;
        }

        private void Check()
        {
            if (_dead) throw new PowerLossException();
        }

        private void Spend()
        {
            Check();
            if (_budget == 0)
            {
                _dead = true;
                throw new PowerLossException();
            }
            if (_budget > 0) _budget--;
            UnitsWritten++;
        }
    }
}
