using System.IO;
using Gateway.Core.Messaging;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Append-only segments as files on the internal flash drive: the outbox journal's
    /// I:\outbox\NNNNNNNN.seg and the box log's I:\log\NNNNNNNN.seg, and the journal identity's two
    /// copies I:\outbox\journal.id.a and journal.id.b.</summary>
    /// <remarks>
    /// Each call opens, writes and closes the file: closing is what makes the ESP32 file system
    /// commit the data, and the journal appends rarely (one record per call), so the cost is
    /// acceptable. Exceptions (flash full, I/O errors) pass through: the journal counts them.
    /// </remarks>
    internal sealed class FlashJournalStorage : IJournalStorage
    {
        private const string Extension = ".seg";
        private readonly string _directory;
        private int _pathSegment;
        private string _path;

        public FlashJournalStorage(string directory)
        {
            _directory = directory;
            if (!Directory.Exists(directory)) Directory.CreateDirectory(directory);
        }

        public int[] ListSegments()
        {
            string[] files = Directory.GetFiles(_directory);
            int[] ids = new int[files.Length];
            int n = 0;
            for (int i = 0; i < files.Length; i++)
            {
                int id;
                if (TryParseId(Path.GetFileName(files[i]), out id)) ids[n++] = id;
            }
            int[] sorted = new int[n];
            for (int i = 0; i < n; i++)
            {
                // Insertion sort: a handful of segments at most.
                int j = i;
                while (j > 0 && sorted[j - 1] > ids[i]) { sorted[j] = sorted[j - 1]; j--; }
                sorted[j] = ids[i];
            }
            return sorted;
        }

        public int GetLength(int segment)
        {
            string path = PathOf(segment);
            if (!File.Exists(path)) return 0;
            using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
                return (int)f.Length;
        }

        public int Read(int segment, int offset, byte[] buffer, int index, int count)
        {
            string path = PathOf(segment);
            if (!File.Exists(path)) return 0;
            using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                if (offset >= f.Length) return 0;
                f.Seek(offset, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int n = f.Read(buffer, index + total, count - total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            }
        }

        public void Append(int segment, byte[] buffer, int index, int count)
        {
            using (FileStream f = new FileStream(PathOf(segment), FileMode.Append, FileAccess.Write))
            {
                f.Write(buffer, index, count);
                f.Flush();
            }
        }

        public void Delete(int segment)
        {
            string path = PathOf(segment);
            if (File.Exists(path)) File.Delete(path);
        }

        public int ReadIdentity(int copy, byte[] buffer, int index, int count)
        {
            string path = IdentityPath(copy);
            if (!File.Exists(path)) return 0;
            using (FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                int total = 0;
                while (total < count)
                {
                    int n = f.Read(buffer, index + total, count - total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            }
        }

        public void WriteIdentity(int copy, byte[] buffer, int index, int count)
        {
            using (FileStream f = new FileStream(IdentityPath(copy), FileMode.Create, FileAccess.Write))
            {
                f.Write(buffer, index, count);
                f.Flush();
            }
        }

        private string IdentityPath(int copy)
        {
            return _directory + (copy == 0 ? "\\journal.id.a" : "\\journal.id.b");
        }

        // Every call names its file: the path of the segment in use is built once, not per call
        // (the journal reads and appends several times per call record).
        private string PathOf(int segment)
        {
            if (segment == _pathSegment && _path != null) return _path;
            char[] digits = new char[8];
            int v = segment;
            for (int i = 7; i >= 0; i--)
            {
                digits[i] = (char)('0' + v % 10);
                v /= 10;
            }
            _path = _directory + "\\" + new string(digits) + Extension;
            _pathSegment = segment;
            return _path;
        }

        private static bool TryParseId(string name, out int id)
        {
            id = 0;
            if (name.Length != 8 + Extension.Length || !name.EndsWith(Extension)) return false;
            for (int i = 0; i < 8; i++)
            {
                char c = name[i];
                if (c < '0' || c > '9') return false;
                id = id * 10 + (c - '0');
            }
            return true;
        }
    }
}
