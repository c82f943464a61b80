using System.CommandLine;

namespace FakeLens.Cli.Commands;

/// <summary>`fakelens bench`: a parent for one subcommand per kind of media or benchmark.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = new Command("bench", "Build labelled benchmark sets (e.g. tampered photos with ground-truth masks).");

        // One line per subcommand, e.g. command.Subcommands.Add(BenchImageCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchTamperCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchServeCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchWorkersCommand.Create(stdout, stderr));
        command.Subcommands.Add(CompareCommand.CreateBench(stdout, stderr));
        command.Subcommands.Add(BenchVideoCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchScanCommand.CreateScan(stdout, stderr));
        command.Subcommands.Add(BenchScanCommand.CreateMemory(stdout, stderr));
        return command;
    }
}
