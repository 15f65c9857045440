using System;

namespace Gateway.Core.Messaging
{
    /// <summary>Journal storage for a box whose flash failed at start: empty, and every write fails
    /// with the original reason, so the outbox refuses each record visibly (dropped count, outboxError)
    /// while the box goes on guarding the line.</summary>
    public sealed class UnavailableJournalStorage : IJournalStorage
    {
        private readonly string _reason;

        /// <summary>Storage that fails every write with <paramref name="reason"/>.</summary>
        public UnavailableJournalStorage(string reason)
        {
            _reason = reason == null || reason.Length == 0 ? "unavailable" : reason;
        }

        public int[] ListSegments() { return new int[0]; }

        public int GetLength(int segment) { return 0; }

        public int Read(int segment, int offset, byte[] buffer, int index, int count) { return 0; }

        public void Append(int segment, byte[] buffer, int index, int count)
        {
            throw new InvalidOperationException(_reason);
        }

        public void Delete(int segment) { }

        public int ReadIdentity(int copy, byte[] buffer, int index, int count) { return 0; }

        public void WriteIdentity(int copy, byte[] buffer, int index, int count)
        {
            throw new InvalidOperationException(_reason);
        }
    }
}
