using Gateway.Core.Messaging;

namespace Gateway.Nano.BoxRun
{
    /// <summary>The rules slot of the device's flash for the transfer rehearsal, kept out of the
    /// managed heap as flash is: a rules file's body can only be the rule image of the run, which is
    /// in the assembly's data; every byte written to it is checked against that image (a mismatch
    /// fails the write), and reads are served from it. Header lines and the transfer's records are
    /// small and kept in RAM.</summary>
    internal sealed class ImageFlash : IRulesSlot
    {
        private readonly BlobReader _image;
        private readonly byte[][] _small = new byte[4][];  // header line (rules files) or whole content (records)
        private readonly int[] _length = new int[] { -1, -1, -1, -1 };
        private readonly int[] _headerLength = new int[4];

        /// <summary>The image's reader (the transfer's sender cuts its chunks from it too; every use seeks first).</summary>
        public BlobReader Image { get { return _image; } }

        /// <summary>Bytes written that did not match the image (0 in a good run).</summary>
        public int Mismatches;

        public ImageFlash(int imageBlob)
        {
            _image = new BlobReader(imageBlob);
        }

        private static bool IsRulesFile(int file) { return file == RulesSlotFile.Saved || file == RulesSlotFile.Staged; }

        /// <summary>Puts a saved set on "flash": the header line, then the run's image.</summary>
        public void SaveImage(int file, byte[] header)
        {
            _small[file] = header;
            _headerLength[file] = header.Length;
            _length[file] = header.Length + _image.Length;
        }

        public int Length(int file) { return _length[file]; }

        public int Read(int file, int position, byte[] buffer, int offset, int count)
        {
            if (_length[file] < 0) throw new System.IO.IOException("no such file");
            int n = 0;
            while (n < count && position + n < _length[file])
            {
                int at = position + n;
                if (!IsRulesFile(file) || at < _headerLength[file]) buffer[offset + n] = _small[file][at];
                else
                {
                    if (n == 0 || at == _headerLength[file]) _image.Seek(at - _headerLength[file]);
                    buffer[offset + n] = _image.NextByte();
                }
                n++;
            }
            return n;
        }

        public void Write(int file, int position, byte[] data, int offset, int count)
        {
            if (_length[file] < 0) _length[file] = 0;
            if (!IsRulesFile(file) || position == 0)
            {
                // A record, or a rules file's header line (written first, on its own).
                byte[] small = new byte[position + count];
                if (_small[file] != null && position > 0) System.Array.Copy(_small[file], small, position);
                System.Array.Copy(data, offset, small, position, count);
                _small[file] = small;
                if (IsRulesFile(file)) _headerLength[file] = small.Length;
                if (position + count > _length[file]) _length[file] = position + count;
                return;
            }
            int body = position - _headerLength[file];
            _image.Seek(body);
            for (int i = 0; i < count; i++)
                if (body + i >= _image.Length || _image.NextByte() != data[offset + i]) Mismatches++;
            if (position + count > _length[file]) _length[file] = position + count;
            if (Mismatches > 0) throw new System.IO.IOException("written bytes differ from the image");
        }

        public void Delete(int file)
        {
            _length[file] = -1;
            _small[file] = null;
            _headerLength[file] = 0;
        }

        public void Replace(int from, int to)
        {
            _length[to] = _length[from];
            _small[to] = _small[from];
            _headerLength[to] = _headerLength[from];
            Delete(from);
        }
    }
}
