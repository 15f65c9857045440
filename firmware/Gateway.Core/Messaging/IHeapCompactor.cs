namespace Gateway.Core.Messaging
{
    /// <summary>Collects the garbage and compacts the managed heap, so that the next large allocation
    /// finds one free block (device: nanoFramework.Runtime.Native.GC.Run(true); not in mscorlib, so
    /// the adapter provides it).</summary>
    /// <remarks>
    /// nanoCLR collects when an allocation fails and compacts only after a failed array allocation or
    /// at a later safe point; small objects allocated meanwhile can split the room a large array
    /// needs. A rule update calls this after it let go of the old trie, before it loads the new one.
    /// </remarks>
    public interface IHeapCompactor
    {
        /// <summary>Collects and compacts now; never throws; may take some milliseconds (only between calls).</summary>
        void Compact();
    }
}
