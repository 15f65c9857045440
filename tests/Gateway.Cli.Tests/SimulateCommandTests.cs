using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate` driven in-process: arguments, exit codes and messages.</summary>
[TestClass]
public class SimulateCommandTests
{
    private static (int Code, string Out, string Err) Run(string[] args, string stdin = "")
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(args, new StringReader(stdin), @out, err);
        return (code, @out.ToString(), err.ToString());
    }

    private static string TempScenario(string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "gateway-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "bad.scenario");
        File.WriteAllText(path, text);
        return path;
    }

    [TestMethod]
    public void Bad_scenario_line_stops_with_file_line_and_reason_and_exit_code_2()
    {
        string path = TempScenario("0 hook off\n# fine so far\n100 hook sideways\n");
        var r = Run(["simulate", path]);
        Assert.AreEqual(2, r.Code);
        Assert.AreEqual($"{path}:3: hook takes 'off' (loop closed) or 'on', not 'sideways'", r.Err.Trim());
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public void Scenario_time_past_one_day_is_one_line_and_exit_code_2_without_running()
    {
        // Unbounded, this scenario ticked the box for hours of wall time.
        var r = Run(["simulate", "-"], "0 hook off\n100000000000 hook on\n");
        Assert.AreEqual(2, r.Code);
        Assert.AreEqual("<stdin>:2: time 100000000000 is past the end of a scenario day (86400000 ms = 24 h)", r.Err.Trim());
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public void Scenario_from_stdin_is_named_stdin_in_messages()
    {
        var r = Run(["simulate", "-"], "0 ring loud\n");
        Assert.AreEqual(2, r.Code);
        StringAssert.StartsWith(r.Err, "<stdin>:1: ring takes 'on' or 'off'");
    }

    [TestMethod]
    public void Missing_scenario_argument_is_a_usage_error()
    {
        var r = Run(["simulate"]);
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "missing SCENARIO");
    }

    [TestMethod]
    public void Unreadable_scenario_file_is_a_usage_error_naming_it()
    {
        var r = Run(["simulate", "/nonexistent/x.scenario"]);
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "cannot read scenario /nonexistent/x.scenario");
    }

    [TestMethod]
    public void Start_that_is_not_an_iso_time_is_a_usage_error()
    {
        var r = Run(["simulate", "-", "--start", "yesterday"], "0 hook off\n");
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "--start 'yesterday' is not an ISO 8601 time");
    }

    [TestMethod]
    public void Box_id_with_a_topic_separator_is_a_usage_error()
    {
        var r = Run(["simulate", "-", "--box", "a/b"], "0 hook off\n");
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "--box 'a/b'");
    }

    [TestMethod]
    public void Unknown_option_is_a_usage_error()
    {
        var r = Run(["simulate", "-", "--colour"], "");
        Assert.AreEqual(2, r.Code);
        StringAssert.Contains(r.Err, "unknown option '--colour'");
    }
}
