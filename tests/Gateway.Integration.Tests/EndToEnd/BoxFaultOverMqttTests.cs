using Gateway.Core;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.EndToEnd;

/// <summary>A fault the box finds on its line reaches the backend through a real broker.</summary>
[TestClass]
public class BoxFaultOverMqttTests
{
    [TestMethod]
    public void A_cut_the_hook_input_never_saw_is_published_in_the_status_fault()
    {
        string dir = TempDirs.Create("gateway-fault-e2e-");
        string rules = Path.Combine(dir, "block.rules");
        File.WriteAllText(rules, "block 00\n");
        // A welded relay: the blocked call's cut never opens the loop the box senses.
        string scenario = Path.Combine(dir, "stuck.scenario");
        File.WriteAllText(scenario, "0 relay stuck\n1000 hook off\n2000 dtmf 0 80\n2300 dtmf 0 80\n12000 hook on\n");
        using var broker = Mosquitto.Start();
        using var backend = Subscriber.Start(broker, "backend", ["gateway/box-9/status"]);
        using var box = BoxProcess.Start("simulate", scenario, "--rules", rules, "--broker", $"mqtt://127.0.0.1:{broker.Port}",
            "--box", "box-9", "--linger", "60");
        Subscriber.Message[] seen = backend.WaitFor(m => m.Any(x => x.Payload.Contains("\"fault\":\"" + GatewayBox.CutNotSeenFault + "\"")),
            TimeSpan.FromSeconds(30), "a status carrying the fault");
        string faulted = seen.First(x => x.Payload.Contains(GatewayBox.CutNotSeenFault)).Payload;
        Assert.IsNull(Schemas.Problems("status.schema.json", faulted), faulted);
    }
}
