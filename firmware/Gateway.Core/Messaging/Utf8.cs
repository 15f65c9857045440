namespace Gateway.Core.Messaging
{
    /// <summary>Strict UTF-8 conversion (the nanoFramework mscorlib has no System.Text.Encoding).</summary>
    public static class Utf8
    {
        /// <summary>Bytes needed to encode <c>s</c>; unpaired surrogates count as U+FFFD.</summary>
        public static int ByteCount(string s)
        {
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                int c = CodePointAt(s, i);
                if (c > 0xFFFF) i++;
                n += CodePointLength(c);
            }
            return n;
        }

        public static byte[] GetBytes(string s)
        {
            byte[] b = new byte[ByteCount(s)];
            Write(s, b, 0);
            return b;
        }

        /// <summary>Encodes <c>s</c> at <c>index</c>; returns the index after the last byte written.</summary>
        public static int Write(string s, byte[] buffer, int index)
        {
            for (int i = 0; i < s.Length; i++)
            {
                int c = CodePointAt(s, i);
                if (c > 0xFFFF) i++;
                index = WriteCodePoint(c, buffer, index);
            }
            return index;
        }

        /// <summary>The code point starting at UTF-16 index <paramref name="i"/> of <paramref name="s"/>:
        /// a surrogate pair is combined (above U+FFFF: the caller skips the second unit), an unpaired
        /// surrogate becomes U+FFFD.</summary>
        public static int CodePointAt(string s, int i)
        {
            char c = s[i];
            if (c < 0xD800 || c > 0xDBFF || i + 1 >= s.Length) return CodePointAt(c, -1);
            // Not s[i + 1]: nanoCLR's String indexer returns the high surrogate again for the low half
            // of a pair, while ToCharArray decodes the pair whole (docs/nanoframework.md, "Found on
            // nanoCLR"). Only text above U+FFFF pays for the two-char array.
            char[] pair = s.ToCharArray(i, 2);
            return CodePointAt(pair[0], pair[1]);
        }

        /// <summary>The code point starting at UTF-16 unit <paramref name="c"/>, given the unit after
        /// it (-1 at the end): a surrogate pair is combined (above U+FFFF: the caller skips the
        /// second unit), an unpaired surrogate becomes U+FFFD.</summary>
        public static int CodePointAt(char c, int next)
        {
            if (c < 0xD800 || c > 0xDFFF) return c;
            if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) return 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
            return 0xFFFD;
        }

        /// <summary>Bytes UTF-8 needs for one code point (1-4).</summary>
        public static int CodePointLength(int codePoint)
        {
            return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
        }

        /// <summary>Encodes one code point at <c>index</c> (room for <see cref="CodePointLength"/>
        /// bytes is the caller's); returns the index after the last byte written.</summary>
        public static int WriteCodePoint(int c, byte[] buffer, int index)
        {
            if (c < 0x80) buffer[index++] = (byte)c;
            else if (c < 0x800)
            {
                buffer[index++] = (byte)(0xC0 | (c >> 6));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c < 0x10000)
            {
                buffer[index++] = (byte)(0xE0 | (c >> 12));
                buffer[index++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                buffer[index++] = (byte)(0xF0 | (c >> 18));
                buffer[index++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                buffer[index++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            return index;
        }

        /// <summary>Stores one code point as UTF-16 (a surrogate pair above U+FFFF, U+FFFD for
        /// U+0000); returns the index after the last char written.</summary>
        public static int WriteUtf16(int codePoint, char[] chars, int n)
        {
            // A nanoCLR string ends at its first NUL (docs/nanoframework.md, "Found on nanoCLR"): text
            // decoded from a payload would be cut short there but not on .NET, so both replace it.
            if (codePoint == 0) codePoint = 0xFFFD;
            if (codePoint < 0x10000)
            {
                chars[n++] = (char)codePoint;
                return n;
            }
            codePoint -= 0x10000;
            chars[n++] = (char)(0xD800 + (codePoint >> 10));
            chars[n++] = (char)(0xDC00 + (codePoint & 0x3FF));
            return n;
        }

        /// <summary>Length of the well-formed UTF-8 sequence starting at <c>index</c> (1-4), or 0
        /// when it is malformed, overlong, a surrogate, above U+10FFFF or cut by <c>end</c>.</summary>
        public static int SequenceLength(byte[] b, int index, int end, out int codePoint)
        {
            int b0 = b[index];
            codePoint = -1;
            if (b0 < 0x80) { codePoint = b0; return 1; }
            int n; int min;
            if ((b0 & 0xE0) == 0xC0) { n = 2; codePoint = b0 & 0x1F; min = 0x80; }
            else if ((b0 & 0xF0) == 0xE0) { n = 3; codePoint = b0 & 0x0F; min = 0x800; }
            else if ((b0 & 0xF8) == 0xF0) { n = 4; codePoint = b0 & 0x07; min = 0x10000; }
            else return 0;
            if (index + n > end) return 0;
            for (int k = 1; k < n; k++)
            {
                int bk = b[index + k];
                if ((bk & 0xC0) != 0x80) return 0;
                codePoint = (codePoint << 6) | (bk & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return 0;
            return n;
        }

        /// <summary>Decodes well-formed UTF-8; returns null when any byte sequence is malformed.</summary>
        public static string GetString(byte[] b, int index, int count)
        {
            char[] chars = new char[count];
            int n = 0;
            int end = index + count;
            while (index < end)
            {
                int cp;
                int len = SequenceLength(b, index, end, out cp);
                if (len == 0) return null;
                index += len;
                n = WriteUtf16(cp, chars, n);
            }
            return new string(chars, 0, n);
        }
    }
}
