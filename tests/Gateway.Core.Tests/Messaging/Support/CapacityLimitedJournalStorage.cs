using System;
using Gateway.Core.Messaging;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Thrown by <see cref="CapacityLimitedJournalStorage"/> when an append does not fit (LittleFS's LFS_ERR_NOSPC).</summary>
    internal sealed class StorageFullException : Exception
    {
        public StorageFullException() : base("no space left on the drive")
        {
        }
    }

    /// <summary>Journal storage on a drive of a hard size, shared with other files: an append that
    /// does not fit fails, as a full flash drive fails a write.</summary>
    /// <remarks>
    /// LittleFS commits a file's new data only when the file is closed without error, so a failed
    /// append normally leaves the file as it was; <see cref="KeepPartial"/> keeps the bytes that
    /// fit instead (a torn tail), the worse case for the journal.
    /// </remarks>
    internal sealed class CapacityLimitedJournalStorage : IJournalStorage
    {
        private readonly MemoryJournalStorage _inner;

        /// <summary>Size of the drive (bytes).</summary>
        public readonly int CapacityBytes;

        /// <summary>Bytes the drive's other files take.</summary>
        public int OtherBytes;

        /// <summary>A failed append keeps the bytes that fit (else none).</summary>
        public bool KeepPartial;

        /// <summary>Appends that failed for lack of space.</summary>
        public int Failures;

        public CapacityLimitedJournalStorage(int capacityBytes) : this(new MemoryJournalStorage(), capacityBytes)
        {
        }

        private CapacityLimitedJournalStorage(MemoryJournalStorage inner, int capacityBytes)
        {
            _inner = inner;
            CapacityBytes = capacityBytes;
        }

        /// <summary>Bytes the journal's segments take.</summary>
        public int JournalBytes { get { return _inner.TotalLength; } }

        /// <summary>The same drive after a restart: what was stored, the other files, no failures counted.</summary>
        public CapacityLimitedJournalStorage Reboot()
        {
            CapacityLimitedJournalStorage s = new CapacityLimitedJournalStorage(_inner.Reboot(), CapacityBytes);
            s.OtherBytes = OtherBytes;
            s.KeepPartial = KeepPartial;
            return s;
        }

        public int[] ListSegments() { return _inner.ListSegments(); }

        public int GetLength(int segment) { return _inner.GetLength(segment); }

        public int Read(int segment, int offset, byte[] buffer, int index, int count)
        {
            return _inner.Read(segment, offset, buffer, index, count);
        }

        public void Append(int segment, byte[] buffer, int index, int count)
        {
            int free = CapacityBytes - OtherBytes - _inner.TotalLength;
            if (count > free)
            {
                Failures++;
                if (KeepPartial && free > 0) _inner.Append(segment, buffer, index, free);
                throw new StorageFullException();
            }
            _inner.Append(segment, buffer, index, count);
        }

        public void Delete(int segment) { _inner.Delete(segment); }

        // The identity's two copies live in the 2 blocks FlashBudget reserves for them, not in the
        // journal's share of the drive.
        public int ReadIdentity(int copy, byte[] buffer, int index, int count) { return _inner.ReadIdentity(copy, buffer, index, count); }

        public void WriteIdentity(int copy, byte[] buffer, int index, int count) { _inner.WriteIdentity(copy, buffer, index, count); }
    }
}
