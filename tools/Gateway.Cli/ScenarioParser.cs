using System.Globalization;
using Gateway.Core;
using Gateway.Core.Simulation;

namespace Gateway.Cli;

/// <summary>Reads the scenario text format (docs/call-records.md, "Scenario files").</summary>
/// <remarks>
/// One event per line, <c>#</c> starts a comment (except as a dtmf key), times in ms from the scenario start and never
/// going back. <c>dtmf</c> and <c>pulse</c> lines expand into the raw edges the box's inputs
/// would see; anything the hardware could not produce (overlapping tones, a level that does not
/// change, pulse dialling on-hook) is refused with the line and the reason.
/// </remarks>
public static class ScenarioParser
{
    /// <summary>Default pulse rate (pulses per second): the nominal decadic rate.</summary>
    public const int DefaultPulsesPerSecond = 10;
    /// <summary>Default break share of a pulse period (%), European and Chinese practice.</summary>
    public const int DefaultBreakPercent = 60;
    /// <summary>Loop-closed pause between the digits of a pulse line (ms), as a rotary dial returns.</summary>
    public const int PulseInterDigitMs = 700;
    /// <summary>Latest time anything may happen (ms): one day. The runner ticks every 10 ms of scenario
    /// time, so an unbounded time would run for hours; no rehearsal needs more than a day.</summary>
    public const long MaxTimeMs = 24L * 60 * 60 * 1000;
    /// <summary>Most digits on one pulse line: an international number (E.164: 15 digits) with its
    /// prefixes fits; each digit expands to up to 20 edges, so the length is what bounds memory.</summary>
    public const int MaxPulseDigits = 32;
    /// <summary>Most input edges a scenario expands to: far more than a day of office calls needs, and
    /// what keeps a day of back-to-back pulse trains (3.5 million edges) from taking gigabytes.</summary>
    public const int MaxEdges = 1_000_000;

