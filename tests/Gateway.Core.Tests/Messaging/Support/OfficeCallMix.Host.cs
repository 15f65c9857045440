using System.Collections.Generic;
using Gateway.Core.Line;
using Gateway.Core.Simulation;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Host-only: a working day's mix of calls on one line as scenario edges, for
    /// measurements of the whole box (<see cref="ScenarioRunner"/>), against
    /// <see cref="Rules"/> (samples/rules/office.rules in short).</summary>
    /// <remarks>
    /// One round is <see cref="CallsPerRound"/> calls: DTMF and pulse dialling, two blocked
    /// (DTMF and pulse), an emergency call, incoming answered and missed, a transfer by hook flash
    /// and an abandoned pick-up. Timings as samples/*.scenario: keys 70-110 ms of tone about 250 ms
    /// apart, pulses at 10 pps with 60 % break and 700 ms between digits, China's ring cadence,
    /// a 300 ms flash, 20 s of idle line between calls.
    /// </remarks>
    internal static class OfficeCallMix
    {
        /// <summary>The rules in force: international blocked except Hong Kong and Macau, paid services blocked.</summary>
        public const string Rules = "default allow\nblock 00\nallow 00852\nallow 00853\nblock 1259\nblock 16\nblock *21\nblock **21\nallow *#\n";

        /// <summary>Calls (and so call records) per round.</summary>
        public const int CallsPerRound = 10;

        private const long IdleMs = 20000;

        /// <summary>The edges of <paramref name="rounds"/> rounds from time 0, in time order.</summary>
        public static ScenarioEdge[] Rounds(int rounds)
        {
            List<ScenarioEdge> e = new List<ScenarioEdge>();
            long t = 1000;
            for (int r = 0; r < rounds; r++)
            {
                // Local call, DTMF, two minutes.
                t = Outgoing(e, t, "62345678", false, 120000);
                // Head office by rotary phone, pulse, three minutes.
                t = Outgoing(e, t, "02161234567", true, 180000);
                // A mobile, DTMF, one minute.
                t = Outgoing(e, t, "13812345678", false, 60000);
                // London: cut at the third key (00 blocked, 00852 allowed); hangs up before the relay closes.
                t = Outgoing(e, t, "00447", false, 500);
                // A paid service by pulse: cut at 16.
                t = Outgoing(e, t, "16", true, 500);
                // Ambulance: emergency, always through.
                t = Outgoing(e, t, "120", false, 90000);
                // Incoming, answered on the third ring, four minutes.
                t = Incoming(e, t, 3, 240000, null);
                // Incoming, nobody answers (missed).
                t = Missed(e, t, 4);
                // Incoming, transferred: flash, colleague's extension by DTMF, talk, hang up.
                t = Incoming(e, t, 2, 30000, "8021");
                // Picked up and put down again (abandoned).
                Add(e, t, ScenarioInput.Handset, true);
                Add(e, t + 6000, ScenarioInput.Handset, false);
                t += 6000 + IdleMs;
            }
            return e.ToArray();
        }

        private static long Outgoing(List<ScenarioEdge> e, long t, string number, bool pulse, long talkMs)
        {
            Add(e, t, ScenarioInput.Handset, true);
            t += 2000;
            t = pulse ? Pulses(e, t, number) : Keys(e, t, number);
            t += talkMs;
            Add(e, t, ScenarioInput.Handset, false);
            return t + IdleMs;
        }

        private static long Incoming(List<ScenarioEdge> e, long t, int rings, long talkMs, string transferTo)
        {
            t = Ring(e, t, rings) - 3500;  // answered 500 ms into the pause after the last ring
            Add(e, t, ScenarioInput.Handset, true);
            if (transferTo != null)
            {
                t += 20000;
                Add(e, t, ScenarioInput.Handset, false);
                Add(e, t + 300, ScenarioInput.Handset, true);
                t = Keys(e, t + 1500, transferTo);
            }
            t += talkMs;
            Add(e, t, ScenarioInput.Handset, false);
            return t + IdleMs;
        }

        private static long Missed(List<ScenarioEdge> e, long t, int rings)
        {
            return Ring(e, t, rings) + IdleMs;
        }

        // China's cadence: 1 s of ring, 4 s of pause; returns the end of the last pause.
        private static long Ring(List<ScenarioEdge> e, long t, int rings)
        {
            for (int i = 0; i < rings; i++)
            {
                Add(e, t, ScenarioInput.Ring, true);
                Add(e, t + 1000, ScenarioInput.Ring, false);
                t += 5000;
            }
            return t;
        }

        private static long Keys(List<ScenarioEdge> e, long t, string keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                int code = Mt8870Code.CodeFor(keys[i]);
                long tone = 70 + 20 * (i % 3);
                e.Add(new ScenarioEdge(t, ScenarioInput.DtmfStrobe, true, code));
                e.Add(new ScenarioEdge(t + tone, ScenarioInput.DtmfStrobe, false, code));
                t += 230 + 40 * (i % 4);
            }
            return t;
        }

        // 10 pps, 60 % break, 700 ms between digits (ScenarioParser's defaults).
        private static long Pulses(List<ScenarioEdge> e, long t, string digits)
        {
            for (int d = 0; d < digits.Length; d++)
            {
                int pulses = digits[d] == '0' ? 10 : digits[d] - '0';
                if (d > 0) t += 700 - 40;
                for (int p = 0; p < pulses; p++)
                {
                    Add(e, t, ScenarioInput.Handset, false);
                    Add(e, t + 60, ScenarioInput.Handset, true);
                    t += 100;
                }
            }
            return t;
        }

        private static void Add(List<ScenarioEdge> e, long t, ScenarioInput input, bool level)
        {
            e.Add(new ScenarioEdge(t, input, level, 0));
        }
    }
}
