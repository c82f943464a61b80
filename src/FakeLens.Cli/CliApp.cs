using System.CommandLine;
using FakeLens.Cli.Commands;
using FakeLens.Core.Detection;

namespace FakeLens.Cli;

/// <summary>Builds the command tree and maps outcomes to exit codes: 0 ran, 1 --fail-on matched, 2 usage error.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int FailOnMatched = 1;
    public const int UsageError = 2;

    /// <param name="detectors">Fixed detectors for tests; null: the shipped catalog, configured by the scan's options.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyList<IDetector>? detectors = null)
    {
        Func<DetectorOptions, IReadOnlyList<IDetector>> catalog = detectors is null ? DetectorCatalog.All : _ => detectors;
        var root = new RootCommand("FakeLens: is this image AI-generated or manipulated? Evidence, explained.");
        root.Subcommands.Add(ScanCommand.Create(stdout, stderr, catalog));
        root.Subcommands.Add(DetectorsCommand.Create(stdout, catalog(DetectorOptions.Default)));
        root.Subcommands.Add(WatermarkCommand.Create(stdout, stderr));
        root.Subcommands.Add(SignCommand.Create(stdout, stderr));
        root.Subcommands.Add(KeysCommand.Create(stdout, stderr));
        root.Subcommands.Add(TrainCommand.Create(stdout, stderr));
        root.Subcommands.Add(EvalCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr, catalog));
        root.Subcommands.Add(WorkerCommand.Create(stdout, stderr, catalog));
        root.Subcommands.Add(CompareCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'fakelens --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
