using System.CommandLine;

namespace FakeLens.Cli.Commands;

/// <summary>`fakelens eval`: a parent for one subcommand per kind of media or benchmark.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = new Command("eval", "Evaluate a detector on labelled data: AUC/EER, per-folder breakdown, plots and per-file scores.");

        // One line per subcommand, e.g. command.Subcommands.Add(EvalImageCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalImageCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalTamperCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalSpeechCommand.Create(stdout, stderr));
        command.Subcommands.Add(TrainVideoCommand.Create(stdout, stderr, train: false));
        command.Subcommands.Add(EvalFaceBlendCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalFaceCropsCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalFaceCropsLofoCommand.Create(stdout, stderr));
        command.Subcommands.Add(EvalFaceCuesCommand.Create(stdout, stderr));
        return command;
    }
}
