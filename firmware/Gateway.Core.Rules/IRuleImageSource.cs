namespace Gateway.Core.Rules
{
    /// <summary>Where a compiled rule image is read from a chunk at a time (a file in flash on the
    /// device), so loading never holds the whole image and the trie at once.</summary>
    public interface IRuleImageSource
    {
        /// <summary>Copies up to <paramref name="count"/> next bytes into <paramref name="buffer"/>;
        /// returns how many (0 at the end).</summary>
        int Read(byte[] buffer, int offset, int count);
    }
}
