using Gateway.Core.Messaging;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The runtime's collection with compaction, for a rule update between letting go of the old trie and loading the new one.</summary>
    internal sealed class HeapCompactor : IHeapCompactor
    {
        public void Compact()
        {
            nanoFramework.Runtime.Native.GC.Run(true);
        }
    }
}
