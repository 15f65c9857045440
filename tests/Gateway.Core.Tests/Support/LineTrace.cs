using System;
using System.Collections;
using Gateway.Core.Line;

namespace Gateway.Core.Tests.Support
{
    /// <summary>Builds timestamped input traces for the line decoder, e.g.
    /// <c>LineTrace.Start().OffHookAt(0).DialPulses("123", 10, 60, fromMs: 500).OnHookAt(5000)</c>.</summary>
    /// <remarks>Shared by the host and device test runs, so written for the nanoFramework mscorlib
    /// (no generics, no System.Math, no culture-aware parsing). Steps may be added out of order;
    /// they are replayed sorted by time (stable, so steps at the same time keep the order they
    /// were added in).</remarks>
    public sealed class LineTrace
    {
        public enum Input { Hook, Strobe, Ring, Tick }

        public struct Step
        {
            public Input Input;
            public bool Level;
            public int Code;
            public long TimeMs;
            public override string ToString() { return NameOf(Input) + (Input == Input.Tick ? "" : Level ? "+" : "-") + "@" + TimeMs; }

            // Spelled out: on nanoFramework an enum's ToString gives its number, not its name.
            private static string NameOf(Input input)
            {
                switch (input)
                {
                    case Input.Hook: return "Hook";
                    case Input.Strobe: return "Strobe";
                    case Input.Ring: return "Ring";
                    default: return "Tick";
                }
            }
        }

        private readonly ArrayList _steps = new ArrayList();

        /// <summary>Where the last DialPulses/Dtmf/Flash call ended (the loop closed, the strobe low).</summary>
        public long EndMs { get; private set; }

        public static LineTrace Start() { return new LineTrace(); }

        /// <summary>Reads a trace written as text, statements separated by commas:
        /// <c>off at 0, dial pulses "123" at 10pps 60%, dtmf "45#", flash 300, on at 9000</c>.
        /// Statements: <c>off at T</c>, <c>on at T</c>, <c>tick at T</c>,
        /// <c>dial pulses "D" at Npps R% [from T] [pause P]</c>, <c>dtmf "K" [from T] [strobe S] [every E]</c>,
        /// <c>flash|break B [at T]</c>, <c>ring ON/OFF xN [at HzHz] [from T]</c>. Without <c>from</c>/<c>at</c>
        /// a statement starts 1000 ms after the previous one ended.</summary>
        public static LineTrace Parse(string text)
        {
            LineTrace trace = new LineTrace();
            long cursor = 0;
            bool any = false;
            foreach (string raw in text.Split(','))
            {
                string[] w = Words(raw);
                if (w.Length == 0) continue;
                long next = any ? cursor + 1000 : 0;
                long Opt(string key, long fallback)
                {
                    for (int i = 0; i + 1 < w.Length; i++) if (w[i] == key) return long.Parse(w[i + 1]);
                    return fallback;
                }
                string Quoted()
                {
                    foreach (string x in w) if (x.Length >= 2 && x[0] == '"' && x[x.Length - 1] == '"') return x.Substring(1, x.Length - 2);
                    throw new FormatException("missing \"...\" in: " + raw);
                }
                double Unit(string suffix)
                {
                    foreach (string x in w) if (x.EndsWith(suffix) && x.Length > suffix.Length) return double.Parse(x.Substring(0, x.Length - suffix.Length));
                    throw new FormatException("missing ..." + suffix + " in: " + raw);
                }
                switch (w[0])
                {
                    case "off": cursor = Opt("at", next); trace.OffHookAt(cursor); break;
                    case "on": cursor = Opt("at", next); trace.OnHookAt(cursor); break;
                    case "tick": cursor = Opt("at", next); trace.TickAt(cursor); break;
                    case "dial":
                        trace.DialPulses(Quoted(), Unit("pps"), Unit("%"), Opt("from", next), Opt("pause", 800));
                        cursor = trace.EndMs;
                        break;
                    case "dtmf":
                        {
                            string keys = Quoted();
                            long strobe = Opt("strobe", 60), every = Opt("every", 150);
                            trace.DtmfKeys(keys, Opt("from", next), strobe, every);
                            cursor = trace.EndMs;
                            break;
                        }
                    case "flash":
                    case "break":
                        trace.BreakLoop(Opt("at", next), long.Parse(w[1]));
                        cursor = trace.EndMs;
                        break;
                    case "ring":
                        {
                            string[] onOff = w[1].Split('/');
                            int cycles = 1;
                            foreach (string x in w) if (x.StartsWith("x") && x.Length > 1) cycles = int.Parse(x.Substring(1));
                            double hz = 0;
                            foreach (string x in w) if (x.EndsWith("Hz") && x.Length > 2) hz = double.Parse(x.Substring(0, x.Length - 2));
                            trace.RingCadence(Opt("from", next), cycles, long.Parse(onOff[0]), long.Parse(onOff[1]), hz);
                            cursor = trace.EndMs;
                            break;
                        }
                    default: throw new FormatException("unknown trace statement: " + raw);
                }
                any = true;
            }
            return trace;
        }

