using System.IO;
using Gateway.Core.Messaging;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The rules slot on the internal drive: I:\rules.bin, rules.new, rules.t0, rules.t1 (<see cref="RulesSlotFile"/>).</summary>
    /// <remarks>
    /// Each call opens the file, does one thing and closes it (a close is LittleFS's commit), so a
    /// write is on flash when it returns. A chunk goes from the MQTT payload to the file with no copy.
    /// Replace is a delete and a rename (File.Move does not overwrite); RuleTransfer.Restore takes
    /// rules.new when a cut fell between the two.
    /// </remarks>
    internal sealed class FlashRulesSlot : IRulesSlot
    {
        private const string Drive = "I:\\";

        private static string PathOf(int file)
        {
            return Drive + RulesSlotFile.DeviceName(file);
        }

        public int Length(int file)
        {
            string path = PathOf(file);
            if (!File.Exists(path)) return -1;
            using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
                return (int)f.Length;
        }

        public int Read(int file, int position, byte[] buffer, int offset, int count)
        {
            using (FileStream f = new FileStream(PathOf(file), FileMode.Open, FileAccess.Read))
            {
                f.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int n = f.Read(buffer, offset + total, count - total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            }
        }

        public void Write(int file, int position, byte[] data, int offset, int count)
        {
            using (FileStream f = new FileStream(PathOf(file), FileMode.OpenOrCreate, FileAccess.Write))
            {
                f.Seek(position, SeekOrigin.Begin);
                f.Write(data, offset, count);
                f.Flush();
            }
        }

        public void Delete(int file)
        {
            string path = PathOf(file);
            if (File.Exists(path)) File.Delete(path);
        }

        public void Replace(int from, int to)
        {
            Delete(to);
            File.Move(PathOf(from), PathOf(to));
        }
    }
}
