using System.Security.Cryptography;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>A rule file read by the CLI: the compiled trie, whether the file was an image, and its bytes.</summary>
public sealed record LoadedRules(RuleTrie Trie, bool WasImage, byte[] Bytes);

/// <summary>Bad rule or number input: reported with its reason and exit code 2.</summary>
public sealed class RulesInputException(string message) : Exception(message);

/// <summary>Reads rule text or a compiled image (told apart by the image magic).</summary>
public static class RulesFiles
{
    /// <summary>Loads <paramref name="path"/>; <paramref name="defaultOverride"/> replaces the set's default action.</summary>
    public static LoadedRules Load(string path, RuleVerdict? defaultOverride)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RulesInputException($"cannot read {path}: {e.Message}");
        }

        if (RuleImage.HasMagic(bytes))
        {
            if (!RuleImage.TryRead(bytes, out RuleTrie trie, out string reason))
                throw new RulesInputException($"{path}: {reason}");
            if (defaultOverride is RuleVerdict d && d != trie.Default)
            {
                // The uniform marks depend on the default, so a different default means a rebuild.
                RuleSet set = trie.ToRuleSet();
                set.Default = d;
                trie = RuleTrieBuilder.Build(set, trie.Version);
            }
            return new LoadedRules(trie, true, bytes);
        }

        if (!RuleTextParser.TryParse(bytes, out RuleSet rules, out string error))
            throw new RulesInputException($"{path}: {error}");
        if (defaultOverride is RuleVerdict def) rules.Default = def;
        return new LoadedRules(RuleTrieBuilder.Build(rules, ""), false, bytes);
    }

    /// <summary>The version a rule file goes by when none is given: "sha256-" and the first 12 hex
    /// digits of its SHA-256, so the same file always gets the same version (`rules push`, `simulate`).</summary>
    public static string ContentVersion(byte[] body) => "sha256-" + Convert.ToHexStringLower(SHA256.HashData(body))[..12];
}