        public Step[] Steps { get { return Sorted(); } }

        public LineTrace Hook(bool loopClosed, long atMs) { return Add(Input.Hook, loopClosed, 0, atMs); }
        public LineTrace OffHookAt(long atMs) { return Hook(true, atMs); }
        public LineTrace OnHookAt(long atMs) { return Hook(false, atMs); }
        public LineTrace TickAt(long atMs) { return Add(Input.Tick, false, 0, atMs); }
        public LineTrace RingEdge(bool ringing, long atMs) { return Add(Input.Ring, ringing, 0, atMs); }

        /// <summary>Open the loop at <paramref name="atMs"/> for <paramref name="breakMs"/> (a flash, a pulse or a hang-up).</summary>
        public LineTrace BreakLoop(long atMs, long breakMs)
        {
            Hook(false, atMs);
            Hook(true, atMs + breakMs);
            EndMs = atMs + breakMs;
            return this;
        }

        /// <summary>Pulse-dial <paramref name="digits"/> starting at <paramref name="fromMs"/> at a rate and
        /// break ratio, with <paramref name="pauseMs"/> of closed loop after each digit.</summary>
        public LineTrace DialPulses(string digits, double pps, double breakPercent, long fromMs, double pauseMs = 800, string map = PulseDigitMap.Standard)
        {
            double period = 1000.0 / pps;
            double brk = period * breakPercent / 100.0;
            double t = fromMs;
            foreach (char d in digits)
            {
                int breaks = map.IndexOf(d) + 1;
                if (breaks == 0) throw new ArgumentException("no pulse count for '" + d + "' in map " + map);
                for (int i = 0; i < breaks; i++)
                {
                    Hook(false, Round(t));
                    Hook(true, Round(t + brk));
                    t += period;
                }
                // The last make runs into the pause: the next digit starts a pause after the last close.
                t = t - period + brk + pauseMs;
            }
            EndMs = Round(t - pauseMs);
            return this;
        }

        /// <summary>Exact break/make pattern: <paramref name="breaks"/> breaks of breakMs separated by makes of makeMs.</summary>
        public LineTrace PulseTrain(long fromMs, int breaks, long breakMs, long makeMs)
        {
            long t = fromMs;
            for (int i = 0; i < breaks; i++)
            {
                Hook(false, t);
                Hook(true, t + breakMs);
                t += breakMs + makeMs;
            }
            EndMs = t - makeMs;
            return this;
        }

        /// <summary>One DTMF key: StD high with the key's MT8870 code at <paramref name="atMs"/>, low after <paramref name="strobeMs"/>.</summary>
        public LineTrace Dtmf(char key, long atMs, long strobeMs = 60)
        {
            int code = CodeFor(key);
            Add(Input.Strobe, true, code, atMs);
            Add(Input.Strobe, false, code, atMs + strobeMs);
            EndMs = atMs + strobeMs;
            return this;
        }

