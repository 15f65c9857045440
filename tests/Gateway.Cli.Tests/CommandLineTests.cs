using System.CommandLine;
using System.Reflection;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>The command line itself: help on every command, --version, the forms of option values,
/// and usage errors (message and exit code 2).</summary>
[TestClass]
public class CommandLineTests
{
    static (int Code, string Out, string Err) Run(string[] args, string stdin = "")
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(args, new StringReader(stdin), @out, err);
        return (code, @out.ToString().Replace("\r\n", "\n"), err.ToString().Replace("\r\n", "\n"));
    }

    static readonly CliStreams NoStreams = new(TextReader.Null, TextWriter.Null, TextWriter.Null);

    /// <summary>Every command of the tree (groups too), as the words that name it after `gateway`.</summary>
    static IEnumerable<string[]> CommandPaths(Command command, string[] path)
    {
        yield return path;
        foreach (Command sub in command.Subcommands)
            foreach (string[] p in CommandPaths(sub, [.. path, sub.Name]))
                yield return p;
    }

    static Command Find(string[] path)
    {
        Command c = GatewayCommandLine.Create(NoStreams);
        foreach (string name in path)
            c = c.Subcommands.Single(s => s.Name == name);
        return c;
    }

    [TestMethod]
    public void Every_command_has_help_listing_its_arguments_and_options()
    {
        var paths = CommandPaths(GatewayCommandLine.Create(NoStreams), []).ToList();
        Assert.AreEqual(13, paths.Count, "gateway, simulate, rules, rules compile/stats/check/code-hash/push, watch, collect, report, docs, docs led-card");
        foreach (string[] path in paths)
        {
            var r = Run([.. path, "--help"]);
            string name = string.Join(' ', ["gateway", .. path]);
            Assert.AreEqual(0, r.Code, name);
            Assert.AreEqual("", r.Err, name);
            StringAssert.Contains(r.Out, "Usage:\n  " + name, name);
            Command command = Find(path);
            foreach (Option option in command.Options.Where(o => !o.Hidden))
                StringAssert.Contains(r.Out, option.Name, $"{name} --help lists {option.Name}");
            foreach (Argument argument in command.Arguments)
                StringAssert.Contains(r.Out, "<" + argument.Name + ">", $"{name} --help names {argument.Name}");
            foreach (Command sub in command.Subcommands)
                StringAssert.Contains(r.Out, "  " + sub.Name, $"{name} --help lists {sub.Name}");
            Assert.AreEqual(r.Out, Run([.. path, "-h"]).Out, name + ": -h is --help");
            Assert.AreEqual(r.Out, Run(["help", .. path]).Out, name + ": 'gateway help ...' is --help");
        }
    }

    [TestMethod]
    public void Command_help_describes_each_option()
    {
        var r = Run(["rules", "push", "--help"]);
        StringAssert.Contains(r.Out, "--box <ID> (REQUIRED)");
        StringAssert.Contains(r.Out, "--max-bytes <N>");
        StringAssert.Contains(r.Out, "--password <P>");
        StringAssert.Contains(r.Out, "The box's maxRuleUpdateBytes");
    }

    [TestMethod]
    public void Overview_gives_the_synopsis_of_every_runnable_command()
    {
        var r = Run(["--help"]);
        Assert.AreEqual(0, r.Code);
        StringAssert.Contains(r.Out, "  gateway rules compile RULES -o IMAGE [--version V]\n");
        StringAssert.Contains(r.Out, "  gateway rules stats RULES|IMAGE\n");
        StringAssert.Contains(r.Out, "  gateway watch [--broker mqtt[s]://HOST[:PORT]]");
    }

    [TestMethod]
    public void Bare_gateway_shows_the_overview_with_exit_code_2()
    {
        var r = Run([]);
        Assert.AreEqual(2, r.Code);
        Assert.AreEqual(Run(["--help"]).Out, r.Out);
    }

    [TestMethod]
    public void Version_prints_the_cli_version()
    {
        var r = Run(["--version"]);
        Assert.AreEqual(0, r.Code, r.Err);
        string expected = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.AreEqual(expected + "\n", r.Out);
        Assert.AreEqual(expected, GatewayCommandLine.Version);
        Assert.AreEqual("", r.Err);
    }

    [TestMethod]
    public void A_subcommand_version_option_is_its_own_not_the_cli_version()
    {
        string dir = TempDir();
        string image = Path.Combine(dir, "r.img");
        Assert.AreEqual(0, Run(["rules", "compile", Rules(dir), "-o", image, "--version", "v7"]).Code);
        StringAssert.Contains(Run(["rules", "stats", image]).Out, "version     v7\n");
    }

    [TestMethod]
    public void Option_values_may_follow_an_equals_sign_or_a_space()
    {
        string dir = TempDir();
        string rules = Rules(dir);
        var spaced = Run(["rules", "check", rules, "--default", "block", "--emergency", "999"], "5\n999\n");
        var equals = Run(["rules", "check", rules, "--default=block", "--emergency=999"], "5\n999\n");
        Assert.AreEqual(0, equals.Code, equals.Err);
        Assert.AreEqual("5\tblock\t-\t1\n999\tallow\t999\t3\n", spaced.Out);
        Assert.AreEqual(spaced.Out, equals.Out);

        string image = Path.Combine(dir, "r.img");
        Assert.AreEqual(0, Run(["rules", "compile", rules, "--output=" + image, "--version=v8"]).Code);
        StringAssert.Contains(Run(["rules", "stats", image]).Out, "version     v8\n");
        var start = Run(["simulate", "-", "--start=2026-03-04T05:06:07Z", "--box=b9"], "0 hook off\n1000 hook on\n");
        Assert.AreEqual(0, start.Code, start.Err);
        StringAssert.Contains(start.Out, "\"box\":\"b9\"");
        StringAssert.Contains(start.Out, "\"start\":\"2026-03-04T05:06:07.000Z\"");
    }

    [TestMethod]
    public void An_option_value_may_start_with_dashes()
    {
        foreach (string[] form in new[] { new[] { "--password=--x" }, ["--password", "--x"] })
        {
            ParseResult parsed = GatewayCommandLine.Parse(["watch", "--broker", "mqtt://h", "--user", "u", .. form], NoStreams);
            Assert.AreEqual(0, parsed.Errors.Count, string.Join("; ", parsed.Errors));
            Assert.AreEqual("--x", parsed.GetValue<string>("--password"), string.Join(' ', form));
        }
        string dir = TempDir();
        string image = Path.Combine(dir, "r.img");
        Assert.AreEqual(0, Run(["rules", "compile", Rules(dir), "-o", image, "--version", "--v1"]).Code);
        StringAssert.Contains(Run(["rules", "stats", image]).Out, "version     --v1\n");
    }

    [TestMethod]
    public void An_at_sign_is_a_value_not_a_response_file()
    {
        ParseResult parsed = GatewayCommandLine.Parse(["watch", "--broker", "mqtt://h", "--user", "u", "--password", "@secret"], NoStreams);
        Assert.AreEqual(0, parsed.Errors.Count, string.Join("; ", parsed.Errors));
        Assert.AreEqual("@secret", parsed.GetValue<string>("--password"));
    }

    [TestMethod]
    public void After_a_double_dash_an_argument_starting_with_dashes_is_a_file()
    {
        // A relative name starting with '-' (the working directory is the test's output folder).
        string name = "-gw-" + Guid.NewGuid().ToString("N") + ".rules";
        File.WriteAllText(name, "block 0900\n");
        try
        {
            var plain = Run(["rules", "stats", name]);
            Assert.AreEqual(2, plain.Code);
            StringAssert.Contains(plain.Err, $"unknown option '{name}'");
            var separated = Run(["rules", "stats", "--", name]);
            Assert.AreEqual(0, separated.Code, separated.Err);
            StringAssert.Contains(separated.Out, $"source      {name} (rule text)");
        }
        finally
        {
            File.Delete(name);
        }
    }

    [TestMethod]
    public void Unknown_option_names_itself_and_the_command_with_exit_code_2()
    {
        string rules = Rules(TempDir());
        var r = Run(["rules", "stats", rules, "--frob"]);
        Assert.AreEqual(2, r.Code);
        Assert.AreEqual("", r.Out);
        Assert.AreEqual("gateway rules stats: unknown option '--frob'\nrun 'gateway rules stats --help' for usage\n", r.Err);
    }

    [TestMethod]
    public void Usage_errors_all_exit_2_with_a_message_naming_the_fault()
    {
        string rules = Rules(TempDir());
        (string[] Args, string Message)[] cases =
        [
            (["frob"], "gateway: unknown command 'frob' (simulate, rules, watch, collect, report, docs)"),
            (["rules"], "gateway rules: 'rules' needs a subcommand: compile, stats, check, code-hash, push"),
            (["rules", "frob"], "gateway rules: unknown rules subcommand 'frob' (compile, stats, check, code-hash, push)"),
            (["rules", "stats"], "gateway rules stats: missing RULES|IMAGE"),
            (["rules", "stats", rules, "extra"], "gateway rules stats: unexpected argument 'extra'"),
            (["rules", "stats", "--frob"], "gateway rules stats: unknown option '--frob' (a file name starting with '-' goes after '--')"),
            (["simulate", "--colour"], "gateway simulate: unknown option '--colour' (a file name starting with '-' goes after '--')"),
            (["rules", "check"], "gateway rules check: missing RULES|IMAGE"),
            (["rules", "check", rules, "--default"], "gateway rules check: --default needs a value"),
            (["rules", "check", rules, "--default", "maybe"], "gateway rules check: --default must be allow or block, not 'maybe'"),
            (["rules", "compile", rules], "gateway rules compile: -o IMAGE is required"),
            (["rules", "push", rules], "gateway rules push: --box ID is required"),
            (["rules", "push", rules, "--box", "b1", "--timeout", "0"], "gateway rules push: --timeout: '0' is not a number of seconds (0 < S <= 86400)"),
            (["rules", "push", rules, "--box", "b1", "--box", "b2"], "gateway rules push: --box given twice"),
            (["watch", "--once", "--duration", "2"], "gateway watch: --once and --duration exclude each other"),
            (["watch", "--user", "u"], "gateway watch: --user, --password, --tls and --ca need --broker mqtt://HOST:PORT"),
            (["simulate", "-", "--speed", "fast"], "gateway simulate: --speed: 'fast' is not a speed factor (0.001 <= X <= 1000000000)"),
            (["simulate", "-", "--line", "a b"], "gateway simulate: --line 'a b' must be 1-64 printable ASCII characters without spaces, '/', '+' or '#'"),
        ];
        foreach (var (args, message) in cases)
        {
            var r = Run(args);
            Assert.AreEqual(2, r.Code, string.Join(' ', args));
            StringAssert.StartsWith(r.Err, message + "\n", string.Join(' ', args));
            StringAssert.EndsWith(r.Err, "--help' for usage\n", string.Join(' ', args));
        }
    }

    static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "gateway-cl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string Rules(string dir)
    {
        string path = Path.Combine(dir, "r.rules");
        File.WriteAllText(path, "block 0\nallow 010\n");
        return path;
    }
}
