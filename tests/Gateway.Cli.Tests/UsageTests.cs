using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

[TestClass]
public class UsageTests
{
    [TestMethod]
    public void Unknown_command_is_a_usage_error_with_exit_code_2()
    {
        var err = new StringWriter();
        int code = Program.Run(["frobnicate"], TextReader.Null, TextWriter.Null, err);
        Assert.AreEqual(2, code);
        StringAssert.Contains(err.ToString(), "unknown command 'frobnicate'");
    }

    [TestMethod]
    public void Help_lists_every_command()
    {
        var @out = new StringWriter();
        Assert.AreEqual(0, Program.Run(["--help"], TextReader.Null, @out, TextWriter.Null));
        foreach (string cmd in new[] { "simulate", "rules compile", "rules stats", "rules check", "rules push", "watch" })
            StringAssert.Contains(@out.ToString(), "gateway " + cmd);
    }
}
