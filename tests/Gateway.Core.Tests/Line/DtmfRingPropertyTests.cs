using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Line
{
    /// <summary>DTMF keys and ring cadences survive +/-15 ms jitter on every reported edge.</summary>
    [TestClass]
    public class DtmfRingPropertyTests
    {
        [TestMethod]
        public void Dtmf_tones_of_40_ms_or_more_decode_exactly_with_15_ms_strobe_jitter()
        {
            DtmfRingProperty.AssertDtmfExact(43, 3000, 15);
        }

        [TestMethod]
        public void Ring_cadences_give_one_start_and_one_stop_with_15_ms_edge_jitter()
        {
            DtmfRingProperty.AssertRingExact(47, 1500, 15);
        }
    }
}
