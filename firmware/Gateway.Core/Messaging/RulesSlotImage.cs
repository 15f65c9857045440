using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>The rule image in a file of the rules slot, read at any position: where a large set in
    /// force reads its node bits and node words (docs/rules.md, "Large sets stay in flash").</summary>
    /// <remarks>The file follows the set: when a switch-over renames rules.new to rules.bin, the
    /// transfer moves this to the new name before anything else touches either file.</remarks>
    public sealed class RulesSlotImage : IRuleImageFile
    {
        private readonly IRulesSlot _slot;

        /// <summary>The image in <paramref name="file"/> (<see cref="RulesSlotFile"/>) from byte <paramref name="offset"/> on.</summary>
        public RulesSlotImage(IRulesSlot slot, int file, int offset)
        {
            _slot = slot;
            File = file;
            Offset = offset;
        }

        /// <summary>The slot's file (<see cref="RulesSlotFile"/>) the image is in.</summary>
        public int File { get; internal set; }

        /// <summary>Where the image starts in the file (after the header line of <see cref="AppliedRulesFile"/>).</summary>
        public int Offset { get; internal set; }

        /// <inheritdoc/>
        public int ReadAt(int position, byte[] buffer, int offset, int count)
        {
            return _slot.Read(File, Offset + position, buffer, offset, count);
        }
    }
}
