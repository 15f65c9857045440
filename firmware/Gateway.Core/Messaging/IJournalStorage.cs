namespace Gateway.Core.Messaging
{
    /// <summary>Durable byte storage for the outbox journal and the box log: numbered, append-only segments.</summary>
    /// <remarks>
    /// One segment = one file (host: a directory of files; device: <c>I:\outbox\NNNNNNNN.seg</c>,
    /// and <c>I:\log\NNNNNNNN.seg</c> for <see cref="Logging.BoxLog"/>).
    /// The journal never rewrites bytes in place: it appends records, and compaction writes a new
    /// segment then deletes the old one, so the adapter needs only create/append/read/delete.
    /// Failures (flash full, I/O error) are thrown as exceptions; the outbox counts them.
    /// Beside the segments the journal keeps its identity (epoch and reserved seqs) in two small
    /// copies that are replaced whole (device: <c>journal.id.a</c> and <c>journal.id.b</c> in the same
    /// directory; docs/journal-and-flash.md).
    /// </remarks>
    public interface IJournalStorage
    {
        /// <summary>Ids of the existing segments in ascending order (an empty array when none).</summary>
        int[] ListSegments();

        /// <summary>Current length in bytes of a segment (0 when it does not exist).</summary>
        int GetLength(int segment);

        /// <summary>Copies up to <c>count</c> bytes starting at <c>offset</c> into <c>buffer</c>;
        /// returns how many were copied (less at the end of the segment).</summary>
        int Read(int segment, int offset, byte[] buffer, int index, int count);

        /// <summary>Appends bytes at the end of a segment, creating it when missing, and returns
        /// only once they are durable (flushed to the medium). A power cut during the call may
        /// leave any prefix of the bytes written.</summary>
        void Append(int segment, byte[] buffer, int index, int count);

        /// <summary>Removes a segment; no effect when it does not exist.</summary>
        void Delete(int segment);

        /// <summary>Reads identity copy <c>copy</c> (0 or 1) into <c>buffer</c>; returns the bytes
        /// read, 0 when the copy does not exist.</summary>
        int ReadIdentity(int copy, byte[] buffer, int index, int count);

        /// <summary>Replaces identity copy <c>copy</c> (0 or 1) with the bytes given and returns only
        /// once they are durable. A power cut during the call may leave the copy empty or any prefix;
        /// the other copy is never touched.</summary>
        void WriteIdentity(int copy, byte[] buffer, int index, int count);
    }
}
