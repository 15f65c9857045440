using System.Text.Json;
using Gateway.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Cli.Tests;

/// <summary>`gateway simulate --events`: the live events with the wire's names, fields and time format.</summary>
[TestClass]
public class SimulateEventsTests
{
    [TestMethod]
    public void A_blocked_call_prints_the_wire_events_in_order_with_their_fields()
    {
        string rules = Path.Combine(Path.GetTempPath(), "gateway-events-" + Guid.NewGuid().ToString("N") + ".rules");
        File.WriteAllText(rules, "block 00\n");
        var err = new StringWriter();
        try
        {
            Assert.AreEqual(0, Program.Run(["simulate", "-", "--rules", rules, "--events"],
                new StringReader("1000 hook off\n2000 dtmf 0 80\n2200 dtmf 0 80\n6000 hook on\n"), TextWriter.Null, err), err.ToString());
        }
        finally
        {
            File.Delete(rules);
        }
        string[] events = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("2026-")).ToArray();
        CollectionAssert.AreEqual(new[]
        {
            "2026-01-01T00:00:01.000Z line1 offHook",
            "2026-01-01T00:00:02.010Z line1 key key=0 dial=dtmf digit=1",
            "2026-01-01T00:00:02.210Z line1 key key=0 dial=dtmf digit=2",
            "2026-01-01T00:00:02.210Z line1 decision verdict=block digit=2 rulePrefixLength=2 emergency=false",
            "2026-01-01T00:00:02.210Z line1 lineCut",
            "2026-01-01T00:00:02.210Z line1 onHook",
            "2026-01-01T00:00:03.710Z line1 lineRestored",
        }, events.Take(7).ToArray(), string.Join("\n", events));
        // Every event name and field name is one of the wire's (docs/schemas/event.schema.json).
        string schema = File.ReadAllText(SimulateOutputTests.Repo("docs/schemas/event.schema.json"));
        using JsonDocument doc = JsonDocument.Parse(schema);
        var names = new HashSet<string>();
        var fields = new HashSet<string>();
        foreach (JsonElement branch in doc.RootElement.GetProperty("oneOf").EnumerateArray())
        {
            JsonElement props = branch.GetProperty("properties");
            foreach (JsonProperty p in props.EnumerateObject())
                fields.Add(p.Name);
            JsonElement e = props.GetProperty("event");
            if (e.TryGetProperty("const", out JsonElement c))
                names.Add(c.GetString()!);
            else
                foreach (JsonElement n in e.GetProperty("enum").EnumerateArray())
                    names.Add(n.GetString()!);
        }
        foreach (string line in events)
        {
            string[] words = line.Split(' ');
            Assert.IsTrue(DateTime.TryParseExact(words[0], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", null, System.Globalization.DateTimeStyles.None, out _), line);
            Assert.IsTrue(names.Contains(words[2]), line);
            foreach (string pair in words.Skip(3))
                Assert.IsTrue(fields.Contains(pair[..pair.IndexOf('=')]), line);
        }
    }
}
