using System.CommandLine;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens watermark bench</c>: robustness tables (markdown) for every scheme under the attacks.</summary>
internal static class WatermarkBenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("bench", "Apply platform-like attacks to marked photos and audio and print bit accuracy per scheme (markdown).");
        command.SetAction(async _ =>
        {
            await stderr.WriteLineAsync("fakelens: watermark bench is not available in this build yet.").ConfigureAwait(false);
            return CliApp.UsageError;
        });
        return command;
    }
}