    public static Scenario Parse(TextReader text, string name)
    {
        var edges = new List<(ScenarioEdge Edge, int Order)>();
        long lastMs = 0;
        long toneEndsMs = -1;
        int toneLine = 0;
        long pulseEndsMs = -1;
        int pulseLine = 0;
        bool offHook = false, ringing = false, relayStuck = false;
        int lineNo = 0;
        string? raw;
        while ((raw = text.ReadLine()) != null)
        {
            lineNo++;
            // A file's byte order mark is dropped by its reader; stdin keeps it, and rule text skips it too.
            if (lineNo == 1 && raw.StartsWith('\uFEFF')) raw = raw[1..];
            string[] f = Fields(raw);
            if (f.Length == 0) continue;
            ScenarioException Bad(string reason) => new(name, lineNo, reason);

            if (!long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
                throw Bad($"'{ShownText.Of(f[0])}' is not a time in ms (a whole number from 0)");
            if (ms > MaxTimeMs)
                throw Bad($"time {ms} is past the end of a scenario day ({MaxTimeMs} ms = 24 h)");
            if (ms < lastMs)
                throw Bad($"time {ms} is before the previous event at {lastMs} ms (events must be in time order)");
            if (ms < pulseEndsMs)
                throw Bad($"time {ms} falls inside the pulse dialling of line {pulseLine}, which lasts until {pulseEndsMs} ms");
            lastMs = ms;
            if (f.Length < 2) throw Bad("missing event (hook, dtmf, pulse, ring or relay)");
            string kind = f[1];
            void Add(long t, ScenarioInput input, bool level, int code = 0)
            {
                if (edges.Count == MaxEdges) throw Bad($"the scenario expands to more than {MaxEdges} input edges");
                edges.Add((new ScenarioEdge(t, input, level, code), edges.Count));
            }

            switch (kind)
            {
                case "hook":
                    offHook = Change(f, "off", "on", "hook takes 'off' (loop closed) or 'on'", offHook,
                        level => $"the handset is already {(level ? "off" : "on")}-hook", Bad);
                    Add(ms, ScenarioInput.Handset, offHook);
                    break;
                case "relay":
                    // Rehearses the fault the box must report: a cut that never shows on the hook input.
                    relayStuck = Change(f, "stuck", "ok", "relay takes 'stuck' (cuts no longer open the loop) or 'ok'", relayStuck,
                        level => $"the relay is already {(level ? "stuck" : "ok")}", Bad);
                    Add(ms, ScenarioInput.RelayStuck, relayStuck);
                    break;
                case "ring":
                    ringing = Change(f, "on", "off", "ring takes 'on' or 'off'", ringing,
                        level => $"ringing is already {(level ? "on" : "off")}", Bad);
                    Add(ms, ScenarioInput.Ring, ringing);
                    break;
                case "dtmf":
                {
                    Expect(f, 4, "dtmf <key> <toneMs>", Bad);
                    if (f[2].Length != 1 || DtmfCode(f[2][0]) < 0)
                        throw Bad($"'{ShownText.Of(f[2])}' is not a DTMF key (0-9 * # A B C D)");
                    int code = DtmfCode(f[2][0]);
                    long tone = PositiveInt(f[3], "toneMs", Bad);
                    if (ms < toneEndsMs)
                        throw Bad($"tone starts at {ms} ms while the tone of line {toneLine} lasts until {toneEndsMs} ms");
                    if (ms + tone > MaxTimeMs)
                        throw Bad($"tone ends at {ms + tone} ms, past the end of a scenario day ({MaxTimeMs} ms = 24 h)");
                    toneEndsMs = ms + tone;
                    toneLine = lineNo;
                    Add(ms, ScenarioInput.DtmfStrobe, true, code);
                    Add(ms + tone, ScenarioInput.DtmfStrobe, false, code);
                    break;
                }
                case "pulse":
                {
                    if (f.Length < 3 || f.Length > 5) throw Bad("expected: <ms> pulse <digits> [pps] [breakPct]");
                    string digits = f[2];
                    if (digits.Length > MaxPulseDigits)
                        throw Bad($"{digits.Length} pulse digits on one line, more than {MaxPulseDigits}");
                    foreach (char c in digits)
                        if (c < '0' || c > '9') throw Bad($"'{ShownText.Of(digits)}' is not pulse digits (0-9 only)");
                    int pps = f.Length > 3 ? (int)PositiveInt(f[3], "pps", Bad) : DefaultPulsesPerSecond;
                    if (pps < 5 || pps > 20) throw Bad($"pps {pps} is outside 5-20 pulses per second");
                    int breakPct = f.Length > 4 ? (int)PositiveInt(f[4], "breakPct", Bad) : DefaultBreakPercent;
                    if (breakPct < 10 || breakPct > 90) throw Bad($"breakPct {breakPct} is outside 10-90 %");
                    if (!offHook) throw Bad("pulse dialling needs the handset off-hook (add 'hook off' before)");
                    pulseEndsMs = ExpandPulses(ms, digits, pps, breakPct, (t, level) => Add(t, ScenarioInput.Handset, level));
                    if (pulseEndsMs > MaxTimeMs)
                        throw Bad($"pulse dialling ends at {pulseEndsMs} ms, past the end of a scenario day ({MaxTimeMs} ms = 24 h)");
                    pulseLine = lineNo;
                    break;
                }
                default:
                    throw Bad($"unknown event '{ShownText.Of(kind)}' (expected hook, dtmf, pulse, ring or relay)");
            }
        }
        // Tone ends can fall after later lines' events; a stable order by time keeps file order for ties.
        var sorted = edges.OrderBy(e => e.Edge.TimeMs).ThenBy(e => e.Order).Select(e => e.Edge).ToArray();
        return new Scenario(name, sorted, offHook);
    }

    /// <summary>MT8870 output code (Q4..Q1) of a key, or -1.</summary>
    public static int DtmfCode(char key) => Gateway.Core.Line.Mt8870Code.CodeFor(key);

    /// <summary>Adds the loop breaks of decadic digits from <paramref name="startMs"/>; returns when the last break ends.</summary>
    private static long ExpandPulses(long startMs, string digits, int pps, int breakPct, Action<long, bool> edge)
    {
        double period = 1000.0 / pps;
        double breakMs = period * breakPct / 100.0;
        double t = startMs;
        long end = startMs;
        for (int d = 0; d < digits.Length; d++)
        {
            int pulses = digits[d] == '0' ? 10 : digits[d] - '0';
            if (d > 0) t += PulseInterDigitMs - (period - breakMs);  // the last make of a digit is part of the pause
            for (int p = 0; p < pulses; p++)
            {
                edge((long)Math.Round(t), false);
                end = (long)Math.Round(t + breakMs);
                edge(end, true);
                t += period;
            }
        }
        return end;
    }

    /// <summary>The words of a line without its comment. <c>#</c> starts a comment, except as the key
    /// of a dtmf line (<c>1000 dtmf # 80</c>), where it is the key itself.</summary>
    private static string[] Fields(string raw)
    {
        string[] words = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        for (int i = 0; i < words.Length; i++)
        {
            string w = words[i];
            if (i == 2 && w == "#" && words[1] == "dtmf") { kept.Add(w); continue; }
            int hash = w.IndexOf('#');
            if (hash < 0) { kept.Add(w); continue; }
            if (hash > 0) kept.Add(w[..hash]);
            break;
        }
        return kept.ToArray();
    }

    private static void Expect(string[] f, int count, string form, Func<string, ScenarioException> bad)
    {
        if (f.Length != count) throw bad($"expected: <ms> {form}");
    }

    /// <summary>The new level of a two-state input line (`hook off`), refusing a level that does not change.</summary>
    private static bool Change(string[] f, string yes, string no, string message, bool current, Func<bool, string> already, Func<string, ScenarioException> bad)
    {
        Expect(f, 3, $"{f[1]} {yes}|{no}", bad);
        bool level = OnOff(f[2], yes, no, message, bad);
        if (level == current) throw bad(already(level));
        return level;
    }

    private static bool OnOff(string word, string yes, string no, string message, Func<string, ScenarioException> bad)
    {
        if (word == yes) return true;
        if (word == no) return false;
        throw bad($"{message}, not '{ShownText.Of(word)}'");
    }

    private static long PositiveInt(string word, string what, Func<string, ScenarioException> bad)
    {
        if (!long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v <= 0 || v > 1_000_000)
            throw bad($"{what} '{ShownText.Of(word)}' is not a whole number of 1 or more");
        return v;
    }
}
