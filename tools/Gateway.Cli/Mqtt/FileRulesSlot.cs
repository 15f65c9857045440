using Gateway.Core.Messaging;

namespace Gateway.Cli.Mqtt;

/// <summary>The rules slot as files in a directory (<c>rules.bin</c>, <c>rules.new</c>, <c>rules.t0</c>,
/// <c>rules.t1</c>), as the device keeps them on I:; every write is flushed to disk before it returns.</summary>
public sealed class FileRulesSlot(string directory) : IRulesSlot
{
    string PathOf(int file) => Path.Combine(directory, RulesSlotFile.DeviceName(file));

    public int Length(int file)
    {
        var info = new FileInfo(PathOf(file));
        return info.Exists ? checked((int)info.Length) : -1;
    }

    public int Read(int file, int position, byte[] buffer, int offset, int count)
    {
        using var f = new FileStream(PathOf(file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Position = position;
        int total = 0;
        while (total < count)
        {
            int n = f.Read(buffer, offset + total, count - total);
            if (n <= 0)
                break;
            total += n;
        }
        return total;
    }

    public void Write(int file, int position, byte[] data, int offset, int count)
    {
        Directory.CreateDirectory(directory);
        using var f = new FileStream(PathOf(file), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        f.Position = position;
        f.Write(data, offset, count);
        f.Flush(true);
    }

    public void Delete(int file) => File.Delete(PathOf(file));

    public void Replace(int from, int to) => File.Move(PathOf(from), PathOf(to), overwrite: true);
}
