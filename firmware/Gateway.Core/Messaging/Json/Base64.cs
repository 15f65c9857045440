namespace Gateway.Core.Messaging.Json
{
    /// <summary>Strict base64 (RFC 4648 section 4, with padding) decoding straight from payload
    /// bytes, so a large image is never held as a UTF-16 string first.</summary>
    public static class Base64
    {
        /// <summary>Decoded bytes, or null when the text is not canonical padded base64 (wrong
        /// length, foreign characters, misplaced padding or non-zero padding bits).</summary>
        public static byte[] Decode(byte[] text, int index, int count)
        {
            if (count % 4 != 0) return null;
            if (count == 0) return new byte[0];
            int pad = 0;
            if (text[index + count - 1] == '=') pad++;
            if (text[index + count - 2] == '=') pad++;
            byte[] result = new byte[count / 4 * 3 - pad];
            int n = 0;
            for (int i = 0; i < count; i += 4)
            {
                bool last = i + 4 == count;
                int a = Value(text[index + i]);
                int b = Value(text[index + i + 1]);
                int c = last && pad == 2 ? 0 : Value(text[index + i + 2]);
                int d = last && pad >= 1 ? 0 : Value(text[index + i + 3]);
                if (a < 0 || b < 0 || c < 0 || d < 0) return null;
                int v = (a << 18) | (b << 12) | (c << 6) | d;
                result[n++] = (byte)(v >> 16);
                if (!last || pad < 2) result[n++] = (byte)(v >> 8);
                else if ((v & 0xFFFF) != 0) return null;
                if (!last || pad < 1) result[n++] = (byte)v;
                else if (pad == 1 && (v & 0xFF) != 0) return null;
            }
            return result;
        }

        private static int Value(byte c)
        {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        }
    }
}
