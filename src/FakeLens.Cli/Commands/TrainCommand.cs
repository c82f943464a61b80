using System.CommandLine;

namespace FakeLens.Cli.Commands;

/// <summary>`fakelens train`: a parent for one subcommand per kind of media or benchmark.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = new Command("train", "Train a detector on your own data: a learned image or speech model, saved as a model file.");

        // One line per subcommand, e.g. command.Subcommands.Add(TrainImageCommand.Create(stdout, stderr));
        command.Subcommands.Add(TrainImageCommand.Create(stdout, stderr));
        command.Subcommands.Add(TrainImageMapCommand.Create(stdout, stderr));
        command.Subcommands.Add(TrainSpeechCommand.Create(stdout, stderr));
        command.Subcommands.Add(TrainVideoCommand.Create(stdout, stderr, train: true));
        command.Subcommands.Add(TrainVideoFaceBlendCommand.Create(stdout, stderr));
        return command;
    }
}
