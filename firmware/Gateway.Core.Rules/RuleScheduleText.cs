namespace Gateway.Core.Rules
{
    /// <summary>Reads the schedule statements of rule text: `timezone`, `schedule`, `holiday`, `otherwise`, `unsynced` (docs/rules.md).</summary>
    internal static class RuleScheduleText
    {
        private static readonly string[] DayNames = new string[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

        public static bool IsStatement(byte[] t, int start, int end)
        {
            return RuleTextParser.Is(t, start, end, "timezone") || RuleTextParser.Is(t, start, end, "schedule")
                || RuleTextParser.Is(t, start, end, "holiday") || RuleTextParser.Is(t, start, end, "otherwise")
                || RuleTextParser.Is(t, start, end, "unsynced");
        }

        /// <summary>Parses one statement line; returns the error (naming the line) or null.</summary>
        public static string Parse(byte[] t, int wordStart, int wordEnd, int stop, int line, RuleSet set)
        {
            // Up to four words after the keyword; a # after white space starts a comment.
            int[] from = new int[5], to = new int[5];
            int words = 0, pos = wordEnd;
            while (true)
            {
                while (pos < stop && (t[pos] == (byte)' ' || t[pos] == (byte)'\t')) pos++;
                if (pos >= stop || t[pos] == (byte)'#') break;
                if (words == 5) break;
                from[words] = pos;
                while (pos < stop && t[pos] != (byte)' ' && t[pos] != (byte)'\t') pos++;
                to[words++] = pos;
            }
            RuleSchedule s = set.Schedule;
            if (s == null) s = set.Schedule = new RuleSchedule();
            string keyword = ShownText.Of(t, wordStart, wordEnd);
            if (RuleTextParser.Is(t, wordStart, wordEnd, "timezone"))
            {
                if (words != 1) return Usage(line, "timezone +HH:MM");
                if (s.OffsetLine != 0) return "line " + line + ": a second 'timezone' line (first on line " + s.OffsetLine + ")";
                int offset = Offset(t, from[0], to[0]);
                if (offset == int.MinValue)
                    return "line " + line + ": bad time zone '" + ShownText.Of(t, from[0], to[0]) + "' (expected +HH:MM or -HH:MM, -12:00 to +14:00)";
                s.OffsetMinutes = offset;
                s.OffsetLine = line;
                return null;
            }
            if (RuleTextParser.Is(t, wordStart, wordEnd, "otherwise") || RuleTextParser.Is(t, wordStart, wordEnd, "unsynced"))
            {
                bool otherwise = t[wordStart] == (byte)'o';
                if (words != 1) return Usage(line, keyword + " CLASS");
                int first = otherwise ? s.OtherwiseLine : s.UnsyncedLine;
                if (first != 0) return "line " + line + ": a second '" + keyword + "' line (first on line " + first + ")";
                string name = Text(t, from[0], to[0]);
                if (otherwise) { s.OtherwiseGiven = true; s.OtherwiseName = name; s.OtherwiseLine = line; }
                else { s.UnsyncedGiven = true; s.UnsyncedName = name; s.UnsyncedLine = line; }
                return null;
            }
            if (s.Count == RuleSchedule.MaxEntries)
                return "line " + line + ": more than " + RuleSchedule.MaxEntries + " schedule and holiday lines";
            if (RuleTextParser.Is(t, wordStart, wordEnd, "schedule"))
            {
                if (words != 3) return Usage(line, "schedule DAYS HH:MM-HH:MM CLASS");
                int days = Days(t, from[0], to[0]);
                if (days <= 0)
                    return "line " + line + ": bad days '" + ShownText.Of(t, from[0], to[0]) + "' (mon tue wed thu fri sat sun, a range like mon-fri, a list like mon,wed)";
                int start, end;
                if (!Hours(t, from[1], to[1], out start, out end)) return BadHours(t, from[1], to[1], line);
                s.Add(false, days, start, end, Text(t, from[2], to[2]), line);
                return null;
            }
            // holiday YYYY-MM-DD [HH:MM-HH:MM] CLASS
            if (words != 2 && words != 3) return Usage(line, "holiday YYYY-MM-DD [HH:MM-HH:MM] CLASS");
            int date = Date(t, from[0], to[0]);
            if (date == int.MinValue)
                return "line " + line + ": bad date '" + ShownText.Of(t, from[0], to[0]) + "' (YYYY-MM-DD, 2000 to 2099)";
            int hStart = 0, hEnd = RuleSchedule.DayMinutes;
            if (words == 3 && !Hours(t, from[1], to[1], out hStart, out hEnd)) return BadHours(t, from[1], to[1], line);
            s.Add(true, date, hStart, hEnd, Text(t, from[words - 1], to[words - 1]), line);
            return null;
        }

        private static string Usage(int line, string form)
        {
            return "line " + line + ": expected '" + form + "'";
        }

        private static string BadHours(byte[] t, int start, int end, int line)
        {
            return "line " + line + ": bad hours '" + ShownText.Of(t, start, end) + "' (HH:MM-HH:MM, start before end, 00:00 to 24:00)";
        }

        private static string Text(byte[] t, int start, int end)
        {
            char[] chars = new char[end - start];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)t[start + i];
            return new string(chars);
        }

        private static int Digits(byte[] t, int start, int count)
        {
            int v = 0;
            for (int i = start; i < start + count; i++)
            {
                int d = t[i] - (byte)'0';
                if (d < 0 || d > 9) return -1;
                v = v * 10 + d;
            }
            return v;
        }

        // HH:MM at start, as minutes (24:00 allowed), or -1.
        private static int Clock(byte[] t, int start, int end)
        {
            if (end - start != 5 || t[start + 2] != (byte)':') return -1;
            int h = Digits(t, start, 2), m = Digits(t, start + 3, 2);
            if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
            return h * 60 + m;
        }

        private static bool Hours(byte[] t, int start, int end, out int from, out int to)
        {
            from = to = -1;
            if (end - start != 11 || t[start + 5] != (byte)'-') return false;
            from = Clock(t, start, start + 5);
            to = Clock(t, start + 6, end);
            return from >= 0 && to > from;
        }

        private static int Offset(byte[] t, int start, int end)
        {
            if (end - start != 6 || (t[start] != (byte)'+' && t[start] != (byte)'-')) return int.MinValue;
            int minutes = Clock(t, start + 1, end);
            if (minutes < 0) return int.MinValue;
            if (t[start] == (byte)'-') minutes = -minutes;
            return minutes < -12 * 60 || minutes > 14 * 60 ? int.MinValue : minutes;
        }

        private static int Date(byte[] t, int start, int end)
        {
            if (end - start != 10 || t[start + 4] != (byte)'-' || t[start + 7] != (byte)'-') return int.MinValue;
            int y = Digits(t, start, 4), m = Digits(t, start + 5, 2), d = Digits(t, start + 8, 2);
            if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > RuleSchedule.DaysInMonth(y, m)) return int.MinValue;
            return RuleSchedule.DaysFromCivil(y, m, d);
        }

        private static int DayIndex(byte[] t, int start, int end)
        {
            for (int i = 0; i < DayNames.Length; i++)
                if (RuleTextParser.Is(t, start, end, DayNames[i])) return i;
            return -1;
        }

        // mon,wed,fri-sun as a mask (bit 0 Monday), or -1.
        private static int Days(byte[] t, int start, int end)
        {
            int mask = 0, i = start;
            while (i < end)
            {
                int comma = i;
                while (comma < end && t[comma] != (byte)',') comma++;
                int dash = i;
                while (dash < comma && t[dash] != (byte)'-') dash++;
                int a = DayIndex(t, i, dash);
                if (a < 0) return -1;
                int b = dash < comma ? DayIndex(t, dash + 1, comma) : a;
                if (b < 0) return -1;
                for (int d = a; ; d = (d + 1) % 7)
                {
                    mask |= 1 << d;
                    if (d == b) break;
                }
                if (comma == end) break;
                i = comma + 1;
                if (i == end) return -1;
            }
            return mask;
        }
    }
}
