using System.Text;
using Gateway.Core.Messaging;

namespace Gateway.Cli.Mqtt;

/// <summary>The last rule set applied from the network, kept in the journal directory
/// (<c>applied-rules</c>) so a restarted `gateway simulate --journal DIR` enforces it before it
/// connects, as the device does from flash.</summary>
/// <remarks>One file: a header line <c>gateway-applied-rules 1 FORMAT VERSION</c>, then the body
/// as received (rule text or image). Written to a temp file and renamed over the old one, so a
/// crash leaves either set whole.</remarks>
public sealed class FileAppliedRulesStore(string directory) : IAppliedRulesStore
{
    const string Magic = "gateway-applied-rules 1";
    public const string FileName = "applied-rules";

    public string Path => System.IO.Path.Combine(directory, FileName);

    public void Save(byte[] body, bool isImage, string version)
    {
        byte[] header = Encoding.ASCII.GetBytes($"{Magic} {(isImage ? "image" : "text")} {version}\n");
        string temp = Path + ".new";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(header);
            f.Write(body);
            f.Flush(true);
        }
        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>The saved set, or false when there is none. Throws <see cref="InvalidDataException"/>
    /// when the file is not one this store wrote.</summary>
    public bool TryLoad(out byte[] body, out bool isImage, out string version)
    {
        body = [];
        isImage = false;
        version = "";
        if (!File.Exists(Path))
            return false;
        byte[] all = File.ReadAllBytes(Path);
        int newline = Array.IndexOf(all, (byte)'\n');
        string[] header = newline < 0 ? [] : Encoding.ASCII.GetString(all, 0, newline).Split(' ');
        if (header.Length != 4 || $"{header[0]} {header[1]}" != Magic || header[2] is not ("text" or "image"))
            throw new InvalidDataException($"{Path} is not a saved rule set (bad header)");
        isImage = header[2] == "image";
        version = header[3];
        body = all[(newline + 1)..];
        return true;
    }
}
