using System.IO;
using Gateway.Core.Messaging;

namespace Gateway.Esp32.Adapters
{
    /// <summary>The rules slot on the internal drive: I:\rules.bin, rules.new, rules.t0, rules.t1 (<see cref="RulesSlotFile"/>).</summary>
    /// <remarks>
    /// Reads come several per dialled digit once the trie is read where it lies, so the last file
    /// read stays open read-only and the next read of it is a seek and a read, with nothing
    /// allocated (what a read costs: docs/nanoframework.md, "A read from a file kept open"). Anything
    /// else that touches that file closes it first: System.IO.FileSystem refuses to delete, rename or
    /// open for writing a file another stream holds (434b26c, FileSystemManager.cs:99-105), and
    /// esp_littlefs refuses to unlink or rename an open file (EBUSY; v1.22.3, esp_littlefs.c:2371-2375,
    /// 2411-2421). A failed read drops the handle, so the next read opens the file again. Program's
    /// Gate serialises every call.
    /// A write opens the file, writes and closes it (a close is LittleFS's commit), so it is on
    /// flash when it returns; a chunk goes from the MQTT payload to the file with no copy. Replace
    /// is a delete and a rename (File.Move does not overwrite); RuleTransfer.Restore takes
    /// rules.new when a cut fell between the two.
    /// </remarks>
    internal sealed class FlashRulesSlot : IRulesSlot
    {
        private const string Drive = "I:\\";

        // Made once: building a path in Read would allocate on the per-digit path (on nanoCLR even a
        // literal does, ldstr makes a new string header each time).
        private static readonly string[] Paths =
        {
            Drive + RulesSlotFile.DeviceName(RulesSlotFile.Saved),
            Drive + RulesSlotFile.DeviceName(RulesSlotFile.Staged),
            Drive + RulesSlotFile.DeviceName(RulesSlotFile.RecordA),
            Drive + RulesSlotFile.DeviceName(RulesSlotFile.RecordB),
        };

        private FileStream _reader;
        private int _readerFile;

        public int Length(int file)
        {
            // A second stream on the open file would be refused (FileShare.Read).
            if (_reader != null && _readerFile == file) return (int)_reader.Length;
            string path = Paths[file];
            if (!File.Exists(path)) return -1;
            using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
                return (int)f.Length;
        }

        public int Read(int file, int position, byte[] buffer, int offset, int count)
        {
            try
            {
                if (_reader == null || _readerFile != file)
                {
                    CloseReader();
                    _reader = new FileStream(Paths[file], FileMode.Open, FileAccess.Read);
                    _readerFile = file;
                }
                // The Position setter is one native seek; Seek asks for the position first.
                _reader.Position = position;
                int total = 0;
                while (total < count)
                {
                    int n = _reader.Read(buffer, offset + total, count - total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            }
            catch
            {
                CloseReader();
                throw;
            }
        }

        public void Write(int file, int position, byte[] data, int offset, int count)
        {
            CloseReaderOf(file);
            using (FileStream f = new FileStream(Paths[file], FileMode.OpenOrCreate, FileAccess.Write))
            {
                f.Seek(position, SeekOrigin.Begin);
                f.Write(data, offset, count);
                f.Flush();
            }
        }

        public void Delete(int file)
        {
            CloseReaderOf(file);
            string path = Paths[file];
            if (File.Exists(path)) File.Delete(path);
        }

        public void Replace(int from, int to)
        {
            CloseReaderOf(from);
            Delete(to);
            File.Move(Paths[from], Paths[to]);
        }

        private void CloseReaderOf(int file)
        {
            if (_readerFile == file) CloseReader();
        }

        private void CloseReader()
        {
            FileStream f = _reader;
            _reader = null;
            if (f != null) f.Dispose();
        }
    }
}
