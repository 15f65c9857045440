using Gateway.Core.Status;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Status
{
    [TestClass]
    public class StatusTableTests
    {
        private const int G = StatusTable.GreenBit, A = StatusTable.YellowBit, R = StatusTable.RedBit;

        private static StatusInputs OnlineIdle()
        {
            StatusInputs s = new StatusInputs();
            s.Booting = false;
            s.NetworkUp = true;
            s.BrokerUp = true;
            return s;
        }

        [TestMethod]
        public void Booting_lights_every_led_as_a_lamp_test()
        {
            StatusInputs s = new StatusInputs();
            Assert.AreEqual(StatusState.Booting, StatusTable.StateOf(s, 0));
            Assert.AreEqual(G | A | R, StatusTable.LedsAt(s, 0));
            Assert.AreEqual(G | A | R, StatusTable.LedsAt(s, 777));
        }

        [TestMethod]
        public void Online_and_idle_shows_only_green()
        {
            StatusInputs s = OnlineIdle();
            Assert.AreEqual(StatusState.Online, StatusTable.StateOf(s, 5000));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 5000));
        }

        [TestMethod]
        public void Line_in_use_adds_steady_yellow()
        {
            StatusInputs s = OnlineIdle();
            s.LineInUse = true;
            Assert.AreEqual(G | A, StatusTable.LedsAt(s, 10));
            Assert.AreEqual(G | A, StatusTable.LedsAt(s, 150));
        }

        [TestMethod]
        public void Line_cut_blinks_yellow_100_ms_on_100_ms_off()
        {
            StatusInputs s = OnlineIdle();
            s.LineCut = true;
            s.LineInUse = true;
            Assert.AreEqual(A, StatusTable.LedsAt(s, 1000) & A);
            Assert.AreEqual(A, StatusTable.LedsAt(s, 1099) & A);
            Assert.AreEqual(0, StatusTable.LedsAt(s, 1100) & A);
            Assert.AreEqual(0, StatusTable.LedsAt(s, 1199) & A);
            Assert.AreEqual(A, StatusTable.LedsAt(s, 1200) & A);
        }

        [TestMethod]
        public void Fault_wins_over_every_other_state_and_blinks_red_fast()
        {
            StatusInputs s = new StatusInputs();
            s.Fault = "settings: brokerHost is required";
            s.SelfTest = true;
            s.LastBlockMs = 0;
            s.LineInUse = true;
            Assert.AreEqual(StatusState.Fault, StatusTable.StateOf(s, 10));
            Assert.AreEqual(R, StatusTable.LedsAt(s, 0));
            Assert.AreEqual(R, StatusTable.LedsAt(s, 149));
            Assert.AreEqual(0, StatusTable.LedsAt(s, 150));
            Assert.AreEqual(0, StatusTable.LedsAt(s, 249));
            Assert.AreEqual(R, StatusTable.LedsAt(s, 250));
        }

        [TestMethod]
        public void Blocked_attempt_holds_red_nearly_steady_for_the_hold_time_then_clears()
        {
            StatusInputs s = OnlineIdle();
            s.BlockedHoldMs = 60000;
            s.LastBlockMs = 10000;
            Assert.AreEqual(StatusState.Blocked, StatusTable.StateOf(s, 10000));
            Assert.AreEqual(G | R, StatusTable.LedsAt(s, 10000));
            Assert.AreEqual(G | R, StatusTable.LedsAt(s, 10899));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 10900));
            Assert.AreEqual(G | R, StatusTable.LedsAt(s, 69000));
            Assert.AreEqual(StatusState.Online, StatusTable.StateOf(s, 70000));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 70000));
        }

        [TestMethod]
        public void Blocked_attempt_wins_over_offline_and_refused_rules()
        {
            StatusInputs s = OnlineIdle();
            s.NetworkUp = false;
            s.RulesRefused = true;
            s.LastBlockMs = 0;
            Assert.AreEqual(StatusState.Blocked, StatusTable.StateOf(s, 1));
        }

        [TestMethod]
        public void Refused_rules_flash_red_briefly_every_one_and_a_half_seconds()
        {
            StatusInputs s = OnlineIdle();
            s.RulesRefused = true;
            Assert.AreEqual(StatusState.RulesRefused, StatusTable.StateOf(s, 0));
            Assert.AreEqual(G | R, StatusTable.LedsAt(s, 1500));
            Assert.AreEqual(G | R, StatusTable.LedsAt(s, 1749));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 1750));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 2999));
        }

        [TestMethod]
        public void Wifi_down_is_offline_with_green_blinking_once_a_second()
        {
            StatusInputs s = OnlineIdle();
            s.NetworkUp = false;
            Assert.AreEqual(StatusState.Offline, StatusTable.StateOf(s, 0));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 0));
            Assert.AreEqual(G, StatusTable.LedsAt(s, 499));
            Assert.AreEqual(0, StatusTable.LedsAt(s, 500));
            Assert.AreEqual(0, StatusTable.LedsAt(s, 999));
        }

        [TestMethod]
        public void Broker_down_with_wifi_up_is_offline_too()
        {
            StatusInputs s = OnlineIdle();
            s.BrokerUp = false;
            Assert.AreEqual(StatusState.Offline, StatusTable.StateOf(s, 0));
        }

        [TestMethod]
        public void Offline_still_shows_the_line_on_yellow()
        {
            StatusInputs s = OnlineIdle();
            s.BrokerUp = false;
            s.LineInUse = true;
            Assert.AreEqual(G | A, StatusTable.LedsAt(s, 0));
            Assert.AreEqual(A, StatusTable.LedsAt(s, 600));
        }

        [TestMethod]
        public void Self_test_echoes_the_raw_hook_on_yellow()
        {
            StatusInputs s = OnlineIdle();
            s.SelfTest = true;
            s.LineInUse = true; // the debounced line state is not what self-test shows
            Assert.AreEqual(0, StatusTable.LedsAt(s, 0) & A);
            s.HookRaw = true;
            Assert.AreEqual(A, StatusTable.LedsAt(s, 0) & A);
        }

        [TestMethod]
        public void Self_test_flashes_red_after_a_key_or_ring_input()
        {
            StatusInputs s = OnlineIdle();
            s.SelfTest = true;
            Assert.AreEqual(0, StatusTable.LedsAt(s, 5000) & R);
            s.LastInputMs = 5000;
            Assert.AreEqual(R, StatusTable.LedsAt(s, 5000) & R);
            Assert.AreEqual(R, StatusTable.LedsAt(s, 5000 + StatusTable.InputEchoMs - 1) & R);
            Assert.AreEqual(0, StatusTable.LedsAt(s, 5000 + StatusTable.InputEchoMs) & R);
        }

        [TestMethod]
        public void Self_test_blinks_green_briefly_once_a_second()
        {
            StatusInputs s = OnlineIdle();
            s.SelfTest = true;
            Assert.AreEqual(G, StatusTable.LedsAt(s, 2000) & G);
            Assert.AreEqual(0, StatusTable.LedsAt(s, 2100) & G);
        }

        [TestMethod]
        public void Rows_follow_the_state_enum_in_priority_order()
        {
            Assert.AreEqual(7, StatusTable.Rows.Length);
            Assert.AreEqual("Fault", StatusTable.RowOf(StatusState.Fault).Name);
            Assert.AreEqual("Booting", StatusTable.RowOf(StatusState.Booting).Name);
            Assert.AreEqual("Wiring self-test", StatusTable.RowOf(StatusState.SelfTest).Name);
            Assert.AreEqual("Blocked attempt", StatusTable.RowOf(StatusState.Blocked).Name);
            Assert.AreEqual("Rules refused", StatusTable.RowOf(StatusState.RulesRefused).Name);
            Assert.AreEqual("Offline", StatusTable.RowOf(StatusState.Offline).Name);
            Assert.AreEqual("Online", StatusTable.RowOf(StatusState.Online).Name);
        }

        [TestMethod]
        public void No_two_states_look_the_same()
        {
            // Yellow showing the line may look like anything, so green and red must tell states apart,
            // or yellow when both rows fix it.
            for (int i = 0; i < StatusTable.Rows.Length; i++)
                for (int j = i + 1; j < StatusTable.Rows.Length; j++)
                {
                    StatusRow a = StatusTable.Rows[i], b = StatusTable.Rows[j];
                    bool yellowDiffers = a.Yellow.Kind == LedPatternKind.Cycle && b.Yellow.Kind == LedPatternKind.Cycle
                        && a.Yellow.Name != b.Yellow.Name;
                    bool same = a.Green.Name == b.Green.Name && a.Red.Name == b.Red.Name && !yellowDiffers;
                    Assert.IsFalse(same, a.Name + " and " + b.Name + " look the same");
                }
        }
    }
}
