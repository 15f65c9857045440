using System.Text;
using Gateway.Core.Line;

namespace Gateway.Core.Tests.Support
{
    /// <summary>Records line events into preallocated arrays (no allocation while recording).</summary>
    public sealed class LineEventRecorder : ILineEventSink
    {
        private readonly LineEventKind[] _kinds;
        private readonly char[] _keys;
        private readonly DialSource[] _sources;
        private readonly long[] _times;

        public LineEventRecorder(int capacity = 4096)
        {
            _kinds = new LineEventKind[capacity];
            _keys = new char[capacity];
            _sources = new DialSource[capacity];
            _times = new long[capacity];
        }

        public int Count { get; private set; }

        public void OnLineEvent(LineEventKind kind, char key, DialSource source, long timeMs)
        {
            if (Count == _kinds.Length) Count = 0; // long warm loops wrap; tests that read events stay far below
            _kinds[Count] = kind;
            _keys[Count] = key;
            _sources[Count] = source;
            _times[Count] = timeMs;
            Count++;
        }

        public void Clear() { Count = 0; }

        public LineEventKind Kind(int i) { return _kinds[i]; }
        public char Key(int i) { return _keys[i]; }
        public DialSource Source(int i) { return _sources[i]; }
        public long Time(int i) { return _times[i]; }

        /// <summary>The keys of all Digit events, in order.</summary>
        public string Digits()
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Count; i++)
                if (_kinds[i] == LineEventKind.Digit) sb.Append(_keys[i]);
            return sb.ToString();
        }

        /// <summary>Number of events of one kind.</summary>
        public int CountOf(LineEventKind kind)
        {
            int n = 0;
            for (int i = 0; i < Count; i++) if (_kinds[i] == kind) n++;
            return n;
        }

        /// <summary>Index of the first event of a kind, or -1.</summary>
        public int IndexOf(LineEventKind kind)
        {
            for (int i = 0; i < Count; i++) if (_kinds[i] == kind) return i;
            return -1;
        }

        /// <summary>All events as "OffHook@0 Digit:1/Pulse@950 OnHook@5000", for readable assertions.</summary>
        public string Describe()
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Count; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(NameOf(_kinds[i]));
                if (_kinds[i] == LineEventKind.Digit) sb.Append(':').Append(_keys[i]).Append('/').Append(NameOf(_sources[i]));
                sb.Append('@').Append(_times[i]);
            }
            return sb.ToString();
        }

        /// <summary>Like <see cref="Describe"/> without times: "OffHook Digit:1/Pulse OnHook".</summary>
        public string Kinds()
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Count; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(NameOf(_kinds[i]));
                if (_kinds[i] == LineEventKind.Digit) sb.Append(':').Append(_keys[i]).Append('/').Append(NameOf(_sources[i]));
            }
            return sb.ToString();
        }

        // Spelled out: on nanoFramework an enum's ToString gives its number, not its name.
        private static string NameOf(LineEventKind kind)
        {
            switch (kind)
            {
                case LineEventKind.OffHook: return "OffHook";
                case LineEventKind.OnHook: return "OnHook";
                case LineEventKind.Flash: return "Flash";
                case LineEventKind.Digit: return "Digit";
                case LineEventKind.RingStart: return "RingStart";
                case LineEventKind.RingStop: return "RingStop";
                default: return "Kind" + (int)kind;
            }
        }

        private static string NameOf(DialSource source)
        {
            switch (source)
            {
                case DialSource.None: return "None";
                case DialSource.Dtmf: return "Dtmf";
                case DialSource.Pulse: return "Pulse";
                default: return "Source" + (int)source;
            }
        }
    }
}