        /// <summary>A DTMF key string, one key every <paramref name="periodMs"/>.</summary>
        public LineTrace DtmfKeys(string keys, long fromMs, long strobeMs = 60, long periodMs = 150)
        {
            long t = fromMs;
            foreach (char k in keys) { Dtmf(k, t, strobeMs); t += periodMs; }
            return this;
        }

        /// <summary>One ring burst. <paramref name="hz"/> = 0 gives a rectified (steady) level, otherwise
        /// the opto output toggles at that frequency (high for half of each cycle).</summary>
        public LineTrace RingBurst(long atMs, long onMs, double hz = 0)
        {
            if (hz <= 0)
            {
                Add(Input.Ring, true, 0, atMs);
                Add(Input.Ring, false, 0, atMs + onMs);
            }
            else
            {
                double half = 500.0 / hz;
                for (double t = 0; t + half <= onMs; t += 2 * half)
                {
                    Add(Input.Ring, true, 0, atMs + Round(t));
                    Add(Input.Ring, false, 0, atMs + Round(t + half));
                }
            }
            EndMs = atMs + onMs;
            return this;
        }

        /// <summary>A ring cadence: <paramref name="cycles"/> bursts of onMs followed by offMs.</summary>
        public LineTrace RingCadence(long fromMs, int cycles, long onMs, long offMs, double hz = 0)
        {
            long t = fromMs;
            for (int i = 0; i < cycles; i++) { RingBurst(t, onMs, hz); t += onMs + offMs; }
            EndMs = t - offMs;
            return this;
        }

        /// <summary>Each hook edge shifted by up to +/-<paramref name="maxMs"/> (uniform), order kept: an edge
        /// that would pass the one before it is reported at the same time as that one.</summary>
        public LineTrace WithHookJitter(SeededRandom rng, int maxMs)
        {
            Step[] s = Sorted();
            long last = long.MinValue;
            for (int i = 0; i < s.Length; i++)
            {
                Step st = s[i];
                if (st.Input != Input.Hook) continue;
                long t = st.TimeMs + rng.Next(2 * maxMs + 1) - maxMs;
                if (t < last) t = last;
                st.TimeMs = t;
                last = t;
                s[i] = st;
            }
            return FromSteps(s);
        }

        /// <summary>After each hook edge (with probability <paramref name="chance"/>), a bounce burst: the level
        /// flips back and forth 1-3 times, all within <paramref name="burstMs"/> after the edge, ending at the
        /// edge's level. Applied after jitter, so bursts are reported within burstMs of their first edge.</summary>
        public LineTrace WithHookBounce(SeededRandom rng, int burstMs, double chance = 1.0, bool stretch = false)
        {
            Step[] s = Sorted();
            ArrayList o = new ArrayList();
            for (int i = 0; i < s.Length; i++)
            {
                Step st = s[i];
                o.Add(st);
                if (st.Input != Input.Hook || burstMs < 2 || rng.NextDouble() >= chance) continue;
                long next = long.MaxValue;
                for (int j = i + 1; j < s.Length; j++) if (s[j].Input == Input.Hook) { next = s[j].TimeMs; break; }
                int flips = 1 + rng.Next(3);
                long end = st.TimeMs + burstMs - 1 < next ? st.TimeMs + burstMs - 1 : next; // bounce settles before the next real edge
                long t = st.TimeMs;
                for (int f = 0; f < flips && t < end; f++)
                {
                    long a = t + 1 + rng.Next(AtLeastOne((end - t) / 2));
                    if (a >= end) break;
                    long b = a + 1 + rng.Next(AtLeastOne((end - a) / 2));
                    if (b > end) break;
                    if (stretch && f == flips - 1) { b = end; if (a >= b) a = b - 1; if (a <= t) break; }
                    o.Add(new Step { Input = Input.Hook, Level = !st.Level, TimeMs = a });
                    o.Add(new Step { Input = Input.Hook, Level = st.Level, TimeMs = b });
                    t = b;
                }
            }
            return FromSteps(o);
        }

