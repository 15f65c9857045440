using System;
using System.IO;

namespace Gateway.Core.Tests.Status.Support
{
    /// <summary>Host-only: finds files of the repository from the test's output directory.</summary>
    public static class RepoFiles
    {
        /// <summary>The repository root (the directory holding Gateway.sln).</summary>
        public static string Root()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir, "Gateway.sln"))) return dir;
                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            }
            throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>Full path of a repository-relative path written with '/'.</summary>
        public static string PathOf(string relative)
        {
            return Path.Combine(Root(), relative.Replace('/', Path.DirectorySeparatorChar));
        }

        /// <summary>Text of a repository file.</summary>
        public static string Read(string relative)
        {
            return File.ReadAllText(PathOf(relative));
        }

        /// <summary>True when tests should rewrite generated docs instead of comparing (GATEWAY_WRITE_DOCS=1).</summary>
        public static bool Regenerate
        {
            get { return Environment.GetEnvironmentVariable("GATEWAY_WRITE_DOCS") == "1"; }
        }
    }
}
