using System;
using Gateway.Core;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Logging;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Core.Simulation;
using Gateway.Core.Status;

namespace Gateway.Nano.BoxRun
{
    /// <summary>Runs each planned scenario through a fresh box composed as on the device, printing
    /// the call records it publishes between "BOXRUN" marker lines, then "BOXRUN done" (the runtime
    /// prints a "Done." of its own when it stops, so that line proves nothing).</summary>
    /// <remarks>
    /// As the device boots: the rule book loads its image streamed (RuleBook.TryApplyImage), the
    /// outbox journal and the box log sit on storage (here in RAM, at their smallest budgets), BoxLink
    /// publishes over a transport (here a loopback broker), with the log attached, and gets the live
    /// events through the status tracker. Not rehearsed: the GPIO edge queue and pump (the scenario
    /// calls the box's inputs directly, as `gateway simulate` does).
    /// As `gateway simulate` runs: box "box1", line "line1", default timings and call settings,
    /// time 0 = 2026-01-01T00:00:00Z with the clock synchronised, no extra emergency numbers.
    /// </remarks>
    public static class Program
    {
        /// <summary>2026-01-01T00:00:00Z, simulate's default --start.</summary>
        private const long StartUnixMs = 1767225600000;

        /// <summary>After the scenario's tail, steps allowed for the outbox to drain.</summary>
        private const int DrainSteps = 1000;

        public static void Main()
        {
            for (int run = 0; run < Plan.Runs; run++)
            {
                Console.WriteLine("BOXRUN begin " + Plan.Name(run));
                Console.WriteLine("BOXRUN end " + Plan.Name(run) + " " + RunOne(run));
            }
            Console.WriteLine("BOXRUN done");
        }

        private static string RunOne(int run)
        {
            if (Plan.HeapMap) Console.WriteLine("HEAPMAP start");
            RuleBook rules = new RuleBook();
            if (Plan.HeapMap) Console.WriteLine("HEAPMAP empty rule book");
            // "-transfer-N" runs: the set in force comes from flash at boot, and the same image comes
            // again as a staged transfer (under the version `gateway simulate` gives the set) in chunks of N bytes before the day is played.
            string name = Plan.Name(run);
            int marker = name.IndexOf("-transfer-");
            bool transfer = marker >= 0;
            ImageFlash flash = null;
            RuleTransfer staged = null;
            if (transfer)
            {
                flash = new ImageFlash(Plan.RulesBlob[run]);
                flash.SaveImage(RulesSlotFile.Saved, AppliedRulesFile.Header(true, "cn-old"));
                staged = new RuleTransfer(flash, rules, 64 * 1024);
                string version, warnings;
                string reason = staged.Restore(out version, out warnings);
                if (reason != null) return "rules not restored: " + reason;
            }
            else if (Plan.RulesBlob[run] >= 0)
            {
                string reason, warnings;
                if (!rules.TryApplyImage(new BlobReader(Plan.RulesBlob[run]), Plan.RulesVersion(run), out reason, out warnings))
                    return "rules refused: " + reason;
            }
            if (Plan.HeapMap) Console.WriteLine("HEAPMAP rules loaded");
            MessagingTopics topics = new MessagingTopics(MessagingTopics.DefaultPrefix, "box1");
            LoopbackTransport transport = new LoopbackTransport(topics.Calls);
            // The epoch and hw box-vs-simulate.sh gives `gateway simulate` (--epoch, and the hw it makes up for box1).
            OutboxJournal journal = new OutboxJournal(new MemoryJournalStorage(), "box1", OutboxJournal.MinCapacityBytes, 0x0b0c0d0e0f101112);
            BoxLog log = new BoxLog(new MemoryJournalStorage(), BoxLog.MinSegmentBytes);
            log.Write(LogLevel.Info, "boot " + log.Boot + ": boxrun starting", 0);
            BoxLink link = new BoxLink(transport, topics, journal, rules, "boxrun", BoxLink.DefaultWindow, RuleUpdateRequest.DefaultMaxPayloadBytes);
            link.Hw = "029bc68fb759";
            link.AttachLog(log);
            if (transfer) link.Transfer = staged;
            StatusInputs status = new StatusInputs();
            status.Booting = false;
            status.NetworkUp = true;
            status.BrokerUp = true;
            ScenarioLine line = new ScenarioLine();
            GatewayBox box = new GatewayBox("box1", "line1", new LineTimings(), new CallSettings(), rules, line, link,
                new StatusLineTracker(status, link));
            box.SetTimeBase(StartUnixMs, true);
            log.SetTimeBase(StartUnixMs, true);
            log.Write(LogLevel.Info, "line guarded", 0);
            log.Flush();
            link.OnConnected();
            if (Plan.HeapMap) Console.WriteLine("HEAPMAP box composed, connected");
            if (transfer)
            {
                string outcome = Receive(link, topics, flash.Image, Plan.RulesVersion(run), int.Parse(name.Substring(marker + "-transfer-".Length)));
                if (outcome != null) return outcome;
                if (Plan.HeapMap) Console.WriteLine("HEAPMAP transfer received");
                link.Tick(0);
                if (Plan.HeapMap) Console.WriteLine("HEAPMAP transfer applied");
            }

            BoxStep step = new BoxStep(box, link, transport, status, log);
            ScenarioRunner runner = new ScenarioRunner(box, line, step);
            BlobReader edges = new BlobReader(Plan.EdgesBlob[run]);
            long timeMs = 0;
            int played = 0;
            while (!edges.AtEnd)
            {
                if (Plan.HeapMap && ++played % 50 == 0) Console.WriteLine("HEAPMAP day, edge " + played);
                timeMs = edges.NextInt32();
                int packed = edges.NextByte();
                runner.Play(timeMs, (ScenarioInput)(packed & 3), (packed & 4) != 0, packed >> 3);
            }
            runner.Finish();
            long ms = timeMs + ScenarioRunner.TailMs;
            for (int i = 0; i < DrainSteps && journal.Depth > 0; i++) step.At(ms += ScenarioRunner.TickMs);
            if (Plan.HeapMap) Console.WriteLine("HEAPMAP day played");
            return (transfer ? "rules=" + rules.Version + " mismatches=" + flash.Mismatches + " " : "") + "records=" + transport.Records + " events=" + transport.LiveEvents + " other=" + transport.Others
                + " waiting=" + journal.Depth + " dropped=" + journal.Dropped;
        }

