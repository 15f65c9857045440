using System.CommandLine;

namespace Gateway.Cli;

/// <summary>`gateway docs ...`: documents made from the firmware's own tables.</summary>
public static class DocsCommand
{
    public static Command Create(CliStreams io) => new("docs", "Make documents from the firmware's own tables (the printable LED card).")
    {
        DocsLedCardCommand.Create(io),
    };
}
