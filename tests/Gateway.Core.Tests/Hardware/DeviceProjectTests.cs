using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Hardware
{
    /// <summary>The nanoFramework projects, which CI cannot build, stay consistent with the repository (host-only: reads files).</summary>
    [TestClass]
    public class DeviceProjectTests
    {
        private static readonly string[] NfProjects =
        {
            "firmware/Gateway.Core.Rules.Nano/Gateway.Core.Rules.nfproj",
            "firmware/Gateway.Core.Nano/Gateway.Core.nfproj",
            "firmware/Gateway.Esp32/Gateway.Esp32.nfproj",
            "tests/Gateway.Core.Tests.Nano/Gateway.Core.Tests.nfproj",
            "tests/Gateway.Core.Tests.Nano.Messaging/Gateway.Core.Tests.Messaging.nfproj",
        };

        // The device test list, split in two: an assembly holds at most 64 KB of strings.
        private static readonly string[] DeviceTestProjects =
        {
            "tests/Gateway.Core.Tests.Nano/Gateway.Core.Tests.nfproj",
            "tests/Gateway.Core.Tests.Nano.Messaging/Gateway.Core.Tests.Messaging.nfproj",
        };

        [TestMethod]
        public void Listed_source_files_exist()
        {
            foreach (string project in NfProjects)
            {
                string dir = Path.GetDirectoryName(RepoFiles.PathOf(project));
                foreach (Match m in Regex.Matches(RepoFiles.Read(project), "<Compile Include=\"([^\"*]+)\""))
                {
                    string path = Path.GetFullPath(Path.Combine(dir, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)));
                    Assert.IsTrue(File.Exists(path), project + " lists " + m.Groups[1].Value + ", which does not exist");
                }
            }
        }

        // What the device test run cannot compile or run: generics, LINQ, System.Math,
        // Random's two-argument Next, MSTest-only asserts, interpolated strings, host allocation counters,
        // tuples, file I/O, custom format strings, and string/Encoding members the device's mscorlib and System.Text lack
        // (GetString with one argument; JsonReader's GetString() has none and is fine).
        private static readonly string[] HostOnly =
        {
            @"\bList<", @"\bDictionary<", @"\bHashSet<", @"\bIEnumerable<", @"\bFunc<", @"\bAction<",
            @"\bIReadOnly\w*<", @"\bIList<", @"\bICollection<", @"ValueTuple", @"\bvar \(",
            @"System\.Linq", @"System\.Text\.Json", @"\bMath\.\w+\(", @"\.Next\([^()]*,", @"StringAssert\.",
            @"CollectionAssert\.", @"Assert\.(Fail|ThrowsException)", @"\$""", @"GetAllocatedBytes", @"\[DataRow",
            @"System\.IO\b", @"System\.Reflection", @"\bstring\.Join\(", @"\bStringComparison\.", @"Encoding\.(ASCII|Unicode|Latin1)",
            @"\basync\b", @"\bawait\b", @"GetString\((?!\s*\))[^,()]*(\([^()]*\))?[^,()]*\)", @"ToLowerInvariant|ToUpperInvariant",
            // nanoCLR formats numbers with a letter G X F N D E and digits only ("00" throws, "0.0"
            // comes back as itself: docs/nanoframework.md, "Found on nanoCLR").
            @"ToString\(""(?![GgXxFfNnDdEe]\d*"")",
        };

        [TestMethod]
        public void Test_files_listed_for_the_device_use_no_host_only_api()
        {
            HashSet<string> tests = new HashSet<string>();
            foreach (string project in DeviceTestProjects)
            {
                string dir = Path.GetDirectoryName(RepoFiles.PathOf(project));
                foreach (Match m in Regex.Matches(RepoFiles.Read(project), "<Compile Include=\"([^\"*]+)\""))
                {
                    string listed = m.Groups[1].Value;
                    // Support files serve both projects; a test file in both would run twice.
                    if (!listed.Contains("\\Support\\") && !listed.EndsWith("MSTestNames.cs"))
                        Assert.IsTrue(tests.Add(listed), listed + " is in more than one device test project");
                    // Support/*.Host.cs hold the host halves of partial helpers: listing one would defeat the split.
                    Assert.IsFalse(listed.EndsWith(".Host.cs"), listed + " is a host-only half and must not be in the device test list");
                    string text = File.ReadAllText(Path.GetFullPath(Path.Combine(dir, listed.Replace('\\', Path.DirectorySeparatorChar))));
                    foreach (string pattern in HostOnly)
                        Assert.IsFalse(Regex.IsMatch(text, pattern), listed + " is in the device test list but matches host-only " + pattern);
                }
            }
            Assert.IsTrue(tests.Count >= 51, "the device test list shrank to " + tests.Count + " test files");
        }

        [TestMethod]
        public void Every_referenced_package_is_in_packages_config_at_the_same_version()
        {
            foreach (string project in NfProjects)
            {
                string dir = Path.GetDirectoryName(project).Replace('\\', '/');
                Dictionary<string, string> config = new Dictionary<string, string>();
                foreach (Match m in Regex.Matches(RepoFiles.Read(dir + "/packages.config"), "<package id=\"([^\"]+)\" version=\"([^\"]+)\""))
                    config[m.Groups[1].Value] = m.Groups[2].Value;
                foreach (Match m in Regex.Matches(RepoFiles.Read(project), @"packages\\([A-Za-z.]+?)\.(\d+\.\d+\.\d+)\\lib"))
                {
                    string id = m.Groups[1].Value, version = m.Groups[2].Value;
                    Assert.IsTrue(config.ContainsKey(id), project + " references " + id + " missing from packages.config");
                    Assert.AreEqual(config[id], version, project + ": " + id + " version vs packages.config");
                }
            }
        }

        [TestMethod]
        public void The_platform_notes_list_the_app_package_versions()
        {
            string notes = RepoFiles.Read("docs/nanoframework.md");
            foreach (Match m in Regex.Matches(RepoFiles.Read("firmware/Gateway.Esp32/packages.config"), "<package id=\"([^\"]+)\" version=\"([^\"]+)\""))
                Assert.IsTrue(notes.Contains("| " + m.Groups[1].Value + " | " + m.Groups[2].Value + " |"),
                    "docs/nanoframework.md should list " + m.Groups[1].Value + " " + m.Groups[2].Value);
        }

        [TestMethod]
        public void The_host_solution_contains_no_nanoFramework_project()
        {
            // dotnet build cannot build .nfproj files; they belong in firmware/Gateway.Device.sln only.
            Assert.IsFalse(RepoFiles.Read("Gateway.sln").Contains(".nfproj"), "Gateway.sln references an .nfproj");
            string device = RepoFiles.Read("firmware/Gateway.Device.sln");
            foreach (string project in NfProjects)
                Assert.IsTrue(device.Contains(Path.GetFileName(project)), "Gateway.Device.sln should contain " + project);
        }
    }
}
