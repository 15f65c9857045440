using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>The subset of JSON Schema (draft-07) that docs/schemas uses: type, required,
    /// properties, additionalProperties false, enum, const, oneOf, pattern, minLength, maxLength,
    /// minimum, maximum, format date-time, $ref to a sibling file. Returns the first violation.</summary>
    internal static class MiniSchema
    {
        [ThreadStatic] private static JsonElement s_root;

        public static string Validate(string schemaPath, string json)
        {
            using (JsonDocument schema = JsonDocument.Parse(File.ReadAllText(schemaPath)))
            using (JsonDocument doc = JsonDocument.Parse(json))
            {
                s_root = schema.RootElement;
                return Check(schema.RootElement, doc.RootElement, "$", Path.GetDirectoryName(schemaPath));
            }
        }

        private static string Check(JsonElement s, JsonElement v, string at, string dir)
        {
            if (s.TryGetProperty("$ref", out JsonElement r) && r.GetString().StartsWith("#/definitions/"))
                return Check(s_root.GetProperty("definitions").GetProperty(r.GetString().Substring(14)), v, at, dir);
            if (s.TryGetProperty("$ref", out r))
            {
                using (JsonDocument other = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, r.GetString()))))
                    return Check(other.RootElement, v, at, dir);
            }
            if (s.TryGetProperty("oneOf", out JsonElement oneOf))
            {
                int matches = 0;
                string last = null;
                foreach (JsonElement option in oneOf.EnumerateArray())
                {
                    string e = Check(option, v, at, dir);
                    if (e == null) matches++;
                    else last = e;
                }
                if (matches != 1) return at + ": matches " + matches + " of oneOf" + (last != null ? " (" + last + ")" : "");
            }
            if (s.TryGetProperty("type", out JsonElement type))
            {
                bool ok = false;
                if (type.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement t in type.EnumerateArray()) ok |= IsType(t.GetString(), v);
                }
                else ok = IsType(type.GetString(), v);
                if (!ok) return at + ": expected " + type.GetRawText() + ", got " + v.ValueKind;
            }
            if (s.TryGetProperty("const", out JsonElement c) && c.GetRawText() != v.GetRawText())
                return at + ": expected " + c.GetRawText();
            if (s.TryGetProperty("enum", out JsonElement en))
            {
                bool found = false;
                foreach (JsonElement e in en.EnumerateArray()) found |= e.GetRawText() == v.GetRawText();
                if (!found) return at + ": " + v.GetRawText() + " not in enum";
            }
            if (v.ValueKind == JsonValueKind.String)
            {
                string str = v.GetString();
                if (s.TryGetProperty("minLength", out JsonElement minL) && str.Length < minL.GetInt32()) return at + ": too short";
                if (s.TryGetProperty("maxLength", out JsonElement maxL) && str.Length > maxL.GetInt32()) return at + ": too long";
                if (s.TryGetProperty("pattern", out JsonElement p) && !Regex.IsMatch(str, p.GetString())) return at + ": does not match " + p.GetString();
                if (s.TryGetProperty("format", out JsonElement f) && f.GetString() == "date-time"
                    && !Regex.IsMatch(str, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")) return at + ": not a date-time";
            }
            if (v.ValueKind == JsonValueKind.Number)
            {
                if (s.TryGetProperty("minimum", out JsonElement min) && v.GetDouble() < min.GetDouble()) return at + ": below minimum";
                if (s.TryGetProperty("maximum", out JsonElement max) && v.GetDouble() > max.GetDouble()) return at + ": above maximum";
            }
            if (v.ValueKind == JsonValueKind.Object)
            {
                if (s.TryGetProperty("required", out JsonElement req))
                    foreach (JsonElement name in req.EnumerateArray())
                        if (!v.TryGetProperty(name.GetString(), out _)) return at + ": missing " + name.GetString();
                s.TryGetProperty("properties", out JsonElement props);
                bool closed = s.TryGetProperty("additionalProperties", out JsonElement ap) && ap.ValueKind == JsonValueKind.False;
                foreach (JsonProperty p in v.EnumerateObject())
                {
                    if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(p.Name, out JsonElement ps))
                    {
                        string e = Check(ps, p.Value, at + "." + p.Name, dir);
                        if (e != null) return e;
                    }
                    else if (closed) return at + ": unexpected field " + p.Name;
                }
            }
            return null;
        }

        private static bool IsType(string t, JsonElement v)
        {
            switch (t)
            {
                case "object": return v.ValueKind == JsonValueKind.Object;
                case "array": return v.ValueKind == JsonValueKind.Array;
                case "string": return v.ValueKind == JsonValueKind.String;
                case "boolean": return v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False;
                case "null": return v.ValueKind == JsonValueKind.Null;
                case "number": return v.ValueKind == JsonValueKind.Number;
                case "integer": return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _);
                default: throw new ArgumentException("schema type " + t + " not supported by MiniSchema");
            }
        }

        /// <summary>The repository's docs directory, found from the test binaries upwards.</summary>
        public static string DocsDir()
        {
            return Gateway.Core.Tests.Status.Support.RepoFiles.PathOf("docs");
        }
    }
}