        /// <summary>The staged transfer as the device receives it: the manifest, then each chunk the
        /// way M2Mqtt hands it over (the received packet, then the payload copied out of it, both
        /// alive until the box returns). The chunks are cut from the flash double's own reader of
        /// the image (sought to each chunk), so that the sender costs the box's heap nothing of its own.</summary>
        private static string Receive(BoxLink link, MessagingTopics topics, BlobReader image, string version, int chunkBytes)
        {
            uint crc = 0xFFFFFFFFu;
            image.Seek(0);
            for (int i = 0; i < image.Length; i++) crc = Crc32Step(crc, image.NextByte());
            crc ^= 0xFFFFFFFFu;
            int chunks = (image.Length + chunkBytes - 1) / chunkBytes;
            string manifest = "{\"version\":\"" + version + "\",\"format\":\"chunked\",\"size\":" + image.Length + ",\"crc32\":" + crc
                + ",\"chunkSize\":" + chunkBytes + ",\"chunks\":" + chunks + ",\"issued\":1}";
            link.OnMessage(topics.RulesSet, Utf8.GetBytes(manifest), true);
            if (link.RuleUpdates.Result != RuleUpdateResult.Receiving) return "manifest: " + link.RuleUpdates.Reason;
            for (int k = 0; k < chunks; k++)
            {
                int length = k < chunks - 1 ? chunkBytes : image.Length - k * chunkBytes;
                image.Seek(k * chunkBytes);
                byte[] packet = new byte[5 + topics.RulesChunk.Length + RuleChunk.HeaderBytes + length];
                byte[] payload = new byte[RuleChunk.HeaderBytes + length];
                RuleChunk.WriteHeader(payload, crc, k);
                for (int i = 0; i < length; i++) payload[RuleChunk.HeaderBytes + i] = image.NextByte();
                System.Array.Copy(payload, 0, packet, packet.Length - payload.Length, payload.Length);
                link.OnMessage(topics.RulesChunk, payload, false);
                if (Plan.HeapMap && k % 16 == 0) Console.WriteLine("HEAPMAP chunk " + k + " written (packet and payload alive)");
                packet = null;
                payload = null;
            }
            if (link.RuleUpdates.Result != RuleUpdateResult.Pending) return "transfer: " + RuleUpdateProcessor.ResultName(link.RuleUpdates.Result) + " " + link.RuleUpdates.Reason;
            return null;
        }

        private static uint Crc32Step(uint crc, byte b)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            return crc;
        }
    }
}
