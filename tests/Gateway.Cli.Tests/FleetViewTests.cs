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
}
