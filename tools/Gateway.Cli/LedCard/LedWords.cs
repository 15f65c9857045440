using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Core.Status;

namespace Gateway.Cli.LedCard;

/// <summary>The plain words of the LED legend per language (led-words.json, embedded): the one
/// source of the LED card and of the tables in docs/&lt;lang&gt;/leds.md.</summary>
public sealed class LedWords
{
    /// <summary>States in the order a person meets them by what they see (green first, then red).</summary>
    [JsonPropertyName("order")] public required string[] Order { get; init; }
    [JsonPropertyName("languages")] public required Dictionary<string, LedLanguage> Languages { get; init; }

    static readonly Lazy<LedWords> loaded = new(Load);

    /// <summary>The embedded words, read once.</summary>
    public static LedWords All => loaded.Value;

    /// <summary>The language codes, as the docs' folder names ("en", "zh-CN").</summary>
    public IEnumerable<string> LanguageCodes => Languages.Keys;

    /// <summary>The firmware's rows in <see cref="Order"/>.</summary>
    public IEnumerable<StatusRow> RowsInOrder()
    {
        foreach (string name in Order)
            yield return StatusTable.Rows.FirstOrDefault(r => r.Name == name)
                ?? throw new InvalidOperationException($"led-words.json orders a state the firmware does not have: '{name}'");
    }

    public LedLanguage Language(string code) =>
        Languages.TryGetValue(code, out LedLanguage? l) ? l
        : throw new UsageException($"no LED words for language '{code}' (have: {string.Join(", ", Languages.Keys)})");

    static LedWords Load()
    {
        using Stream s = typeof(LedWords).Assembly.GetManifestResourceStream("Gateway.Cli.LedCard.led-words.json")
            ?? throw new InvalidOperationException("led-words.json is not embedded");
        return JsonSerializer.Deserialize<LedWords>(s) ?? throw new InvalidOperationException("led-words.json is empty");
    }
}

/// <summary>One language's words.</summary>
public sealed class LedLanguage
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>CSS font-family list for the card: a font with this language's glyphs first.</summary>
    [JsonPropertyName("fonts")] public required string Fonts { get; init; }
    /// <summary>Between the LEDs' phrases in "what you see".</summary>
    [JsonPropertyName("joiner")] public required string Joiner { get; init; }
    /// <summary>How a light and its pattern combine: "{colour} {pattern}" (English), "{colour}{pattern}" (Chinese).</summary>
    [JsonPropertyName("light")] public required string LightFormat { get; init; }
    /// <summary>"green"/"yellow"/"red" (the BOM's colour words) to this language's name of the light.</summary>
    [JsonPropertyName("colours")] public required Dictionary<string, string> Colours { get; init; }
    [JsonPropertyName("roles")] public required Dictionary<string, string> Roles { get; init; }
    /// <summary><see cref="LedPattern.Name"/> to plain words.</summary>
    [JsonPropertyName("patterns")] public required Dictionary<string, string> Patterns { get; init; }
    [JsonPropertyName("labels")] public required Dictionary<string, string> Labels { get; init; }
    [JsonPropertyName("states")] public required Dictionary<string, StateWords> States { get; init; }
    [JsonPropertyName("lineStates")] public required Dictionary<string, StateWords> LineStates { get; init; }

    public string Label(string key) =>
        Labels.TryGetValue(key, out string? v) ? v : throw new InvalidOperationException($"led-words.json: {Name} has no label '{key}'");

    /// <summary>A pattern in plain words; a pattern the words do not know is an error, so a new blink
    /// in the firmware cannot reach the card as a millisecond code.</summary>
    public string Pattern(LedPattern pattern) =>
        Patterns.TryGetValue(pattern.Name, out string? v) ? v
        : throw new InvalidOperationException($"led-words.json: {Name} has no words for the LED pattern '{pattern.Name}'");

    /// <summary>"Red flickers fast, 4 times a second": the lights that are lit or blinking, each with its pattern
    /// (a light that is dark or shows the line is left out).</summary>
    public string Seen(StatusRow row)
    {
        var parts = new List<string>();
        foreach ((string colour, LedPattern pattern) in Leds(row))
            if (pattern != LedPattern.Off && pattern.Kind != LedPatternKind.Line)
                parts.Add(Light(colour, pattern));
        return string.Join(Joiner, parts);
    }

    /// <summary>"Yellow blinks fast, 5 times a second" for a line state.</summary>
    public string SeenLine(StatusRow lineRow) => Light("yellow", lineRow.Yellow);

    /// <summary>A light and its pattern in words: "Green is on", "绿灯亮".</summary>
    public string Light(string colour, LedPattern pattern)
    {
        return LightFormat.Replace("{colour}", Colours[colour]).Replace("{pattern}", Pattern(pattern));
    }

    public StateWords State(StatusRow row) =>
        States.TryGetValue(row.Name, out StateWords? w) ? w : throw new InvalidOperationException($"led-words.json: {Name} has no words for the state '{row.Name}'");

    public StateWords LineState(StatusRow row) =>
        LineStates.TryGetValue(row.Name, out StateWords? w) ? w : throw new InvalidOperationException($"led-words.json: {Name} has no words for the line state '{row.Name}'");

    /// <summary>The row's three LEDs by the BOM's colour words, in the front panel's order.</summary>
    public static (string Colour, LedPattern Pattern)[] Leds(StatusRow row) =>
        [("green", row.Green), ("yellow", row.Yellow), ("red", row.Red)];
}

/// <summary>A state's words: its name for people, what it means, what to do, whom to call.</summary>
public sealed class StateWords
{
    [JsonPropertyName("title")] public string Title { get; init; } = "";
    [JsonPropertyName("means")] public required string Means { get; init; }
    [JsonPropertyName("do")] public string Do { get; init; } = "";
    [JsonPropertyName("call")] public string Call { get; init; } = "";
}
