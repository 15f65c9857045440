using Gateway.Core;
using Gateway.Core.Calls;
using Gateway.Core.Line;
using Gateway.Core.Rules;

namespace Gateway.Bench
{
    /// <summary>Hook edges of pulse-dialled calls, fed to the line decoder as the box feeds them.</summary>
    /// <remarks>
    /// Each call: seizure with contact bounce, eight digits of 1-10 pulses at 10 pps (60 ms break,
    /// 40 ms make), 700 ms between digits, then hang-up with bounce. Hook edges are the densest
    /// input the decoder gets (a 20-pulse-per-second worst case is two edges every 50 ms).
    /// </remarks>
    internal sealed class EdgeTrace
    {
        private readonly bool[] _levels;
        private readonly long[] _times;
        private readonly int _count;

        private EdgeTrace(bool[] levels, long[] times, int count)
        {
            _levels = levels;
            _times = times;
            _count = count;
        }

        /// <summary>Number of edges.</summary>
        public int Count { get { return _count; } }

        public static EdgeTrace Build(int calls, uint seed)
        {
            Lcg rng = new Lcg(seed);
            bool[] levels = new bool[calls * (6 + 8 * 20)];
            long[] times = new long[levels.Length];
            int n = 0;
            long t = 0;
            for (int c = 0; c < calls; c++)
            {
                t += 1000;
                n = Add(levels, times, n, true, t);
                n = Add(levels, times, n, false, t + 2);
                n = Add(levels, times, n, true, t + 5);
                t += 1000;
                for (int d = 0; d < 8; d++)
                {
                    int pulses = rng.Next(1, 11);
                    for (int p = 0; p < pulses; p++)
                    {
                        n = Add(levels, times, n, false, t);
                        n = Add(levels, times, n, true, t + 60);
                        t += 100;
                    }
                    t += 700;
                }
                t += 3000;
                n = Add(levels, times, n, false, t);
                n = Add(levels, times, n, true, t + 3);
                n = Add(levels, times, n, false, t + 6);
                t += 1500;
            }
            return new EdgeTrace(levels, times, n);
        }

        private static int Add(bool[] levels, long[] times, int n, bool closed, long t)
        {
            levels[n] = closed;
            times[n] = t;
            return n + 1;
        }

        /// <summary>Ticks to feed every edge to a new line decoder (<paramref name="book"/> null) or to a
        /// new box with those rules (decoder, call session, rule cursor, line cut): the sum over blocks of
        /// <paramref name="perBlock"/> edges of each block's fastest pass (after one warm-up pass);
        /// construction and the final time-out not counted.</summary>
        public long Time(RuleBook book, int perBlock, int passes, out int events, out long checksum)
        {
            int blocks = (_count + perBlock - 1) / perBlock;
            long[] best = new long[blocks];
            bool[] levels = _levels;
            long[] times = _times;
            events = 0;
            checksum = 0;
            for (int p = 0; p <= passes; p++)
            {
                CountingSink sink = new CountingSink();
                LineSignalDecoder decoder = book == null ? new LineSignalDecoder(new LineTimings(), sink) : null;
                GatewayBox box = book == null ? null : new GatewayBox("bench", "1", new LineTimings(), new CallSettings(), book, sink, sink, null);
                for (int b = 0; b < blocks; b++)
                {
                    int end = (b + 1) * perBlock;
                    if (end > _count) end = _count;
                    long t0 = Clock.Now();
                    if (box == null) for (int i = b * perBlock; i < end; i++) decoder.OnHookLevel(levels[i], times[i]);
                    else for (int i = b * perBlock; i < end; i++) box.OnHookLevel(levels[i], times[i]);
                    long t = Clock.Now() - t0;
                    if (p == 1 || (p > 1 && t < best[b])) best[b] = t;
                }
                if (box == null) decoder.Tick(times[_count - 1] + 10000);
                else box.Tick(times[_count - 1] + 10000);
                events = sink.Events;
                checksum = sink.Sum;
            }
            long total = 0;
            for (int b = 0; b < blocks; b++) total += best[b];
            return total;
        }

        /// <summary>Counts events, call records and relay switches and sums what they say, so both runtimes can be checked to decide alike.</summary>
        private sealed class CountingSink : ILineEventSink, ICallRecordSink, ILineRelay
        {
            public int Events;
            public long Sum;

            public void OnLineEvent(LineEventKind kind, char key, DialSource source, long timeMs)
            {
                Events++;
                Sum += (int)kind * 131 + key + timeMs % 1000;
            }

            public void OnCallRecord(CallRecord record)
            {
                Events++;
                Sum += (int)record.Outcome * 1009 + record.BlockedAtDigit * 7 + record.Digits.Length;
            }

            public void SetLoopOpen(bool open)
            {
                Events++;
                Sum += open ? 3 : 5;
            }

            public void ConfirmOpen()
            {
                Events++;
                Sum += 11;
            }
        }
    }
}
