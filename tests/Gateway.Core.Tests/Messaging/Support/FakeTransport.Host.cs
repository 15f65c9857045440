using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Host-only half of <see cref="FakeTransport"/>: System.Text.Json does not exist on the device.</summary>
    internal sealed partial class FakeTransport
    {
        partial void CheckSeq(Message m, long seq)
        {
            using (System.Text.Json.JsonDocument d = System.Text.Json.JsonDocument.Parse(m.Payload))
                Assert.AreEqual(d.RootElement.GetProperty("seq").GetInt64(), seq, "seq of " + m.Text);
        }
    }
}
