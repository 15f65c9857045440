using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Gateway.Cli.Mqtt;

namespace Gateway.Cli.Tests;

/// <summary>`gateway watch`'s view of the fleet, fed messages directly.</summary>
[TestClass]
public class FleetViewTests
{
    static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void A_box_fault_gets_its_own_line_in_full_and_goes_when_cleared()
    {
        var view = new FleetView("gateway");
        const string fault = "line cut not seen on the hook input: check the relay and the hook-sense wiring";
        view.Apply("gateway/office-3f/status", Encoding.UTF8.GetBytes(
            "{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":0,\"dropped\":0,\"outboxError\":null,\"fault\":\"" + fault + "\",\"line\":\"idle\",\"uptimeMs\":5000}"), Now);
        StringAssert.Contains(view.Render("mqtt://b", Now), "  FAULT:  " + fault + "\n");
        view.Apply("gateway/office-3f/status", Encoding.UTF8.GetBytes(
            "{\"online\":true,\"firmware\":\"0.1.0\",\"rules\":\"v1\",\"queue\":0,\"dropped\":0,\"outboxError\":null,\"fault\":null,\"line\":\"idle\",\"uptimeMs\":9000}"), Now);
        Assert.IsFalse(view.Render("mqtt://b", Now).Contains("FAULT"), view.Render("mqtt://b", Now));
    }

    [TestMethod]
    public void The_last_will_and_junk_status_show_no_fault()
    {
        var view = new FleetView("gateway");
        view.Apply("gateway/b1/status", Encoding.UTF8.GetBytes("{\"online\":false}"), Now);
        view.Apply("gateway/b2/status", Encoding.UTF8.GetBytes("[\"fault\"]"), Now);
        view.Apply("gateway/b3/status", new byte[] { 0xff, 0xfe }, Now);
        string text = view.Render("mqtt://b", Now);
        Assert.IsFalse(text.Contains("FAULT"), text);
        Assert.AreEqual(3, view.BoxCount);
    }

    static byte[] Log(long seq, int boot, string level, string text, bool synced = true) => Encoding.UTF8.GetBytes(
        "{\"seq\":" + seq + ",\"boot\":" + boot + ",\"time\":\"" + (synced ? "2026-11-25T09:15:02.250Z" : "1970-01-01T00:00:08.250Z")
        + "\",\"clockSynced\":" + (synced ? "true" : "false") + ",\"uptimeMs\":8250,\"level\":\"" + level + "\",\"text\":\"" + text + "\"}");

    [TestMethod]
    public void The_box_log_is_shown_in_full_oldest_first_once_per_entry()
    {
        var view = new FleetView("gateway");
        // The exact bytes the box publishes (docs/schemas/log.example.json, checked against the encoder).
        view.Apply("gateway/box-0042/log", File.ReadAllBytes(SimulateOutputTests.Repo("docs/schemas/log.example.json")), Now);
        view.Apply("gateway/box-0042/log", Log(8, 4, "info", "mqtt: connected to broker.example:8883 (TLS) after 3 attempts"), Now);
        view.Apply("gateway/box-0042/log", Log(8, 4, "info", "mqtt: connected to broker.example:8883 (TLS) after 3 attempts"), Now); // QoS 1 repeat
        view.Apply("gateway/box-0042/log", Log(1, 1, "error", "FAULT (settings), the line is not guarded:", synced: false), Now);
        string text = view.Render("mqtt://b", Now);
        string expected =
            "  log: 2026-11-25 09:15:02 UTC boot 4 #7 warning: mqtt: broker refused the connection: MQTT reason code 5\n"
            + "  log: 2026-11-25 09:15:02 UTC boot 4 #8 info: mqtt: connected to broker.example:8883 (TLS) after 3 attempts\n"
            + "  log: uptime 8.3 s boot 1 #1 error: FAULT (settings), the line is not guarded:\n";
        StringAssert.Contains(text, expected);
    }

    [TestMethod]
    public void Only_the_latest_log_entries_are_kept_and_a_long_text_is_not_clipped()
    {
        var view = new FleetView("gateway");
        string longText = new string('x', 200);
        for (int seq = 1; seq <= 30; seq++)
            view.Apply("gateway/b1/log", Log(seq, 1, "info", seq == 30 ? longText : "entry " + seq), Now);
        view.Apply("gateway/b1/log", Encoding.UTF8.GetBytes("not json"), Now);
        string text = view.Render("mqtt://b", Now);
        Assert.IsFalse(text.Contains("#21 "), text); // the ten latest messages: 22-30 and the junk one
        StringAssert.Contains(text, "#22 info: entry 22\n");
        StringAssert.Contains(text, "#30 info: " + longText + "\n");
        StringAssert.Contains(text, "  log: not json\n");
    }
}
