using System;
using System.Device.Gpio;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Gateway.Core;
using Gateway.Core.Line;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Settings;
using Gateway.Core.Status;
using Gateway.Esp32.Adapters;

namespace Gateway.Esp32
{
    /// <summary>Composition and main loop of the box: wires the GPIO, flash, Wi-Fi, SNTP and MQTT adapters to Core.</summary>
    /// <remarks>
    /// Fail-safe order: the relay pin is driven low (line connected) before anything else, and
    /// unusable settings (with no last good copy to fall back on) leave it that way, with the LEDs
    /// showing Fault. Refused settings with a last good copy, a missing CA certificate or a failing
    /// flash are faults the box runs with: the line stays guarded.
    /// One lock (Gate) serialises everything that enters Core: GPIO edges, MQTT callbacks and
    /// the main loop's ticks. Everything worth knowing goes to the box log (I:\log, published on
    /// the log topic, docs/mqtt.md): the Release image has no other log.
    /// </remarks>
    public static class Program
    {
        /// <summary>Firmware version reported on the status topic.</summary>
        public const string FirmwareVersion = "0.1.0";

        private const string OutboxDirectory = "I:\\outbox";
        // The loop drives time-outs, the relay and the LEDs; GatewayBox asks for 10-20 ms.
        private const int LoopMs = 10;

        private static readonly object Gate = new object();

        private const string LostEdgesFault = "line inputs: edges were lost (the main loop stalled); dialled numbers may have been misread";

