using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules compile RULES -o IMAGE [--version V]`: rule text to the image the box loads.</summary>
public static class RulesCompileCommand
{
    public static Command Create(CliStreams io)
    {
        var input = new Argument<string>("RULES") { Description = "The rule text (or an image, to rewrite it)." };
        var output = new Option<string>("--output", "-o") { HelpName = "IMAGE", Description = "The image file to write.", Required = true };
        var version = new Option<string?>("--version")
        {
            HelpName = "V",
            Description = $"Version stored in the image: printable ASCII, at most {RuleImage.MaxVersionLength} characters.",
            CustomParser = ImageVersion,
        };
        var command = new Command("compile", "Compile rule text to an image.") { input, output, version };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(input), parsed.GetRequiredValue(output), parsed.GetValue(version), io.Out, io.Error));
        return command;
    }

    static string? ImageVersion(ArgumentResult result)
    {
        string v = OptionValues.Text(result);
        if (v.Length <= RuleImage.MaxVersionLength && v.All(c => c >= 0x20 && c < 0x7F))
            return v;
        result.AddError($"--version must be printable ASCII, at most {RuleImage.MaxVersionLength} characters");
        return null;
    }

    static int Run(string input, string output, string? version, TextWriter stdout, TextWriter stderr)
    {
        LoadedRules rules = RulesFiles.Load(input, null);
        RuleTrie trie = version != null ? rules.Trie.WithVersion(version) : rules.Trie;
        byte[] image = RuleImage.Write(trie);
        try
        {
            File.WriteAllBytes(output, image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gateway rules compile: cannot write {output}: {e.Message}");
            return Program.ExitFailure;
        }
        RulesCommand.PrintWarnings(trie, stderr);
        stdout.WriteLine($"{output}: {trie.RuleCount} rules, {trie.NodeCount} nodes, {image.Length} bytes");
        return Program.ExitOk;
    }
}
