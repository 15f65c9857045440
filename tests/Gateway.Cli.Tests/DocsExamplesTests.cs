using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The `gateway` commands the docs show are the commands users type: each one in a code
/// block must parse, each one that needs no broker must run with exit 0, and every option any doc
/// names for a command must exist.</summary>
[TestClass]
public class DocsExamplesTests
{
    static readonly CliStreams NoStreams = new(TextReader.Null, TextWriter.Null, TextWriter.Null);

    /// <summary>A `gateway ...` command from a doc: where it is, its words after `gateway`, whether
    /// it stands in a code block (a command to type) or inline in the text (a mention), and for a
    /// `$ gateway ...` line the lines shown after it in its block (what it prints).</summary>
    sealed record DocCommand(string Where, string[] Args, bool InBlock, string[] Output)
    {
        /// <summary>The doc shows this command failing with a usage error.</summary>
        public bool ShowsUsageError => Output.Any(l => l.EndsWith("--help' for usage", StringComparison.Ordinal));

        public override string ToString() => $"{Where}: gateway {string.Join(' ', Args)}";
    }

    static IEnumerable<string> MarkdownFiles()
    {
        string root = SimulateOutputTests.Repo("");
        return Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".git" or "artifacts"))
            .Order();
    }

    /// <summary>The broker options `$BROKER` stands for, as docs/operations.md defines it.</summary>
    static string BrokerExpansion()
    {
        string text = File.ReadAllText(SimulateOutputTests.Repo("docs/operations.md"));
        Match m = Regex.Match(text, @"take the broker as `([^`]+)`\s*\(shortened to `\$BROKER`");
        Assert.IsTrue(m.Success, "docs/operations.md defines $BROKER");
        return m.Groups[1].Value;
    }

    static List<DocCommand> Commands()
    {
        string root = SimulateOutputTests.Repo("");
        string broker = BrokerExpansion();
        var found = new List<DocCommand>();
        foreach (string file in MarkdownFiles())
        {
            string name = Path.GetRelativePath(root, file).Replace('\\', '/');
            string[] lines = File.ReadAllLines(file);
            bool fenced = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                    continue;
                }
                bool block = fenced || line.StartsWith("    ", StringComparison.Ordinal);
                if (block)
                {
                    int at = i + 1;
                    string text = line.Trim();
                    while (text.EndsWith('\\') && i + 1 < lines.Length)
                        text = text[..^1] + " " + lines[++i].Trim();
                    var output = new List<string>();
                    if (text.StartsWith("$ ", StringComparison.Ordinal))
                    {
                        text = text[2..];
                        // What it prints runs to the next prompt or the end of the block.
                        while (fenced && i + 1 < lines.Length && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal)
                            && !lines[i + 1].TrimStart().StartsWith("```", StringComparison.Ordinal))
                            output.Add(lines[++i]);
                    }
                    string[] words = ShellWords(text.Replace("$BROKER", broker));
                    string[]? args = GatewayArgs(words);
                    if (args != null)
                        found.Add(new DocCommand($"{name}:{at}", args, true, [.. output]));
                }
                else
                {
                    foreach (Match m in Regex.Matches(line, "`(gateway [^`]+)`"))
                        found.Add(new DocCommand($"{name}:{i + 1}", ShellWords(m.Groups[1].Value)[1..], false, []));
                }
            }
        }
        return found;
    }

    /// <summary>The words after `gateway` (or after `dotnet run --project tools/Gateway.Cli --`), or null.</summary>
    static string[]? GatewayArgs(string[] words)
    {
        if (words.Length > 0 && words[0] == "gateway")
            return words[1..];
        if (words.Length > 4 && words[0] == "dotnet" && words[1] == "run" && words.Contains("tools/Gateway.Cli") && words.Contains("--"))
            return words[(Array.IndexOf(words, "--") + 1)..];
        return null;
    }

    /// <summary>Splits a shell line into words: quotes group, `#` after a space starts a comment.</summary>
    static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return [.. words];
    }

    /// <summary>A synopsis (`RULES|IMAGE`, `[--box ID]`) rather than a command to type.</summary>
    static bool IsSynopsis(string[] args) =>
        args.Any(a => a.Contains('[') || Regex.IsMatch(a, @"^[A-Z]{2,}(\|[A-Z]+)*$"));

    static bool NeedsBroker(string[] args) =>
        // A PostgreSQL server is a server too: those commands are parsed, not run.
        args.Contains("--broker") || args.Contains("--postgres") || args.Length > 0 && args[0] is "watch" or "collect" || args.Length > 1 && args[0] == "rules" && args[1] == "push";

    [TestMethod]
    public void Every_command_in_a_doc_code_block_parses()
    {
        var typed = Commands().Where(c => c.InBlock && !IsSynopsis(c.Args) && !c.ShowsUsageError).ToList();
        Assert.IsTrue(typed.Count >= 8, $"found {typed.Count} commands in code blocks: " + string.Join("\n", typed));
        foreach (DocCommand c in typed)
        {
            ParseResult parsed = GatewayCommandLine.Parse(c.Args, NoStreams);
            Assert.AreEqual("", string.Join("; ", UsageErrors.Describe(parsed)), c.ToString());
        }
    }

    [TestMethod]
    public void Every_command_in_a_doc_code_block_that_needs_no_broker_runs()
    {
        string temp = Path.Combine(Path.GetTempPath(), "gateway-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var offline = Commands().Where(c => c.InBlock && !IsSynopsis(c.Args) && !NeedsBroker(c.Args) && !c.ShowsUsageError).ToList();
        Assert.IsTrue(offline.Any(c => c.Where.StartsWith("docs/operations.md:", StringComparison.Ordinal) && c.Args[0] == "rules"),
            "docs/operations.md's rules check is among them: " + string.Join("\n", offline));
        Assert.IsTrue(offline.Any(c => c.Where.StartsWith("README.md:", StringComparison.Ordinal)), "the README's simulate is among them");
        foreach (DocCommand c in offline)
        {
            string[] args = c.Args.Select((a, i) => Resolve(a, i > 0 ? c.Args[i - 1] : "", temp)).ToArray();
            var err = new StringWriter();
            int code = Program.Run(args, TextReader.Null, TextWriter.Null, err);
            Assert.AreEqual(0, code, $"{c}\n{err}");
        }
    }

    [TestMethod]
    public void A_usage_error_a_doc_shows_is_what_the_cli_prints()
    {
        var shown = Commands().Where(c => c.ShowsUsageError).ToList();
        Assert.IsTrue(shown.Count >= 1, "docs/operations.md shows a usage error");
        string temp = Path.Combine(Path.GetTempPath(), "gateway-docs-" + Guid.NewGuid().ToString("N"));
        foreach (DocCommand c in shown)
        {
            string[] args = c.Args.Select((a, i) => Resolve(a, i > 0 ? c.Args[i - 1] : "", temp)).ToArray();
            var @out = new StringWriter();
            var err = new StringWriter();
            int code = Program.Run(args, TextReader.Null, @out, err);
            Assert.AreEqual(2, code, c.ToString());
            Assert.AreEqual("", @out.ToString(), c.ToString());
            Assert.AreEqual(string.Join("\n", c.Output), err.ToString().Replace("\r\n", "\n").TrimEnd('\n'), c.ToString());
        }
    }

    /// <summary>A doc's file name as the test can reach it: from the repository root, or a sample
    /// (docs say `office.rules` for the office's own file); files written go to a temp folder.</summary>
    static string Resolve(string arg, string previous, string temp)
    {
        if (previous is "-o" or "--output" or "--journal")
            return Path.Combine(temp, Path.GetFileName(arg));
        if (previous == "--db")
        {
            // A collector's database (empty) for `gateway report`, as `gateway collect` leaves it.
            string db = Path.Combine(temp, Path.GetFileName(arg));
            Directory.CreateDirectory(temp);
            using (var store = Gateway.Cli.Collect.CollectorStore.OpenSqlite(db))
                store.Migrate();
            return db;
        }
        if (arg.StartsWith('-'))
            return arg;
        foreach (string dir in new[] { "", "samples", "samples/rules" })
        {
            string path = SimulateOutputTests.Repo(Path.Combine(dir, arg));
            if (File.Exists(path))
                return path;
        }
        return arg;
    }

    [TestMethod]
    public void Every_option_a_doc_names_for_a_command_exists()
    {
        Command root = GatewayCommandLine.Create(NoStreams);
        var all = Commands();
        Assert.IsTrue(all.Count(c => !c.InBlock) >= 10, "inline mentions found: " + all.Count(c => !c.InBlock));
        foreach (DocCommand c in all)
        {
            Command command = root;
            int i = 0;
            for (; i < c.Args.Length; i++)
            {
                Command? sub = command.Subcommands.FirstOrDefault(s => s.Name == c.Args[i]);
                if (sub == null) break;
                command = sub;
            }
            var names = new HashSet<string>(command.Options.Concat(root.Options).SelectMany(o => o.Aliases.Append(o.Name)));
            foreach (string arg in c.Args[i..].TakeWhile(a => a != "--")) // after `--` only files
            {
                string word = arg.Trim('[', ']', '(', ')', ',', '.', ':');
                int equals = word.IndexOf('=');
                if (equals > 0) word = word[..equals];
                if (word.StartsWith('-') && word.Length > 1 && word != "--" && !char.IsDigit(word[1]))
                    Assert.IsTrue(names.Contains(word), $"{c}: '{word}' is not an option of gateway {GatewayCommandLine.PathOf(command)[8..]}");
            }
        }
    }
}
