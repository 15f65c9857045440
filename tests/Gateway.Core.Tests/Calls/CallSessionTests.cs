using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Calls.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Calls
{
    [TestClass]
    public class CallSessionTests
    {
        private const long T0 = SessionRig.Anchor;

        [TestMethod]
        public void Off_hook_and_on_hook_without_a_key_is_an_abandoned_call()
        {
            SessionRig rig = new SessionRig().OffHook(1000).OnHook(3500);
            Assert.AreEqual(1, rig.Records.Count);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Abandoned, r.Outcome);
            Assert.AreEqual(CallDirection.Outgoing, r.Direction);
            Assert.AreEqual("", r.Digits);
            Assert.AreEqual(DialMethod.None, r.Dial);
            Assert.AreEqual(T0 + 1000, r.StartUnixMs);
            Assert.AreEqual(T0 + 3500, r.EndUnixMs);
            Assert.AreEqual(2500L, r.DurationMs);
            Assert.AreEqual(CallState.Idle, rig.Session.State);
        }

        [TestMethod]
        public void Allowed_dtmf_call_hung_up_normally_is_completed_with_its_digits()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("12345", 2000, 300).TickThrough(3200, 8000).OnHook(60000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("12345", r.Digits);
            Assert.AreEqual(DialMethod.Dtmf, r.Dial);
            Assert.AreEqual(60000L, r.DurationMs);
            Assert.IsNull(r.Rule);
            Assert.AreEqual(0, r.BlockedAtDigit);
            Assert.IsFalse(r.Emergency);
            Assert.AreEqual("box1", r.Box);
            Assert.AreEqual("line1", r.Line);
            Assert.AreEqual(0L, r.Seq);
        }

        [TestMethod]
        public void Dialling_ends_at_the_inter_digit_timeout()
        {
            SessionRig rig = new SessionRig().OffHook(0).Dtmf('5', 1000).Tick(4990);
            Assert.AreEqual(CallState.Dialling, rig.Session.State);
            rig.Tick(5000);
            Assert.AreEqual(CallState.InCall, rig.Session.State);
        }

        [TestMethod]
        public void Inter_digit_timeout_is_a_setting()
        {
            CallSettings settings = new CallSettings();
            settings.InterDigitTimeoutMs = 6000;
            SessionRig rig = new SessionRig(settings, new FakeRuleCursor(null, null, null)).OffHook(0).Dtmf('5', 1000).Tick(6990);
            Assert.AreEqual(CallState.Dialling, rig.Session.State);
            rig.Tick(7000);
            Assert.AreEqual(CallState.InCall, rig.Session.State);
        }

        [TestMethod]
        public void Keys_pressed_after_dialling_ended_are_not_recorded_or_checked()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000);
            int advances = rig.Cursor.Advances;
            rig.DialDtmf("0012", 10000, 300).OnHook(20000);
            Assert.AreEqual("55", rig.Records.Last.Digits);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.AreEqual(advances, rig.Cursor.Advances);
            Assert.IsFalse(rig.Relay.Open);
        }

        [TestMethod]
        public void A_late_key_event_first_ends_the_dialling_it_came_too_late_for()
        {
            // No tick between the keys: the time-out is still applied by the key's own timestamp.
            SessionRig rig = new SessionRig().OffHook(0).Dtmf('5', 1000).Dtmf('6', 9000).OnHook(12000);
            Assert.AreEqual("5", rig.Records.Last.Digits);
        }

        [TestMethod]
        public void Pulse_digits_make_a_pulse_call()
        {
            SessionRig rig = new SessionRig().OffHook(0).Pulse('5', 2000).Pulse('5', 3000).OnHook(30000);
            Assert.AreEqual(DialMethod.Pulse, rig.Records.Last.Dial);
            Assert.AreEqual("55", rig.Records.Last.Digits);
        }

        [TestMethod]
        public void Pulse_and_dtmf_digits_in_one_call_are_mixed()
        {
            SessionRig rig = new SessionRig().OffHook(0).Pulse('5', 2000).Dtmf('6', 3000).OnHook(30000);
            Assert.AreEqual(DialMethod.Mixed, rig.Records.Last.Dial);
        }

        [TestMethod]
        public void Flashes_are_counted_in_the_record()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000).Flash(10000).Flash(20000).OnHook(30000);
            Assert.AreEqual(2, rig.Records.Last.Flashes);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Flash_while_on_hook_is_ignored()
        {
            SessionRig rig = new SessionRig().Flash(500).OffHook(1000).OnHook(2000);
            Assert.AreEqual(0, rig.Records.Last.Flashes);
        }

        [TestMethod]
        public void Ringing_then_off_hook_is_an_incoming_call()
        {
            SessionRig rig = new SessionRig().RingStart(0).OffHook(6000).RingStop(6100).OnHook(66000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallDirection.Incoming, r.Direction);
            Assert.AreEqual(CallOutcome.Incoming, r.Outcome);
            Assert.AreEqual(DialMethod.None, r.Dial);
            Assert.AreEqual(T0 + 6000, r.StartUnixMs);
            Assert.AreEqual(60000L, r.DurationMs);
        }

        [TestMethod]
        public void Keys_in_an_incoming_call_are_neither_recorded_nor_checked()
        {
            SessionRig rig = new SessionRig().RingStart(0).OffHook(6000).DialDtmf("00", 8000, 300).OnHook(20000);
            Assert.AreEqual("", rig.Records.Last.Digits);
            Assert.AreEqual(0, rig.Cursor.Advances);
            Assert.IsFalse(rig.Relay.Open);
        }

        [TestMethod]
        public void Unanswered_ringing_is_a_missed_call_from_the_first_ring_to_the_last()
        {
            SessionRig rig = new SessionRig().RingStart(1000).RingStop(20000);
            Assert.AreEqual(0, rig.Records.Count, "still within the grace to answer");
            rig.TickThrough(20000, 30000);
            Assert.AreEqual(1, rig.Records.Count);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Missed, r.Outcome);
            Assert.AreEqual(CallDirection.Incoming, r.Direction);
            Assert.AreEqual(T0 + 1000, r.StartUnixMs);
            Assert.AreEqual(T0 + 20000, r.EndUnixMs);
            Assert.AreEqual(19000L, r.DurationMs);
            Assert.AreEqual("", r.Digits);
            Assert.AreEqual(CallState.Idle, rig.Session.State);
        }

        [TestMethod]
        public void Lifting_the_handset_after_a_missed_call_is_a_new_outgoing_call()
        {
            SessionRig rig = new SessionRig().RingStart(0).RingStop(10000).OffHook(15000).DialDtmf("8", 16000, 300).OnHook(40000);
            Assert.AreEqual(2, rig.Records.Count);
            Assert.AreEqual(CallOutcome.Missed, rig.Records[0].Outcome);
            Assert.AreEqual(CallDirection.Outgoing, rig.Records.Last.Direction);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Off_hook_just_after_ringing_stopped_still_answers()
        {
            SessionRig rig = new SessionRig().RingStart(0).RingStop(6000).OffHook(6200).OnHook(9000);
            Assert.AreEqual(CallDirection.Incoming, rig.Records.Last.Direction);
        }

        [TestMethod]
        public void Off_hook_after_the_answer_grace_is_an_outgoing_call()
        {
            SessionRig rig = new SessionRig().RingStart(0).RingStop(6000).OffHook(6400).OnHook(9000);
            Assert.AreEqual(CallDirection.Outgoing, rig.Records.Last.Direction);
            Assert.AreEqual(CallOutcome.Abandoned, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void Block_at_a_key_cuts_the_line_at_once()
        {
            SessionRig rig = new SessionRig().OffHook(0).Dtmf('0', 1000).Dtmf('0', 1300);
            Assert.IsTrue(rig.Relay.Open);
            Assert.AreEqual(CallState.Cut, rig.Session.State);
        }

        [TestMethod]
        public void Blocked_call_records_the_rule_and_the_key_index_where_it_fell()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("168", 1000, 300).OnHook(1600);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Blocked, r.Outcome);
            Assert.AreEqual("168", r.Rule);
            Assert.AreEqual(3, r.BlockedAtDigit);
            Assert.AreEqual("168", r.Digits);
        }

        [TestMethod]
        public void Relay_closes_again_after_the_cut_time()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).OnHook(1300).Tick(2790);
            Assert.IsTrue(rig.Relay.Open);
            rig.Tick(2800);
            Assert.IsFalse(rig.Relay.Open);
            Assert.AreEqual(2, rig.Relay.Changes);
        }

        [TestMethod]
        public void On_hook_seen_while_the_relay_holds_the_loop_open_ends_the_blocked_call_once()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).Flash(1500).Dtmf('9', 1600).OnHook(1300).TickThrough(1300, 5000);
            Assert.AreEqual(1, rig.Records.Count);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Blocked, r.Outcome);
            Assert.AreEqual("00", r.Digits);
            Assert.AreEqual(0, r.Flashes);
            Assert.AreEqual(CallState.Idle, rig.Session.State);
        }

        [TestMethod]
        public void Off_hook_after_the_relay_closed_is_a_new_call()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).OnHook(1300).TickThrough(1300, 3000)
                .OffHook(3000).DialDtmf("8", 4000, 300).OnHook(20000);
            Assert.AreEqual(2, rig.Records.Count);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.AreEqual("8", rig.Records.Last.Digits);
        }

        [TestMethod]
        public void Relay_closing_without_an_on_hook_ends_the_blocked_call_and_polices_the_next_keys()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).TickThrough(1300, 3000);
            Assert.AreEqual(1, rig.Records.Count);
            Assert.AreEqual(CallOutcome.Blocked, rig.Records.Last.Outcome);
            Assert.AreEqual(T0 + 2800, rig.Records.Last.EndUnixMs);
            rig.DialDtmf("00", 4000, 300);
            Assert.IsTrue(rig.Relay.Open);
        }

        [TestMethod]
        public void Number_the_rules_block_only_when_dialling_ends_is_cut_at_the_timeout()
        {
            FakeRuleCursor cursor = new FakeRuleCursor(null, null, null);
            cursor.FinishVerdict = RuleVerdict.Block;
            SessionRig rig = new SessionRig(new CallSettings(), cursor).OffHook(0).DialDtmf("123", 1000, 300).TickThrough(1600, 5590);
            Assert.IsFalse(rig.Relay.Open);
            rig.Tick(5600);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(5600);
            Assert.AreEqual(3, rig.Records.Last.BlockedAtDigit);
            Assert.IsNull(rig.Records.Last.Rule);
        }

        [TestMethod]
        public void Hanging_up_before_a_blocked_number_is_decided_records_it_blocked_without_a_cut()
        {
            FakeRuleCursor cursor = new FakeRuleCursor(null, null, null);
            cursor.FinishVerdict = RuleVerdict.Block;
            SessionRig rig = new SessionRig(new CallSettings(), cursor).OffHook(0).DialDtmf("123", 1000, 300).OnHook(2000);
            Assert.AreEqual(CallOutcome.Blocked, rig.Records.Last.Outcome);
            Assert.AreEqual(0, rig.Relay.Changes);
        }

        [TestMethod]
        public void Emergency_number_is_flagged_in_the_record()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("110", 1000, 300).TickThrough(1600, 6000).OnHook(60000);
            CallRecord r = rig.Records.Last;
            Assert.IsTrue(r.Emergency);
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("110", r.Rule);
        }

        [TestMethod]
        public void Emergency_number_is_never_cut_even_when_the_rules_answer_block()
        {
            FakeRuleCursor cursor = new FakeRuleCursor(null, null, new[] { "110" });
            cursor.BlockEmergency = true;
            SessionRig rig = new SessionRig(new CallSettings(), cursor).OffHook(0).DialDtmf("110", 1000, 300).TickThrough(1600, 6000).OnHook(60000);
            Assert.AreEqual(0, rig.Relay.Changes);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.IsTrue(rig.Records.Last.Emergency);
        }

        [TestMethod]
        public void Rule_cursor_is_reset_for_every_call()
        {
            SessionRig rig = new SessionRig();
            int before = rig.Cursor.Resets;
            rig.OffHook(0).DialDtmf("0", 1000, 300).OnHook(2000).OffHook(3000).Dtmf('0', 4000);
            Assert.AreEqual(before + 2, rig.Cursor.Resets);
            Assert.IsFalse(rig.Relay.Open);  // "0" then "0" in separate calls is not "00"
        }

        [TestMethod]
        public void Clock_synced_flag_is_the_one_in_force_when_the_call_started()
        {
            SessionRig rig = new SessionRig();
            rig.Clock.Set(SessionRig.Anchor, false);
            rig.OffHook(0);
            rig.Clock.Set(SessionRig.Anchor, true);
            rig.OnHook(1000);
            Assert.IsFalse(rig.Records.Last.ClockSynced);
        }

        [TestMethod]
        public void Record_times_use_the_time_base_in_force_when_the_record_is_made()
        {
            SessionRig rig = new SessionRig();
            rig.Clock.Set(0, false);
            rig.OffHook(1000);
            rig.Clock.Set(SessionRig.Anchor, true);
            rig.OnHook(3000);
            Assert.AreEqual(T0 + 1000, rig.Records.Last.StartUnixMs);
        }

        [TestMethod]
        public void Keys_beyond_the_stored_digits_are_still_checked()
        {
            CallSettings settings = new CallSettings();
            settings.MaxDigits = 4;
            SessionRig rig = new SessionRig(settings, new FakeRuleCursor(new[] { "123456" }, null, null)).OffHook(0).DialDtmf("123456", 1000, 200);
            Assert.IsTrue(rig.Relay.Open);
            rig.OnHook(2300);
            Assert.AreEqual("1234", rig.Records.Last.Digits);
            Assert.AreEqual(6, rig.Records.Last.BlockedAtDigit);
            Assert.AreEqual("1234", rig.Records.Last.Rule);
        }

        [TestMethod]
        public void Session_without_rules_records_calls_and_never_cuts()
        {
            RecordList records = new RecordList();
            RelayLog relay = new RelayLog();
            TimeBase clock = new TimeBase();
            CallSession session = new CallSession("b", "l", new CallSettings(), null, new LineCutController(relay, 1500), clock, records, null);
            session.OnLineEvent(Gateway.Core.Line.LineEventKind.OffHook, '\0', Gateway.Core.Line.DialSource.None, 0);
            session.OnLineEvent(Gateway.Core.Line.LineEventKind.Digit, '0', Gateway.Core.Line.DialSource.Dtmf, 100);
            session.Tick(5000);
            session.OnLineEvent(Gateway.Core.Line.LineEventKind.OnHook, '\0', Gateway.Core.Line.DialSource.None, 9000);
            Assert.AreEqual(0, relay.Changes);
            Assert.AreEqual(CallOutcome.Completed, records.Last.Outcome);
            Assert.IsNull(records.Last.Rule);
        }

        [TestMethod]
        public void Live_events_trace_a_blocked_call()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).OnHook(1300).TickThrough(1300, 3000);
            Assert.AreEqual("offhook@0 key0@1000 key0@1300 block2@1300 linecut@1300 onhook@1300 linerestored@2800", rig.Live.Text);
        }

        [TestMethod]
        public void Live_events_trace_an_emergency_call_and_a_ring()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("120", 1000, 300).Flash(9000).OnHook(20000).RingStart(30000).OffHook(31000).RingStop(31050);
            Assert.AreEqual("offhook@0 key1@1000 key2@1300 key0@1600 allow3!@1600 flash@9000 onhook@20000 ringstart@30000 offhook@31000 ringstop@31050", rig.Live.Text);
        }

        [TestMethod]
        public void Keys_after_a_recall_in_a_connected_call_are_a_new_number_and_a_blocked_one_is_cut()
        {
            // Allowed call, consultation recall, then a forbidden number: the transfer must not get round the rules.
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000).Flash(10000).DialDtmf("168", 11000, 300);
            Assert.IsTrue(rig.Relay.Open, "the number dialled after the recall was not cut");
            rig.OnHook(11700).TickThrough(11700, 14000);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Blocked, r.Outcome);
            Assert.AreEqual("55R168", r.Digits);
            Assert.AreEqual("168", r.Rule);
            Assert.AreEqual(6, r.BlockedAtDigit);
            Assert.AreEqual(1, r.Flashes);
            Assert.AreEqual(CallDirection.Outgoing, r.Direction);
            Assert.AreEqual("offhook@0 key5@1000 key5@1300 allow2@6000 flash@10000 key1@11000 key6@11300 key8@11600 block6@11600 linecut@11600 onhook@11700 linerestored@13100", rig.Live.Text);
        }

        [TestMethod]
        public void Keys_after_a_recall_in_an_incoming_call_are_checked_and_recorded()
        {
            SessionRig rig = new SessionRig().RingStart(0).OffHook(6000).RingStop(6100).DialDtmf("99", 8000, 300)
                .Flash(20000).DialDtmf("00", 21000, 300);
            Assert.IsTrue(rig.Relay.Open, "a transfer of an incoming call to a blocked number was not cut");
            rig.OnHook(21400);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallDirection.Incoming, r.Direction);
            Assert.AreEqual(CallOutcome.Blocked, r.Outcome);
            Assert.AreEqual("R00", r.Digits, "keys before the recall are menu keys of the answered call: not recorded");
            Assert.AreEqual(3, r.BlockedAtDigit);
        }

        [TestMethod]
        public void An_allowed_number_after_a_recall_goes_through_and_later_keys_stay_unrecorded()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000).Flash(10000)
                .DialDtmf("8123", 11000, 300).Tick(16000).DialDtmf("00", 20000, 300).OnHook(30000);
            Assert.IsFalse(rig.Relay.Open);
            CallRecord r = rig.Records.Last;
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("55R8123", r.Digits);
            Assert.AreEqual("8", r.Rule, "the rule of the last number decided");
        }

        [TestMethod]
        public void A_number_abandoned_by_a_recall_is_not_judged_and_the_next_one_is()
        {
            SessionRig rig = new SessionRig().OffHook(0).Dtmf('0', 1000).Flash(2000).DialDtmf("00", 3000, 300);
            Assert.IsTrue(rig.Relay.Open, "the number after the recall was not cut");
            rig.OnHook(3400);
            Assert.AreEqual("0R00", rig.Records.Last.Digits);
            Assert.AreEqual(4, rig.Records.Last.BlockedAtDigit);
        }

        [TestMethod]
        public void Hanging_up_after_a_recall_without_dialling_is_completed_and_without_any_key_abandoned()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000).Flash(10000).OnHook(15000);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
            Assert.AreEqual("55R", rig.Records.Last.Digits);
            SessionRig incoming = new SessionRig().RingStart(0).OffHook(6000).RingStop(6100).Flash(10000).OnHook(15000);
            Assert.AreEqual(CallOutcome.Incoming, incoming.Records.Last.Outcome);
            SessionRig unanswered = new SessionRig().OffHook(0).Flash(1000).OnHook(2000);
            Assert.AreEqual(CallOutcome.Abandoned, unanswered.Records.Last.Outcome, "no key at all: still abandoned");
            SessionRig redial = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Flash(2000).OnHook(3000);
            Assert.AreEqual(CallOutcome.Completed, redial.Records.Last.Outcome, "a number was dialled, like hanging up while dialling");
        }

        [TestMethod]
        public void A_blocked_number_after_a_recall_from_an_emergency_call_is_not_cut()
        {
            // Cutting would drop the emergency call held behind the recall.
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("110", 1000, 300).Tick(6000).Flash(10000).DialDtmf("00", 11000, 300);
            Assert.IsFalse(rig.Relay.Open, "the line was cut while an emergency call was on hold");
            rig.OnHook(20000);
            CallRecord r = rig.Records.Last;
            Assert.IsTrue(r.Emergency);
            Assert.AreEqual(CallOutcome.Completed, r.Outcome);
            Assert.AreEqual("110R00", r.Digits);
        }

        [TestMethod]
        public void An_emergency_number_after_a_recall_is_never_cut_and_flags_the_record()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("55", 1000, 300).Tick(6000).Flash(10000).DialDtmf("120", 11000, 300).Tick(20000);
            Assert.IsFalse(rig.Relay.Open);
            rig.OnHook(30000);
            Assert.IsTrue(rig.Records.Last.Emergency);
            Assert.AreEqual(CallOutcome.Completed, rig.Records.Last.Outcome);
        }

        [TestMethod]
        public void A_cut_the_hook_input_never_saw_is_reported_until_a_cut_is_seen()
        {
            SessionRig rig = new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).TickThrough(1300, 3000);
            Assert.IsTrue(rig.Session.LastCutUnconfirmed, "relay closed without the loop ever reading open");
            rig.DialDtmf("00", 4000, 300).OnHook(4400).TickThrough(4400, 6000);
            Assert.IsFalse(rig.Session.LastCutUnconfirmed, "the next cut was seen on the hook input");
            Assert.IsFalse(new SessionRig().OffHook(0).DialDtmf("00", 1000, 300).OnHook(1400).TickThrough(1400, 3000).Session.LastCutUnconfirmed);
        }

        [TestMethod]
        public void One_record_is_reused_and_a_redialled_number_keeps_its_string()
        {
            SessionRig rig = new SessionRig();
            SameRecord sink = new SameRecord();
            CallSession session = new CallSession("box1", "line1", rig.Settings, rig.Cursor, rig.Cutter, rig.Clock, sink, null);
            string[] numbers = { "0044", "62345678", "62345678", "" };
            string[] recorded = { "00", "62345678", "62345678", "" };  // keys after the cut are not recorded
            long t = 0;
            for (int i = 0; i < numbers.Length; i++)
            {
                session.OnLineEvent(LineEventKind.OffHook, '\0', DialSource.None, t);
                for (int k = 0; k < numbers[i].Length; k++)
                    session.OnLineEvent(LineEventKind.Digit, numbers[i][k], DialSource.Dtmf, t += 200);
                session.OnLineEvent(LineEventKind.OnHook, '\0', DialSource.None, t += 1000);
                session.Tick(t += 5000);
                Assert.AreEqual(i + 1, sink.Count, "records after call " + i);
                Assert.AreEqual(recorded[i], sink.Digits[i], "digits of call " + i);
                Assert.AreEqual(0L, sink.SeqSeen, "seq is the outbox's to assign, also on a reused record");
            }
            Assert.IsTrue(sink.AllSame, "the session hands out one record object");
            Assert.IsTrue((object)sink.Digits[1] == (object)sink.Digits[2], "a redial makes no new string");
            Assert.IsTrue(sink.Rules[0] == "00" && sink.Rules[1] == null, "the rule of a blocked call, none after it");
        }

        private sealed class SameRecord : ICallRecordSink
        {
            public CallRecord Last;
            public long SeqSeen;
            public bool AllSame = true;
            public int Count;
            public string[] Digits = new string[8];
            public string[] Rules = new string[8];

            public void OnCallRecord(CallRecord record)
            {
                if (Last != null && (object)Last != (object)record) AllSame = false;
                Last = record;
                SeqSeen = record.Seq;
                Digits[Count] = record.Digits;
                Rules[Count] = record.Rule;
                Count++;
                record.Seq = 99;  // as the outbox does
            }
        }
    }
}