        public static void Main()
        {
            GpioController gpio = new GpioController();
            RelayPin relay = new RelayPin(gpio, PinMap.LineRelay, PinMap.RelayHold);
            StatusInputs status = new StatusInputs();
            LedPins leds = new LedPins(gpio, PinMap.LedActiveLow);
            leds.Show(StatusTable.LedsAt(status, 0));
            FlashLog log = new FlashLog();
            log.Info("boot " + log.Log.Boot + ": gateway " + FirmwareVersion + " starting");

            int driveBytes = InternalDrive.SizeBytes();
            string[] reasons;
            BoxSettings current, lastGood = null;
            try
            {
                current = SettingsFile.Load(BoxSettings.DevicePath, driveBytes, out reasons);
                if (current == null && File.Exists(BoxSettings.LastGoodPath))
                    lastGood = SettingsFile.Load(BoxSettings.LastGoodPath, driveBytes, out _);
            }
            catch (Exception e)
            {
                // File.Exists does not throw (System.IO.FileSystem 434b26c, File.cs:176-211), but
                // whatever else fails on a damaged or unmounted I: must end in the Fault display
                // with the watchdog running, not in Main returning with the LEDs on Booting.
                current = null;
                lastGood = null;
                reasons = new string[] { "cannot read the settings on I: (" + e.Message + ")" };
            }
            SettingsSelection chosen = SettingsSelection.Choose(current, reasons, lastGood);
            if (chosen.Settings == null)
            {
                FaultForever(status, leds, "settings", reasons, new SoftWatchdog(new BoxSettings().watchdogSeconds, log), log);
                return;
            }
            // The first fault found at start is the one shown; every one is logged.
            string bootFault = null;
            bool newSettings = true;
            if (chosen.SaveAsLastGood) newSettings = SettingsFile.KeepCopy(BoxSettings.DevicePath, BoxSettings.LastGoodPath, log);
            else
            {
                bootFault = RunningWith(null, chosen.Fault, log);
                for (int i = 0; i < reasons.Length; i++) log.Error("settings: " + reasons[i]);
            }
            BoxSettings settings = chosen.Settings;
            string sntpFault = settings.SntpServerFault();
            if (sntpFault != null) bootFault = RunningWith(bootFault, sntpFault, log);
            string userFault = settings.BrokerUserFault();
            if (userFault != null) bootFault = RunningWith(bootFault, userFault, log);
            // In full only when they changed or were refused: at every start they would push older
            // entries out of the 8 KiB log.
            if (newSettings)
            {
                string[] dump = settings.Dump();
                // Flushed line by line: the whole dump is more than the log's 1 KiB RAM buffer.
                for (int i = 0; i < dump.Length; i++)
                {
                    log.Info("settings: " + dump[i]);
                    log.Flush();
                }
            }
            else log.Info("settings: as at the last start (box " + settings.boxId + ", broker " + settings.brokerHost + ":" + settings.brokerPort + ")");
            // The settings were checked against this drive: the budget has no error.
            FlashBudget flash = settings.Budget(driveBytes, FlashBudget.Esp32BlockBytes);
            if (newSettings)
            {
                string[] shares = flash.Describe();
                for (int i = 0; i < shares.Length; i++) log.Info("flash: " + shares[i]);
            }
            log.Flush();
            SoftWatchdog watchdog = new SoftWatchdog(settings.watchdogSeconds, log);
            status.BlockedHoldMs = settings.blockedHoldMs;

            GpioPin jumper = gpio.OpenPin(PinMap.SelfTestJumper, PinMode.InputPullUp);
            bool selfTestMode = settings.selfTest || jumper.Read() == PinValue.Low;

            MessagingTopics topics = new MessagingTopics(settings.topicPrefix, settings.boxId);
            // A missing CA or a failing flash must not leave the line unguarded: the box runs, with
            // the fault on the LEDs (and on the status topic when it can connect).
            X509Certificate ca = null;
            if (settings.tls)
            {
                try
                {
                    ca = new X509Certificate(File.ReadAllText(settings.caCertFile));
                }
                catch (Exception e)
                {
                    bootFault = RunningWith(bootFault, "tls: cannot read the CA certificate " + settings.caCertFile + ": " + e.Message + " (offline; records are kept on flash)", log);
                }
            }
            OutboxJournal journal;
            try
            {
                journal = new OutboxJournal(new FlashJournalStorage(OutboxDirectory), settings.boxId, flash.JournalBytes, HardwareIdentity.RandomEpoch());
            }
            catch (Exception e)
            {
                bootFault = RunningWith(bootFault, "storage: " + e.Message + " (call records cannot be kept)", log);
                journal = new OutboxJournal(new UnavailableJournalStorage(e.Message), settings.boxId, OutboxJournal.MinCapacityBytes, HardwareIdentity.RandomEpoch());
            }

            string hw = HardwareIdentity.FactoryMac();
            M2MqttTransport transport = new M2MqttTransport(settings, topics, ca, Gate, log);
            transport.Hw = hw;
            RuleBook rules = new RuleBook(settings.extraEmergencyNumbers);
            // A saved set that cannot be restored leaves the built-in default (every number
            // allowed): a fault until a rule update is applied (BoxLink.RulesRestoreFault).
            // Staged transfers of large sets go through the same rules slot (docs/mqtt.md, "Staged transfers").
            FlashRulesSlot rulesSlot = new FlashRulesSlot();
            RuleTransfer transfer = new RuleTransfer(rulesSlot, rules, flash.RulesFileBytes);
            transfer.Compactor = new HeapCompactor();
            string rulesFault = FlashRulesStore.LoadInto(transfer, rules, log);
            BoxLink link = new BoxLink(transport, topics, journal, rules, FirmwareVersion, BoxLink.DefaultWindow, settings.maxRuleUpdateBytes);
            link.Hw = hw;
            link.AppliedRulesStore = new FlashRulesStore(rulesSlot, log);
            link.Transfer = transfer;
            link.AttachLog(log.Log);
            link.RulesRestoreFault = rulesFault;
            GatewayBox box = new GatewayBox(settings.boxId, settings.lineId, settings.ToLineTimings(), settings.ToCallSettings(),
                rules, relay, link, new StatusLineTracker(status, link));
            status.SelfTest = selfTestMode;
            WiringSelfTest selfTest = selfTestMode ? new WiringSelfTest(status, new SelfTestPublisher(transport, topics.Events), settings.lineId, box) : null;
            LineEdgeQueue edges = new LineEdgeQueue();
            LineEdgePump pump = new LineEdgePump(edges, box, selfTest);
            LineInputs inputs = new LineInputs(gpio, edges);
            inputs.ReportInitialLevels();
            status.Booting = false;
            log.Info(selfTestMode ? "line guarded, wiring self-test mode: raw inputs are reported" : "line guarded");
            log.Flush();

            TimeSync time = null;
            string loggedFault = bootFault;
            new Thread(() =>
            {
                WifiLink.Connect(settings, status, log);
                // Without its CA the box cannot check the broker, so it does not connect at all.
                if (!settings.tls || ca != null) transport.Start(box);
            }).Start();

            while (true)
            {
                long now = MonotonicClock.NowMs();
                if (time == null && status.NetworkUp) time = new TimeSync(box, log, now);
                lock (Gate)
                {
                    if (time != null) time.Poll(now);
                    pump.Run(now);
                    // A cut the hook input never saw: blocked calls may get through; staff and backend must know.
                    // After it, a boot fault, then a full outbox (records refused) from the link.
                    string lineFault = box.Fault;
                    if (lineFault == null && edges.Lost > 0) lineFault = LostEdgesFault;
                    link.Fault = lineFault != null ? lineFault : bootFault;
                    status.Fault = link.CurrentFault;
                    if (status.Fault != loggedFault)
                    {
                        if (status.Fault != null) log.Error("FAULT (line still guarded): " + status.Fault);
                        else log.Info("fault cleared: " + loggedFault);
                        loggedFault = status.Fault;
                    }
                    link.Tick(now);
                    status.BrokerUp = transport.IsConnected;
                    status.RulesRefused = link.RuleUpdates.Result == RuleUpdateResult.Refused;
                }
                leds.Show(StatusTable.LedsAt(status, now));
                watchdog.Feed(now);
                log.Flush();
                Thread.Sleep(LoopMs);
            }
        }

        /// <summary>Logs a fault the box runs with; returns the one to show (the first).</summary>
        private static string RunningWith(string shown, string fault, FlashLog log)
        {
            log.Error("FAULT (line still guarded): " + fault);
            return shown != null ? shown : fault;
        }

        /// <summary>Shows Fault and logs why, for ever; the relay stays closed so the line keeps working.</summary>
        /// <remarks>Without settings the box cannot connect: the entries wait in the log on flash and
        /// are published after a restart with usable settings.</remarks>
        private static void FaultForever(StatusInputs status, LedPins leds, string what, string[] reasons, SoftWatchdog watchdog, FlashLog log)
        {
            status.Fault = what + ": " + (reasons.Length > 0 ? reasons[0] : "unknown");
            log.Error("FAULT (" + what + "), the line is not guarded:");
            for (int i = 0; i < reasons.Length; i++) log.Error(what + ": " + reasons[i]);
            log.Flush();
            while (true)
            {
                long now = MonotonicClock.NowMs();
                leds.Show(StatusTable.LedsAt(status, now));
                watchdog.Feed(now);
                Thread.Sleep(50);
            }
        }
    }
}
