using System.Text.Json.Nodes;
using Json.Schema;

namespace Gateway.Integration.Tests.Support;

/// <summary>The payload schemas the messaging contract ships in docs/schemas/.</summary>
public static class Schemas
{
    static readonly Dictionary<string, JsonSchema> Loaded = new();

    /// <summary>The schema docs/schemas/<paramref name="file"/>, failing clearly when it is missing.</summary>
    public static JsonSchema Get(string file)
    {
        lock (Loaded)
        {
            if (Loaded.TryGetValue(file, out JsonSchema? s))
                return s;
            string path = Path.Combine(Repo.Root, "docs", "schemas", file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"schema {path} is missing (docs/schemas has: {string.Join(", ", Directory.Exists(Path.GetDirectoryName(path)) ? Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName) : ["nothing"])})");
            return Loaded[file] = JsonSchema.FromText(File.ReadAllText(path));
        }
    }

    /// <summary>Null when <paramref name="json"/> satisfies the schema, else the first errors.</summary>
    public static string? Problems(string file, string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            return "not JSON: " + e.Message;
        }
        EvaluationResults result = Get(file).Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
            return null;
        return string.Join("; ", result.Details.Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5));
    }
}
