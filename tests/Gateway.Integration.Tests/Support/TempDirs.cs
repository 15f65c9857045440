using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Support;

/// <summary>Temp directories for one test run, removed when the assembly's tests are done.</summary>
[TestClass]
public static class TempDirs
{
    static readonly List<string> Created = new();

    public static string Create(string prefix)
    {
        string dir = Directory.CreateTempSubdirectory(prefix).FullName;
        lock (Created)
            Created.Add(dir);
        return dir;
    }

    [AssemblyCleanup]
    public static void RemoveAll()
    {
        lock (Created)
        {
            foreach (string dir in Created)
            {
                try
                {
                    Directory.Delete(dir, true);
                }
                catch (IOException)
                {
                    // still held by a process that is going away; the OS temp cleaner takes it
                }
            }
            Created.Clear();
        }
    }
}
