using System.Text.Json;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate --table`: the calls as a table for people; JSON lines stay the default off a terminal.</summary>
[TestClass]
public class SimulateTableTests
{
    const string Command = "gateway simulate samples/office-day.scenario --rules samples/rules/office.rules --table";

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var @out = new StringWriter { NewLine = "\n" };
        var err = new StringWriter();
        int code = Program.Run(args, TextReader.Null, @out, err);
        return (code, @out.ToString(), err.ToString());
    }

    static string[] OfficeDay(params string[] extra) =>
        ["simulate", SimulateOutputTests.Repo("samples/office-day.scenario"), "--rules", SimulateOutputTests.Repo("samples/rules/office.rules"), .. extra];

    [TestMethod]
    public void The_table_is_the_one_docs_call_records_shows_with_whole_outcomes_and_emergency()
    {
        var r = Run(OfficeDay("--table"));
        Assert.AreEqual(0, r.Code, r.Err);
        string[] doc = File.ReadAllLines(SimulateOutputTests.Repo("docs/call-records.md"));
        int at = Array.IndexOf(doc, "$ " + Command);
        Assert.IsTrue(at > 0, "docs/call-records.md shows " + Command);
        string shown = string.Join("\n", doc.Skip(at + 1).TakeWhile(l => !l.StartsWith("```")));
        Assert.AreEqual(shown, string.Join("\n", r.Out.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())));
        StringAssert.Contains(r.Out, "blocked by rule 00 at key 3\n");
        StringAssert.Contains(r.Out, "completed EMERGENCY\n");
    }

    [TestMethod]
    public void Json_lines_stay_the_default_off_a_terminal_and_json_asks_for_them()
    {
        foreach (string[] args in new[] { OfficeDay(), OfficeDay("--json") })
        {
            var r = Run(args);
            Assert.AreEqual(0, r.Code, r.Err);
            string[] lines = r.Out.TrimEnd('\n').Split('\n');
            Assert.AreEqual(11, lines.Length, r.Out);
            foreach (string line in lines)
                Assert.AreEqual(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind, line);
        }
    }

    [TestMethod]
    public void Table_and_json_together_are_a_usage_error()
    {
        var r = Run(OfficeDay("--table", "--json"));
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "--table and --json exclude each other");
        Assert.AreEqual("", r.Out);
    }
}
