using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Gateway.Core.Messaging;

namespace Gateway.Cli;

/// <summary>Value checks shared by the commands' options (for <c>CustomParser</c>): a bad value
/// becomes a parse error naming the option and the value, so it exits 2 before anything runs.</summary>
public static class OptionValues
{
    /// <summary>The <c>--prefix P</c> option of the commands that talk to boxes: the boxes' topic prefix.</summary>
    public static Option<string> TopicPrefix() => new("--prefix")
    {
        HelpName = "P",
        Description = "The boxes' topic prefix.",
        DefaultValueFactory = _ => MessagingTopics.DefaultPrefix,
        CustomParser = r => TopicPart(r, "prefix", true),
    };

    /// <summary>A number in <paramref name="min"/>..<paramref name="max"/> (<paramref name="min"/>
    /// itself excluded when <paramref name="minExcluded"/>); <paramref name="unit"/> says what it counts.</summary>
    public static double? Number(ArgumentResult result, double min, double max, bool minExcluded, string unit)
    {
        string text = Text(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v <= max && (minExcluded ? v > min : v >= min))
            return v;
        string name = result.Parent is OptionResult o ? o.Option.HelpName ?? "X" : "X";
        var inv = CultureInfo.InvariantCulture;
        result.AddError($"{OptionName(result)}: '{text}' is not {unit} ({min.ToString(inv)} {(minExcluded ? "<" : "<=")} {name} <= {max.ToString(inv)})");
        return null;
    }

    /// <summary>A box or line id as the box's topics take it: 1-64 printable ASCII characters
    /// without spaces or the MQTT separators and wildcards.</summary>
    public static string? Id(ArgumentResult result)
    {
        string value = Text(result);
        if (value.Length == 0 || value.Length > 64 || value.Any(c => c <= ' ' || c == '/' || c == '+' || c == '#' || c > '~'))
        {
            result.AddError($"{OptionName(result)} '{value}' must be 1-64 printable ASCII characters without spaces, '/', '+' or '#'");
            return null;
        }
        return value;
    }

    /// <summary>A topic prefix or box id as <see cref="MessagingTopics"/> takes it.</summary>
    public static string? TopicPart(ArgumentResult result, string what, bool isPrefix)
    {
        string value = Text(result);
        if (MessagingTopics.CheckTopicPart(what, value, isPrefix) is not string bad)
            return value;
        result.AddError($"{OptionName(result)}: {bad}");
        return null;
    }

    public static string Text(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    public static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult o ? o.IdentifierToken?.Value ?? o.Option.Name : result.Argument.HelpName ?? result.Argument.Name;
}
