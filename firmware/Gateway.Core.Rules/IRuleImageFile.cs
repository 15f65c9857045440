namespace Gateway.Core.Rules
{
    /// <summary>A stored rule image read at any position (a file in flash on the device): where a
    /// large set's biggest trie arrays are read from instead of being copied into RAM.</summary>
    /// <remarks>The bytes must stay what they were when the image was loaded from them: the owner
    /// renames or deletes the file only after the set it holds is out of force.</remarks>
    public interface IRuleImageFile
    {
        /// <summary>Copies up to <paramref name="count"/> bytes of the image from <paramref name="position"/>
        /// (0: the image's first byte); returns how many (fewer only at the end).</summary>
        int ReadAt(int position, byte[] buffer, int offset, int count);
    }
}
