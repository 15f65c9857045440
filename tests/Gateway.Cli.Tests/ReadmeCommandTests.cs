using System.Text.RegularExpressions;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The README's `gateway` section: each exit code it documents is the one its example
/// really gives, and tab completion answers the `[suggest]` directive dotnet-suggest sends.</summary>
[TestClass]
public class ReadmeCommandTests
{
    [TestMethod]
    public void Every_exit_code_the_readme_documents_is_what_its_example_gives()
    {
        string readme = File.ReadAllText(SimulateOutputTests.Repo("README.md"));
        var rows = Regex.Matches(readme, @"^\| (\d+) \| [^|]+ \| `gateway ([^`]+)`", RegexOptions.Multiline);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, rows.Select(m => int.Parse(m.Groups[1].Value)).ToArray(), "README documents exit codes 0, 1, 2, each with an example");
        foreach (Match row in rows)
        {
            string[] args = row.Groups[2].Value.Split(' ').Select(a => a.StartsWith("samples/") ? SimulateOutputTests.Repo(a) : a).ToArray();
            var err = new StringWriter();
            int code = Program.Run(args, TextReader.Null, TextWriter.Null, err);
            Assert.AreEqual(int.Parse(row.Groups[1].Value), code, $"gateway {row.Groups[2].Value}\n{err}");
        }
        // Every code any command returns is one of those.
        CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, new[] { Program.ExitOk, Program.ExitFailure, Program.ExitUsage });
    }

    static string[] Suggest(string line)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        // What dotnet-suggest runs: the directive with the cursor position, then the whole line.
        int code = Program.Run([$"[suggest:{line.Length}]", line], TextReader.Null, @out, err);
        Assert.AreEqual(0, code, err.ToString());
        return @out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [TestMethod]
    public void Completion_offers_commands_subcommands_and_options()
    {
        CollectionAssert.AreEqual(new[] { "simulate" }, Suggest("gateway sim"));
        CollectionAssert.IsSubsetOf(new[] { "check", "compile", "push", "stats" }, Suggest("gateway rules "));
        CollectionAssert.AreEqual(new[] { "--table" }, Suggest("gateway simulate x.scenario --ta"));
        CollectionAssert.IsSubsetOf(new[] { "--once", "--duration", "--box" }, Suggest("gateway watch -"));
    }
}
