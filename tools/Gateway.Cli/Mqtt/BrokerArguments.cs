using System.CommandLine;

namespace Gateway.Cli.Mqtt;

/// <summary>The broker options every networked command takes (--broker, --user, --password, --tls,
/// --ca), defined once and added to each such command.</summary>
public sealed class BrokerArguments
{
    readonly Option<string?> broker;
    readonly Option<string?> user = new("--user") { HelpName = "U", Description = "User name on the broker." };
    readonly Option<string?> password = new("--password")
    {
        HelpName = "P",
        Description = $"Password on the broker; without it, with --user, {BrokerOptions.PasswordVariable} gives it.",
    };
    readonly Option<bool> tls = new("--tls") { Description = "Connect over TLS (implied by mqtts:// and --ca)." };
    readonly Option<string?> ca = new("--ca") { HelpName = "FILE", Description = "Trust only this CA (PEM or DER) for the broker's certificate." };

    /// <summary>Adds the broker options to <paramref name="command"/>; <paramref name="withoutBroker"/>
    /// says what the command uses when no --broker is given.</summary>
    public BrokerArguments(Command command, string withoutBroker)
    {
        broker = new Option<string?>("--broker")
        {
            HelpName = "mqtt[s]://HOST[:PORT]",
            Description = $"The MQTT broker (default ports 1883, mqtts 8883); without it, {withoutBroker}.",
        };
        command.Options.Add(broker);
        command.Options.Add(user);
        command.Options.Add(password);
        command.Options.Add(tls);
        command.Options.Add(ca);
    }

    /// <summary>The broker named on the command line, or null without --broker. Throws
    /// <see cref="UsageException"/> for an incomplete or malformed combination.</summary>
    public BrokerOptions? Read(ParseResult parsed) => BrokerOptions.From(
        parsed.GetValue(broker), parsed.GetValue(user), parsed.GetValue(password), parsed.GetValue(tls), parsed.GetValue(ca));
}
