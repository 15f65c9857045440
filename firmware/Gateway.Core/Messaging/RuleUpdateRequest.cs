using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>A rule set pushed by the backend on <c>&lt;prefix&gt;/&lt;box&gt;/rules/set</c>,
    /// parsed strictly from untrusted bytes.</summary>
    /// <remarks>
    /// Payload (docs/schemas/rules-set.schema.json): a JSON object with exactly
    /// <c>version</c> (1-64 printable ASCII characters), <c>format</c> (<c>"text"</c> or
    /// <c>"image"</c>) and either <c>rules</c> (the rule text, for text) or <c>image</c>
    /// (canonical base64 of a compiled image). Any other field, a duplicate, a wrong type or
    /// a payload over the size limit is refused with the reason.
    /// </remarks>
    public sealed class RuleUpdateRequest
    {
        /// <summary>Default payload size limit, sized for the ~111 KiB managed heap of an ESP32 without PSRAM.</summary>
        /// <remarks>
        /// An applied image update holds the payload, the decoded image (3/4 of it) and the new and old
        /// tries (about the image size each) at once, and the MQTT client has held the message twice
        /// before the box sees it (the broker's max_packet_size 12288 bounds that). Rehearsed on
        /// nanoCLR, an 8.7 KB update over a 7 KB set needs a 60 KiB heap in a bare program, a 16 KB one
        /// 92 KiB: too close to 111 KiB once the application is there. docs/mqtt.md, "Size limits".
        /// </remarks>
        public const int DefaultMaxPayloadBytes = 8 * 1024;

        /// <summary>Longest version string accepted: what a rule image can carry.</summary>
        public const int MaxVersionLength = Gateway.Core.Rules.RuleImage.MaxVersionLength;

        // Objects only at the top; nothing nests.
        private const int MaxDepth = 2;

        public string Version;
        public bool IsImage;
        /// <summary>Rule text (UTF-8) or the decoded image; null for a manifest.</summary>
        public byte[] Body;

        /// <summary>Format "chunked": the message is a transfer's manifest (<see cref="Manifest"/>), the set follows on rules/chunk.</summary>
        public bool IsManifest;
        /// <summary>The announced transfer, when <see cref="IsManifest"/>.</summary>
        public RuleManifest Manifest;

        /// <summary>Parses <c>payload</c>; returns null and the reason when it is refused.</summary>
        public static RuleUpdateRequest Parse(byte[] payload, int maxPayloadBytes, out string reason)
        {
            reason = null;
            if (payload == null || payload.Length == 0)
            {
                reason = "empty payload";
                return null;
            }
            if (payload.Length > maxPayloadBytes)
            {
                reason = "payload is " + payload.Length + " bytes, limit " + maxPayloadBytes;
                return null;
            }
            JsonReader r = new JsonReader(payload, 0, payload.Length, MaxDepth);
            if (r.Read() != JsonToken.StartObject)
            {
                reason = r.Token == JsonToken.Error ? "not JSON: " + r.Error : "payload is not a JSON object";
                return null;
            }
            string version = null;
            string format = null;
            long[] numbers = new long[RuleManifest.FieldCount];
            bool[] seenNumber = new bool[RuleManifest.FieldCount];
            bool seenRules = false, seenImage = false;
            byte[] rulesText = null;
            int imageStart = -1, imageLength = 0;
            bool imageEscaped = false;
            byte[] imageEscapedBytes = null;
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndObject) break;
                if (t == JsonToken.Error)
                {
                    reason = "not JSON: " + r.Error;
                    return null;
                }
                // t is PropertyName
                string field;
                if (r.ValueEquals("version")) field = "version";
                else if (r.ValueEquals("format")) field = "format";
                else if (r.ValueEquals("rules")) field = "rules";
                else if (r.ValueEquals("image")) field = "image";
                else
                {
                    field = RuleManifest.FieldName(r);
                    if (field == null)
                    {
                        reason = "unknown field \"" + Printable(r.GetString()) + "\"";
                        return null;
                    }
                }
                JsonToken v = r.Read();
                if (v == JsonToken.Error)
                {
                    reason = "not JSON: " + r.Error;
                    return null;
                }
                int number = RuleManifest.FieldIndex(field);
                if (number >= 0)
                {
                    if (seenNumber[number]) { reason = "duplicate field \"" + field + "\""; return null; }
                    seenNumber[number] = true;
                    long n;
                    if (v != JsonToken.Number || !r.TryGetInt64(out n) || n < 0 || n > RuleManifest.FieldMax(number))
                    {
                        reason = "field \"" + field + "\" must be an integer from 0 to " + RuleManifest.FieldMax(number);
                        return null;
                    }
                    numbers[number] = n;
                    continue;
                }
                if (v != JsonToken.String)
                {
                    reason = "field \"" + field + "\" must be a string";
                    return null;
                }
                if (field == "version")
                {
                    if (version != null) { reason = "duplicate field \"version\""; return null; }
                    version = r.GetString();
                }
                else if (field == "format")
                {
                    if (format != null) { reason = "duplicate field \"format\""; return null; }
                    if (r.ValueEquals("text")) format = "text";
                    else if (r.ValueEquals("image")) format = "image";
                    else if (r.ValueEquals("chunked")) format = "chunked";
                    else { reason = "field \"format\" must be \"text\", \"image\" or \"chunked\""; return null; }
                }
                else if (field == "rules")
                {
                    if (seenRules) { reason = "duplicate field \"rules\""; return null; }
                    seenRules = true;
                    rulesText = r.GetStringBytes();
                }
                else
                {
                    if (seenImage) { reason = "duplicate field \"image\""; return null; }
                    seenImage = true;
                    imageEscaped = r.HasEscapes;
                    if (imageEscaped) imageEscapedBytes = r.GetStringBytes();
                    else
                    {
                        imageStart = r.RawStart;
                        imageLength = r.RawLength;
                    }
                }
            }
            if (r.Read() != JsonToken.EndOfDocument)
            {
                reason = "not JSON: " + r.Error;
                return null;
            }
            if (version == null) { reason = "missing field \"version\""; return null; }
            string versionProblem = CheckVersion(version);
            if (versionProblem != null) { reason = versionProblem; return null; }
            if (format == null) { reason = "missing field \"format\""; return null; }
            RuleUpdateRequest req = new RuleUpdateRequest();
            req.Version = version;
            if (format != "chunked")
            {
                for (int i = 0; i < seenNumber.Length; i++)
                    if (seenNumber[i]) { reason = "field \"" + RuleManifest.FieldName(i) + "\" not allowed with format \"" + format + "\""; return null; }
            }
            else
            {
                if (seenRules) { reason = "field \"rules\" not allowed with format \"chunked\""; return null; }
                if (seenImage) { reason = "field \"image\" not allowed with format \"chunked\""; return null; }
                for (int i = 0; i < seenNumber.Length; i++)
                    if (!seenNumber[i]) { reason = "missing field \"" + RuleManifest.FieldName(i) + "\" (format \"chunked\")"; return null; }
                RuleManifest m = RuleManifest.From(version, numbers, out reason);
                if (m == null) return null;
                req.IsImage = true;
                req.IsManifest = true;
                req.Manifest = m;
                return req;
            }
            if (format == "text")
            {
                if (seenImage) { reason = "field \"image\" not allowed with format \"text\""; return null; }
                if (!seenRules) { reason = "missing field \"rules\" (format \"text\")"; return null; }
                req.Body = rulesText;
                return req;
            }
            if (seenRules) { reason = "field \"rules\" not allowed with format \"image\""; return null; }
            if (!seenImage) { reason = "missing field \"image\" (format \"image\")"; return null; }
            byte[] image = imageEscaped
                ? Base64.Decode(imageEscapedBytes, 0, imageEscapedBytes.Length)
                : Base64.Decode(payload, imageStart, imageLength);
            if (image == null) { reason = "field \"image\" is not valid base64"; return null; }
            req.IsImage = true;
            req.Body = image;
            return req;
        }

        /// <summary>Null when <c>version</c> is acceptable, else the reason.</summary>
        public static string CheckVersion(string version)
        {
            if (version.Length == 0) return "field \"version\" is empty";
            if (version.Length > MaxVersionLength) return "field \"version\" is longer than " + MaxVersionLength + " characters";
            for (int i = 0; i < version.Length; i++)
                if (version[i] < 0x21 || version[i] > 0x7E) return "field \"version\" must be printable ASCII without spaces";
            return null;
        }

        // Field names from the network are echoed in reasons: keep them short and printable.
        private static string Printable(string s)
        {
            int n = s.Length < 32 ? s.Length : 32;
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\' ? s[i] : '?';
            return new string(c) + (s.Length > 32 ? "..." : "");
        }
    }
}
