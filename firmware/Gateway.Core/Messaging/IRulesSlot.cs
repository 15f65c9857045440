namespace Gateway.Core.Messaging
{
    /// <summary>The rules slot of the flash drive (docs/journal-and-flash.md): the set in force, the
    /// staging file of a transfer and the transfer's record, as plain files (device: I:\rules.*).</summary>
    /// <remarks>
    /// Files are named by <see cref="RulesSlotFile"/>. A write is durable when it returns; a power
    /// cut during one may leave any prefix of it. Replace must be atomic as far as the file system
    /// allows (LittleFS renames are): the destination is either the old file or the new one.
    /// </remarks>
    public interface IRulesSlot
    {
        /// <summary>Length of the file in bytes, or -1 when it does not exist.</summary>
        int Length(int file);

        /// <summary>Copies up to <paramref name="count"/> bytes from <paramref name="position"/>; returns how many (0 at the end).</summary>
        int Read(int file, int position, byte[] buffer, int offset, int count);

        /// <summary>Writes bytes at <paramref name="position"/>, creating the file or growing it (a gap reads as zeros).</summary>
        void Write(int file, int position, byte[] data, int offset, int count);

        /// <summary>Removes the file; nothing happens when it does not exist.</summary>
        void Delete(int file);

        /// <summary>Renames <paramref name="from"/> over <paramref name="to"/> (which is replaced).</summary>
        void Replace(int from, int to);
    }

    /// <summary>Names of the files of the rules slot, as <see cref="IRulesSlot"/> takes them.</summary>
    public static class RulesSlotFile
    {
        /// <summary>The set in force (I:\rules.bin): <see cref="AppliedRulesFile"/> format.</summary>
        public const int Saved = 0;
        /// <summary>A save in progress or a transfer's staging file (I:\rules.new): the same format, filled chunk by chunk.</summary>
        public const int Staged = 1;
        /// <summary>The two copies of the transfer's record (I:\rules.t0, I:\rules.t1): manifest and received-chunk bitmap.</summary>
        public const int RecordA = 2, RecordB = 3;

        /// <summary>The file's name on the device's drive.</summary>
        /// <remarks>A switch rather than a static array: a static costs heap for the box's whole life.</remarks>
        public static string DeviceName(int file)
        {
            switch (file)
            {
                case Saved: return "rules.bin";
                case Staged: return "rules.new";
                case RecordA: return "rules.t0";
                default: return "rules.t1";
            }
        }
    }
}
