using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate --leds`: the LED legend state at scenario time, from Core's status logic.</summary>
[TestClass]
public class SimulateLedTests
{
    // Off-hook at 1 s, 00 dialled (blocked at digit 2 by `block 00`), the relay cuts, on-hook at
    // 6 s; a short call at 70 s keeps the scenario going past the one-minute hold.
    const string BlockedCall = "1000 hook off\n2000 dtmf 0 80\n2200 dtmf 0 80\n2300 dtmf 4 80\n6000 hook on\n"
        + "70000 hook off\n71000 hook on\n";

    static (int Code, string Out, string Err) Run(string[] args, string stdin)
    {
        string rules = Path.Combine(Path.GetTempPath(), "gateway-leds-" + Guid.NewGuid().ToString("N") + ".rules");
        File.WriteAllText(rules, "block 00\n");
        try
        {
            var @out = new StringWriter();
            var err = new StringWriter();
            int code = Program.Run([.. args, "--rules", rules], new StringReader(stdin), @out, err);
            return (code, @out.ToString(), err.ToString());
        }
        finally
        {
            File.Delete(rules);
        }
    }

    static string[] LedLines(string err) =>
        err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Contains(" leds ")).ToArray();

    [TestMethod]
    public void Relay_fault_sample_shows_fault_after_the_unseen_cut_and_clears_it_at_the_next_seen_one()
    {
        var r = Run(["simulate", SimulateOutputTests.Repo("samples/relay-fault.scenario"), "--leds"], "");
        Assert.AreEqual(0, r.Code, r.Err);
        string[] leds = LedLines(r.Err);
        int fault = Array.FindIndex(leds, l => l.EndsWith("leds Fault: green=off yellow=off red=blink 150/100"));
        Assert.IsTrue(fault > 0, string.Join("\n", leds));
        // `block 00` falls at the second key (2.3 s); the relay closes 1.5 s later without the loop ever reading open.
        StringAssert.StartsWith(leds[fault], "2026-01-01T00:00:03.810Z", "when the relay closed again");
        Assert.IsTrue(leds.Skip(fault + 1).Any(l => l.Contains("leds Blocked attempt")), "the repaired relay's cut is seen and the fault clears: " + string.Join("\n", leds));
        Assert.IsFalse(leds.Skip(fault + 1).Any(l => l.Contains("leds Fault")), string.Join("\n", leds));
    }

    [TestMethod]
    public void Blocked_call_shows_blocked_attempt_with_the_line_cut_at_the_deciding_digit()
    {
        var r = Run(["simulate", "-", "--leds"], BlockedCall);
        Assert.AreEqual(0, r.Code, r.Err);
        string[] leds = LedLines(r.Err);
        CollectionAssert.Contains(leds, "2026-01-01T00:00:00.000Z leds Online, line idle: green=on yellow=off red=off");
        CollectionAssert.Contains(leds, "2026-01-01T00:00:01.100Z leds Online, line in use: green=on yellow=on red=off");
        string cut = leds.Single(l => l.Contains("Blocked attempt, line cut"));
        Assert.AreEqual("2026-01-01T00:00:02.210Z leds Blocked attempt, line cut: green=on yellow=blink 100/100 red=blink 900/100", cut);
    }

    [TestMethod]
    public void Blocked_attempt_is_held_for_a_minute_then_the_box_shows_online_again()
    {
        var r = Run(["simulate", "-", "--leds"], BlockedCall);
        string[] leds = LedLines(r.Err);
        int cut = Array.FindIndex(leds, l => l.Contains("Blocked attempt, line cut"));
        Assert.IsTrue(cut >= 0, string.Join("\n", leds));
        string after = leds.Skip(cut + 1).First(l => !l.Contains(" leds Blocked attempt"));
        Assert.AreEqual("2026-01-01T00:01:02.210Z leds Online, line idle: green=on yellow=off red=off", after);
    }

    [TestMethod]
    public void Leds_go_to_stderr_and_leave_the_records_on_stdout_unchanged()
    {
        var plain = Run(["simulate", "-", "--epoch", "00000000000000e1"], BlockedCall);
        var withLeds = Run(["simulate", "-", "--leds", "--epoch", "00000000000000e1"], BlockedCall);
        Assert.AreEqual(plain.Out, withLeds.Out);
        Assert.AreEqual(0, LedLines(plain.Err).Length);
        Assert.IsFalse(withLeds.Out.Contains(" leds "));
    }
}
