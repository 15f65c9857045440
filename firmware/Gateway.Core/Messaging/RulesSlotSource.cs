using Gateway.Core.Rules;

namespace Gateway.Core.Messaging
{
    /// <summary>A file of the rules slot read from a position on, a chunk at a time, as the rules engine reads images.</summary>
    internal sealed class RulesSlotSource : IRuleImageSource
    {
        private readonly IRulesSlot _slot;
        private readonly int _file;
        private int _position;

        public RulesSlotSource(IRulesSlot slot, int file, int position)
        {
            _slot = slot;
            _file = file;
            _position = position;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _slot.Read(_file, _position, buffer, offset, count);
            if (n > 0) _position += n;
            return n;
        }
    }
}
