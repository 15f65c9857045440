namespace Gateway.Core.Messaging.Json
{
    /// <summary>Strict, bounded, forward-only JSON (RFC 8259) reader over a byte array, for
    /// untrusted payloads.</summary>
    /// <remarks>
    /// Read() allocates nothing; only the accessors that return a value (GetString,
    /// GetStringBytes) allocate that value. Refused, with the byte offset in the reason: invalid
    /// UTF-8, control characters in strings, bad escapes, lone surrogate escapes, leading zeros,
    /// trailing commas, comments, NaN/Infinity, anything after the top-level value, nesting
    /// deeper than the limit. Once an error is reported every further Read returns Error.
    /// </remarks>
    public sealed class JsonReader
    {
        /// <summary>Hard limit of the nesting stack (bits of one uint).</summary>
        public const int MaxSupportedDepth = 32;

        private readonly byte[] _b;
        private readonly int _start;
        private readonly int _end;
        private readonly int _maxDepth;
        private int _pos;
        private int _depth;
        private uint _arrayBits; // bit d set: the container at depth d+1 is an array
        private bool _started;
        private bool _needComma;  // a value ended inside a container
        private JsonToken _token;
        private int _valueStart;  // string: first byte after the quote; number/literal: first byte
        private int _valueEnd;    // string: the closing quote; number: one past the last byte
        private bool _hasEscapes;
        private bool _isInteger;

        public JsonReader(byte[] buffer, int offset, int count, int maxDepth)
        {
            if (maxDepth < 1 || maxDepth > MaxSupportedDepth) throw new System.ArgumentOutOfRangeException("maxDepth");
            _b = buffer;
            _pos = offset;
            _start = offset;
            _end = offset + count;
            _maxDepth = maxDepth;
        }

        public JsonToken Token { get { return _token; } }

        /// <summary>Why the input was refused (null until then).</summary>
        public string Error;

        /// <summary>Length in bytes of the current string's raw (still escaped) text.</summary>
        public int RawLength { get { return _valueEnd - _valueStart; } }

        /// <summary>Moves to the next token.</summary>
        public JsonToken Read()
        {
            if (_token == JsonToken.Error || _token == JsonToken.EndOfDocument) return _token;
            SkipWhitespace();
            if (!_started)
            {
                _started = true;
                if (_pos >= _end) return Fail("empty document");
                return ReadValue();
            }
            if (_depth == 0)
            {
                if (_pos < _end) return Fail("unexpected data after the end of the document");
                return _token = JsonToken.EndOfDocument;
            }
            if (_pos >= _end) return Fail("document ends inside " + (InArray ? "an array" : "an object"));
            byte c = _b[_pos];
            bool inArray = InArray;
            if (_token == JsonToken.PropertyName)
            {
                if (c != ':') return Fail("expected ':' after the field name");
                _pos++;
                SkipWhitespace();
                if (_pos >= _end) return Fail("document ends before a value");
                return ReadValue();
            }
            if (c == (inArray ? ']' : '}'))
            {
                if (_token == JsonToken.StartArray || _token == JsonToken.StartObject || _needComma)
                {
                    _pos++;
                    _depth--;
                    _needComma = _depth > 0;
                    return _token = inArray ? JsonToken.EndArray : JsonToken.EndObject;
                }
            }
            if (_needComma)
            {
                if (c != ',') return Fail(inArray ? "expected ',' or ']'" : "expected ',' or '}'");
                _pos++;
                SkipWhitespace();
                if (_pos >= _end) return Fail("document ends after ','");
                c = _b[_pos];
                if (c == ']' || c == '}') return Fail("trailing comma");
            }
            if (inArray) return ReadValue();
            if (c != '"') return Fail("expected a field name in quotes");
            if (!ScanString()) return JsonToken.Error;
            _needComma = false;
            return _token = JsonToken.PropertyName;
        }

        /// <summary>Skips the value that starts at the current token (a whole object or array when
        /// the token starts one); the next Read continues after it. False on error.</summary>
        public bool SkipValue()
        {
            if (_token == JsonToken.PropertyName) Read();
            if (_token != JsonToken.StartObject && _token != JsonToken.StartArray) return _token != JsonToken.Error;
            int target = _depth - 1;
            while (_depth > target)
            {
                if (Read() == JsonToken.Error) return false;
            }
            return true;
        }

        /// <summary>True when the current string or field name equals <c>ascii</c> (no allocation;
        /// an escaped spelling never matches).</summary>
        public bool ValueEquals(string ascii)
        {
            if (_hasEscapes || ascii.Length != _valueEnd - _valueStart) return false;
            for (int i = 0; i < ascii.Length; i++)
                if (_b[_valueStart + i] != ascii[i]) return false;
            return true;
        }

        /// <summary>The current integer number; false for fractions, exponents or out of range.</summary>
        public bool TryGetInt64(out long value)
        {
            value = 0;
            if (_token != JsonToken.Number || !_isInteger) return false;
            int i = _valueStart;
            bool negative = _b[i] == '-';
            if (negative) i++;
            long v = 0;
            for (; i < _valueEnd; i++)
            {
                int d = _b[i] - '0';
                // Accumulate negatively so that long.MinValue is reachable.
                if (v < (long.MinValue + d) / 10) return false;
                v = v * 10 - d;
            }
            if (!negative)
            {
                if (v == long.MinValue) return false;
                v = -v;
            }
            value = v;
            return true;
        }

        /// <summary>The current string or field name, unescaped.</summary>
        public string GetString()
        {
            if (!_hasEscapes) return Utf8.GetString(_b, _valueStart, _valueEnd - _valueStart);
            char[] chars = new char[_valueEnd - _valueStart];
            int n = 0;
            int i = _valueStart;
            while (i < _valueEnd)
            {
                byte c = _b[i];
                if (c == '\\')
                {
                    int cp = UnescapeChecked(ref i);
                    n = Utf8.WriteUtf16(cp, chars, n);
                }
                else
                {
                    int cp;
                    int len = Utf8.SequenceLength(_b, i, _valueEnd, out cp);
                    i += len;
                    n = Utf8.WriteUtf16(cp, chars, n);
                }
            }
            return new string(chars, 0, n);
        }

        /// <summary>The current string, unescaped, as UTF-8 bytes.</summary>
        public byte[] GetStringBytes()
        {
            int count = 0;
            int i = _valueStart;
            while (i < _valueEnd)
            {
                if (_b[i] == '\\') count += Utf8.CodePointLength(UnescapeChecked(ref i));
                else { count++; i++; }
            }
            byte[] result = new byte[count];
            int n = 0;
            i = _valueStart;
            while (i < _valueEnd)
            {
                if (_b[i] == '\\') n = Utf8.WriteCodePoint(UnescapeChecked(ref i), result, n);
                else result[n++] = _b[i++];
            }
            return result;
        }

        /// <summary>Offset of the current string's raw (still escaped) bytes inside the input buffer,
        /// so that a base64 body can be decoded in place when <see cref="HasEscapes"/> is false.</summary>
        public int RawStart { get { return _valueStart; } }

        /// <summary>True when the current string contains backslash escapes.</summary>
        public bool HasEscapes { get { return _hasEscapes; } }

        private bool InArray { get { return (_arrayBits & (1u << (_depth - 1))) != 0; } }

        private JsonToken ReadValue()
        {
            byte c = _b[_pos];
            _needComma = _depth > 0;
            if (c == '{' || c == '[')
            {
                if (_depth >= _maxDepth) return Fail("nesting deeper than " + _maxDepth);
                _pos++;
                if (c == '[') _arrayBits |= 1u << _depth;
                else _arrayBits &= ~(1u << _depth);
                _depth++;
                _needComma = false;
                return _token = c == '[' ? JsonToken.StartArray : JsonToken.StartObject;
            }
            if (c == '"')
            {
                if (!ScanString()) return JsonToken.Error;
                _needComma = _depth > 0;
                return _token = JsonToken.String;
            }
            if (c == '-' || (c >= '0' && c <= '9')) return ScanNumber();
            if (Literal("true")) return _token = JsonToken.True;
            if (Literal("false")) return _token = JsonToken.False;
            if (Literal("null")) return _token = JsonToken.Null;
            return Fail("unexpected " + Describe(c));
        }

        private bool Literal(string word)
        {
            if (_end - _pos < word.Length) return false;
            for (int i = 0; i < word.Length; i++)
                if (_b[_pos + i] != word[i]) return false;
            _pos += word.Length;
            _needComma = _depth > 0;
            return true;
        }

        private JsonToken ScanNumber()
        {
            int start = _pos;
            int i = _pos;
            if (_b[i] == '-') i++;
            if (i >= _end || _b[i] < '0' || _b[i] > '9') return FailAt(i, "a digit must follow '-'");
            if (_b[i] == '0')
            {
                i++;
                if (i < _end && _b[i] >= '0' && _b[i] <= '9') return FailAt(i, "leading zero in a number");
            }
            else
            {
                while (i < _end && _b[i] >= '0' && _b[i] <= '9') i++;
            }
            bool integer = true;
            if (i < _end && _b[i] == '.')
            {
                integer = false;
                i++;
                if (i >= _end || _b[i] < '0' || _b[i] > '9') return FailAt(i, "a digit must follow '.'");
                while (i < _end && _b[i] >= '0' && _b[i] <= '9') i++;
            }
            if (i < _end && (_b[i] == 'e' || _b[i] == 'E'))
            {
                integer = false;
                i++;
                if (i < _end && (_b[i] == '+' || _b[i] == '-')) i++;
                if (i >= _end || _b[i] < '0' || _b[i] > '9') return FailAt(i, "a digit must follow the exponent");
                while (i < _end && _b[i] >= '0' && _b[i] <= '9') i++;
            }
            _valueStart = start;
            _valueEnd = i;
            _isInteger = integer;
            _pos = i;
            _needComma = _depth > 0;
            return _token = JsonToken.Number;
        }

        // Validates the string at _pos (an opening quote) and moves past its closing quote.
        private bool ScanString()
        {
            int i = _pos + 1;
            _valueStart = i;
            _hasEscapes = false;
            while (true)
            {
                if (i >= _end)
                {
                    FailAt(i, "string not closed");
                    return false;
                }
                byte c = _b[i];
                if (c == '"') break;
                if (c < 0x20)
                {
                    FailAt(i, "control character in a string");
                    return false;
                }
                if (c == '\\')
                {
                    _hasEscapes = true;
                    int at = i;
                    int cp = UnescapeChecked(ref i);
                    if (cp < 0)
                    {
                        FailAt(at, "invalid escape in a string");
                        return false;
                    }
                    continue;
                }
                if (c < 0x80)
                {
                    i++;
                    continue;
                }
                int ignored;
                int len = Utf8.SequenceLength(_b, i, _end, out ignored);
                if (len == 0)
                {
                    FailAt(i, "invalid UTF-8");
                    return false;
                }
                i += len;
            }
            _valueEnd = i;
            _pos = i + 1;
            return true;
        }

        // Decodes the escape at i (a backslash), moving i past it; -1 when invalid.
        private int UnescapeChecked(ref int i)
        {
            if (i + 1 >= _end) return -1;
            byte e = _b[i + 1];
            int cp;
            switch (e)
            {
                case (byte)'"': cp = '"'; break;
                case (byte)'\\': cp = '\\'; break;
                case (byte)'/': cp = '/'; break;
                case (byte)'b': cp = 8; break;
                case (byte)'f': cp = 12; break;
                case (byte)'n': cp = 10; break;
                case (byte)'r': cp = 13; break;
                case (byte)'t': cp = 9; break;
                case (byte)'u':
                    cp = Hex4(i + 2);
                    if (cp < 0) return -1;
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return -1; // lone low surrogate
                    if (cp >= 0xD800 && cp <= 0xDBFF)
                    {
                        if (i + 12 > _end) return -1;
                        if (_b[i + 6] != '\\' || _b[i + 7] != 'u') return -1;
                        int lo = Hex4(i + 8);
                        if (lo < 0xDC00 || lo > 0xDFFF) return -1;
                        i += 12;
                        return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    i += 6;
                    return cp;
                default: return -1;
            }
            i += 2;
            return cp;
        }

        private int Hex4(int at)
        {
            if (at + 4 > _end) return -1;
            int v = 0;
            for (int k = 0; k < 4; k++)
            {
                int c = _b[at + k];
                int d;
                if (c >= '0' && c <= '9') d = c - '0';
                else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
                else return -1;
                v = (v << 4) | d;
            }
            return v;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte c = _b[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                _pos++;
            }
        }

        private JsonToken Fail(string reason)
        {
            return FailAt(_pos, reason);
        }

        private JsonToken FailAt(int at, string reason)
        {
            Error = reason + " at byte " + (at - _start);
            return _token = JsonToken.Error;
        }

        private static string Describe(byte c)
        {
            if (c >= 0x21 && c < 0x7F) return "'" + (char)c + "'";
            return "byte 0x" + ((int)c).ToString("X2");
        }
    }
}