        /// <summary>Replays the trace into <paramref name="decoder"/>, then ticks to <paramref name="untilMs"/>.</summary>
        public void Play(LineSignalDecoder decoder, long untilMs = long.MinValue)
        {
            long last = 0;
            foreach (Step st in Sorted())
            {
                Apply(decoder, st);
                last = st.TimeMs;
            }
            if (untilMs != long.MinValue && untilMs >= last) decoder.Tick(untilMs);
        }

        /// <summary>Decodes the trace with <paramref name="timings"/> (defaults when null), ticking 10 s past its end.</summary>
        public LineEventRecorder Decode(LineTimings timings = null)
        {
            LineEventRecorder rec = new LineEventRecorder();
            LineSignalDecoder dec = new LineSignalDecoder(timings == null ? new LineTimings() : timings, rec);
            Step[] s = Sorted();
            Play(dec, s.Length == 0 ? 0 : s[s.Length - 1].TimeMs + 10000);
            return rec;
        }

        public static void Apply(LineSignalDecoder decoder, Step st)
        {
            switch (st.Input)
            {
                case Input.Hook: decoder.OnHookLevel(st.Level, st.TimeMs); break;
                case Input.Strobe: decoder.OnDtmfStrobe(st.Level, st.Code, st.TimeMs); break;
                case Input.Ring: decoder.OnRingLevel(st.Level, st.TimeMs); break;
                default: decoder.Tick(st.TimeMs); break;
            }
        }

        public static int CodeFor(char key)
        {
            for (int c = 0; c < 16; c++) if (Mt8870Code.KeyFor(c) == key) return c;
            throw new ArgumentException("not a DTMF key: " + key);
        }

        public override string ToString()
        {
            string text = "";
            foreach (Step st in Sorted()) text = text.Length == 0 ? st.ToString() : text + " " + st.ToString();
            return text;
        }

        private LineTrace Add(Input input, bool level, int code, long atMs)
        {
            _steps.Add(new Step { Input = input, Level = level, Code = code, TimeMs = atMs });
            return this;
        }

        // Stable insertion sort by time: traces are short and mostly in order already.
        private Step[] Sorted()
        {
            Step[] r = new Step[_steps.Count];
            for (int i = 0; i < r.Length; i++)
            {
                Step st = (Step)_steps[i];
                int j = i;
                while (j > 0 && r[j - 1].TimeMs > st.TimeMs) { r[j] = r[j - 1]; j--; }
                r[j] = st;
            }
            return r;
        }

        private static LineTrace FromSteps(Step[] steps)
        {
            LineTrace t = new LineTrace();
            foreach (Step st in steps) t._steps.Add(st);
            return t;
        }

        private static LineTrace FromSteps(ArrayList steps)
        {
            LineTrace t = new LineTrace();
            foreach (object st in steps) t._steps.Add(st);
            return t;
        }

        // Math.Round's rounding (half to even), which the host used before; nanoFramework's
        // mscorlib has no System.Math.
        private static long Round(double value)
        {
            long floor = (long)value;
            if (floor > value) floor--;
            double fraction = value - floor;
            if (fraction > 0.5) return floor + 1;
            if (fraction < 0.5) return floor;
            return floor % 2 == 0 ? floor : floor + 1;
        }

        private static int AtLeastOne(long value)
        {
            return value < 1 ? 1 : (int)value;
        }

        private static string[] Words(string statement)
        {
            string[] parts = statement.Trim().Split(' ');
            int n = 0;
            foreach (string x in parts) if (x.Length > 0) n++;
            string[] words = new string[n];
            n = 0;
            foreach (string x in parts) if (x.Length > 0) words[n++] = x;
            return words;
        }
    }
}
