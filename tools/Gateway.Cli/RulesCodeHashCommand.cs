using System.CommandLine;
using System.Security.Cryptography;
using Gateway.Core.Rules;

namespace Gateway.Cli;

/// <summary>`gateway rules code-hash [CODE]`: the SALT:HASH of an authorization code for a `code` line, with a fresh random salt.</summary>
public static class RulesCodeHashCommand
{
    public static Command Create(CliStreams io)
    {
        var code = new Argument<string?>("CODE")
        {
            Description = "The code, 4-8 digits; without it the code is read from the first line of stdin (keeps it out of the shell history).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("code-hash", "Print SALT:HASH for a `code LABEL CLASS SALT:HASH` line: SHA-256 of a fresh random 8-byte salt and the code's digits (docs/rules.md).")
        {
            code,
        };
        command.SetAction(parsed => Run(parsed.GetValue(code), io));
        return command;
    }

    static int Run(string? code, CliStreams io)
    {
        code ??= io.In.ReadLine()?.Trim().TrimStart('\uFEFF');
        if (code == null || code.Length < RuleCodes.MinLength || code.Length > RuleCodes.MaxLength || !code.All(char.IsAsciiDigit))
            throw new UsageException($"CODE: a code is {RuleCodes.MinLength} to {RuleCodes.MaxLength} digits (0-9)");
        byte[] salt = RandomNumberGenerator.GetBytes(RuleCodes.SaltBytes);
        io.Out.WriteLine(RuleCodes.HashText(salt, code));
        io.Error.WriteLine($"(a line for the rules: code LABEL CLASS SALT:HASH; the rules also need 'codes PREFIX {code.Length}')");
        return Program.ExitOk;
    }
}
