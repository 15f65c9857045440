using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Messaging
{
    public partial class RuleTransferPowerCutTests
    {
        [TestMethod]
        public void A_power_cut_at_any_byte_of_a_transfer_leaves_a_whole_set_and_the_transfer_resumes()
        {
            int tried = Sweep(1);
            Assert.IsTrue(tried > 1000, "cuts tried: " + tried);
        }

        [TestMethod]
        public void A_power_cut_at_any_byte_of_a_transfer_of_sets_kept_in_flash_leaves_a_whole_set_read_from_rules_bin()
        {
            int tried = Sweep(1, 0);
            Assert.IsTrue(tried > 1000, "cuts tried: " + tried);
        }
    }
}
