using Gateway.Core.Messaging;

namespace Gateway.Cli.Mqtt;

/// <summary>Core's outbox journal on the PC: one file per segment (<c>NNNNNNNN.seg</c>) in a
/// directory, and the journal identity in <c>journal.id.a</c> and <c>journal.id.b</c>, so a killed or
/// restarted `gateway simulate --journal DIR` resumes where it stopped.</summary>
/// <remarks>
/// Append returns after the bytes reached the OS and, unless <see cref="SyncToDisk"/> is off, the
/// disk (fsync): the port promises durability. The directory is locked by a <c>.lock</c> file so two
/// boxes cannot interleave appends into one journal.
/// </remarks>
public sealed class FileJournalStorage : IJournalStorage, IDisposable
{
    const string Extension = ".seg";
    readonly string directory;
    readonly Dictionary<int, FileStream> open = new();
    readonly FileStream lockFile;

    public FileJournalStorage(string directory)
    {
        this.directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(this.directory);
        try
        {
            lockFile = new FileStream(Path.Combine(this.directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IOException($"journal {this.directory} is in use by another box");
        }
    }

    /// <summary>fsync after every append (on by default; tests that only kill processes may turn it off).</summary>
    public bool SyncToDisk { get; init; } = true;

    /// <summary>The journal directory (absolute).</summary>
    public string Location => directory;

    string PathOf(int segment) => Path.Combine(directory, segment.ToString("D8") + Extension);

    public int[] ListSegments()
    {
        var ids = new List<int>();
        foreach (string file in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.Length == 8 && int.TryParse(name, out int id) && id >= 0)
                ids.Add(id);
        }
        ids.Sort();
        return ids.ToArray();
    }

    public int GetLength(int segment)
    {
        if (open.TryGetValue(segment, out FileStream? s))
            return checked((int)s.Length);
        var info = new FileInfo(PathOf(segment));
        return info.Exists ? checked((int)info.Length) : 0;
    }

    public int Read(int segment, int offset, byte[] buffer, int index, int count)
    {
        if (open.TryGetValue(segment, out FileStream? writer))
            writer.Flush();
        string path = PathOf(segment);
        if (!File.Exists(path))
            return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset >= s.Length)
            return 0;
        s.Position = offset;
        int total = 0;
        while (total < count)
        {
            int n = s.Read(buffer, index + total, count - total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    public void Append(int segment, byte[] buffer, int index, int count)
    {
        if (!open.TryGetValue(segment, out FileStream? s))
        {
            s = new FileStream(PathOf(segment), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);
            open[segment] = s;
        }
        s.Write(buffer, index, count);
        s.Flush(SyncToDisk);
    }

    public void Delete(int segment)
    {
        if (open.Remove(segment, out FileStream? s))
            s.Dispose();
        File.Delete(PathOf(segment));
    }

    public int ReadIdentity(int copy, byte[] buffer, int index, int count)
    {
        string path = IdentityPath(copy);
        if (!File.Exists(path))
            return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int total = 0;
        while (total < count)
        {
            int n = s.Read(buffer, index + total, count - total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    public void WriteIdentity(int copy, byte[] buffer, int index, int count)
    {
        using var s = new FileStream(IdentityPath(copy), FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        s.Write(buffer, index, count);
        s.Flush(SyncToDisk);
    }

    string IdentityPath(int copy) => Path.Combine(directory, copy == 0 ? "journal.id.a" : "journal.id.b");

    public void Dispose()
    {
        foreach (FileStream s in open.Values)
            s.Dispose();
        open.Clear();
        lockFile.Dispose();
    }
}
