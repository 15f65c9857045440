namespace Gateway.Core.Rules
{
    /// <summary>Which class a call is judged in, from the local time at off-hook: dated exceptions, then
    /// weekly windows, then the `otherwise` class; the `unsynced` class while the clock is not set.</summary>
    /// <remarks>
    /// Pure logic: the caller passes the time (docs/rules.md, "Schedules"). Local time is UTC plus a
    /// fixed offset. Entries are looked up once per call, never per key. Class references are
    /// kept by name while the rule text is read (a class may be defined after its schedule line)
    /// and resolved when the text ends.
    /// </remarks>
    public sealed class RuleSchedule
    {
        /// <summary>Most `schedule` plus `holiday` lines one rule set may have.</summary>
        public const int MaxEntries = 200;

        /// <summary>Minutes in a day; a window ends at most here (24:00).</summary>
        public const int DayMinutes = 1440;

        private const long DayMs = 86400000L;

        internal int OffsetMinutes;
        internal int OffsetLine;                 // 0: no timezone line
        internal int Otherwise = -1;             // class index; -1 until resolved
        internal int Unsynced = -1;
        internal bool OtherwiseGiven;
        internal bool UnsyncedGiven;

        internal int Count;                      // windows and holidays, in text order
        internal bool[] IsHoliday = new bool[8];
        internal int[] Day = new int[8];         // holiday: days since 1970-01-01; window: weekday mask (bit 0 Monday)
        internal short[] Start = new short[8];   // minutes after local midnight
        internal short[] End = new short[8];
        internal byte[] Class = new byte[8];

        // While the text is read: class names and lines of every reference.
        internal string[] PendingName = new string[10];
        internal int[] PendingLine = new int[10];

        /// <summary>Local time offset from UTC in minutes.</summary>
        public int UtcOffsetMinutes { get { return OffsetMinutes; } }

        /// <summary>Number of weekly windows and dated exceptions.</summary>
        public int Entries { get { return Count; } }

        /// <summary>Class outside every window and exception.</summary>
        public int OtherwiseClass { get { return Otherwise; } }

        /// <summary>Class while the clock is not synchronised.</summary>
        public int UnsyncedClass { get { return Unsynced; } }

        /// <summary>True when time matters at all (some window, exception or `otherwise` line).</summary>
        internal bool HasTimes { get { return Count > 0 || OtherwiseGiven; } }

        /// <summary>The class for a call that starts at <paramref name="unixMs"/> (UTC), or the `unsynced`
        /// class when <paramref name="clockSynced"/> is false.</summary>
        public int ClassAt(long unixMs, bool clockSynced)
        {
            if (!clockSynced) return Unsynced;
            long local = unixMs + OffsetMinutes * 60000L;
            long day = local / DayMs;
            if (local % DayMs < 0) day--;
            int minute = (int)((local - day * DayMs) / 60000L);
            for (int i = 0; i < Count; i++)
                if (IsHoliday[i] && Day[i] == day && minute >= Start[i] && minute < End[i]) return Class[i];
            // 1970-01-01 was a Thursday: weekday 3 counting Monday as 0.
            int weekday = (int)(((day % 7) + 7 + 3) % 7);
            for (int i = 0; i < Count; i++)
                if (!IsHoliday[i] && (Day[i] & (1 << weekday)) != 0 && minute >= Start[i] && minute < End[i]) return Class[i];
            return Otherwise;
        }

        internal void Add(bool holiday, int day, int start, int end, string className, int line)
        {
            if (Count == Day.Length)
            {
                int n = Count * 2;
                bool[] h = new bool[n]; System.Array.Copy(IsHoliday, h, Count); IsHoliday = h;
                int[] d = new int[n]; System.Array.Copy(Day, d, Count); Day = d;
                short[] s = new short[n]; System.Array.Copy(Start, s, Count); Start = s;
                short[] e = new short[n]; System.Array.Copy(End, e, Count); End = e;
                byte[] c = new byte[n]; System.Array.Copy(Class, c, Count); Class = c;
            }
            IsHoliday[Count] = holiday;
            Day[Count] = day;
            Start[Count] = (short)start;
            End[Count] = (short)end;
            Pend(Count, className, line);
            Count++;
        }

        // Reference slot: entries 0..Count-1, then Count.. for otherwise and unsynced (see Resolve).
        internal void Pend(int slot, string className, int line)
        {
            if (slot + 2 >= PendingName.Length)
            {
                int n = (slot + 3) * 2;
                string[] names = new string[n]; System.Array.Copy(PendingName, names, PendingName.Length); PendingName = names;
                int[] lines = new int[n]; System.Array.Copy(PendingLine, lines, PendingLine.Length); PendingLine = lines;
            }
            PendingName[slot] = className;
            PendingLine[slot] = line;
        }

        internal string OtherwiseName;
        internal int OtherwiseLine;
        internal string UnsyncedName;
        internal int UnsyncedLine;

        /// <summary>Resolves the class names against <paramref name="set"/>; the error names the first
        /// line that names a class the text does not define (null when fine).</summary>
        internal string Resolve(RuleSet set)
        {
            string error = null;
            int worst = int.MaxValue;
            for (int i = 0; i < Count; i++)
            {
                int c = NamedClass(set, PendingName[i]);
                if (c < 0) { if (PendingLine[i] < worst) { worst = PendingLine[i]; error = Undefined(PendingLine[i], PendingName[i]); } }
                else Class[i] = (byte)c;
            }
            if (OtherwiseGiven)
            {
                Otherwise = NamedClass(set, OtherwiseName);
                if (Otherwise < 0 && OtherwiseLine < worst) { worst = OtherwiseLine; error = Undefined(OtherwiseLine, OtherwiseName); }
            }
            if (UnsyncedGiven)
            {
                Unsynced = NamedClass(set, UnsyncedName);
                if (Unsynced < 0 && UnsyncedLine < worst) { worst = UnsyncedLine; error = Undefined(UnsyncedLine, UnsyncedName); }
            }
            if (error != null) return error;
            if (HasTimes && OffsetLine == 0)
                return "line " + FirstTimeLine() + ": schedules need a 'timezone' line (e.g. timezone +08:00)";
            PendingName = null;
            PendingLine = null;
            return null;
        }

        private int FirstTimeLine()
        {
            int first = OtherwiseGiven ? OtherwiseLine : int.MaxValue;
            for (int i = 0; i < Count; i++) if (PendingLine[i] < first) first = PendingLine[i];
            return first;
        }

        private static int NamedClass(RuleSet set, string name)
        {
            return set.HasNamedClasses ? set.IndexOfClass(name) : -1;
        }

        private static string Undefined(int line, string name)
        {
            return "line " + line + ": class '" + name + "' is not defined by a 'class' line";
        }

        /// <summary>Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.</summary>
        /// <remarks>H. Hinnant's days_from_civil, which needs no tables and no library date type.</remarks>
        public static int DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yoe = y - era * 400;
            int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
            int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468;
        }

        /// <summary>Days in <paramref name="month"/> of <paramref name="year"/> (Gregorian).</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }
    }
}
