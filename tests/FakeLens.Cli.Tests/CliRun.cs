using FakeLens.Core.Detection;

namespace FakeLens.Cli.Tests;

/// <summary>Runs the fakelens command in-process with captured output, as a user would type it.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> Async(IReadOnlyList<IDetector>? detectors, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, detectors);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static Task<(int Code, string Out, string Err)> Async(params string[] args) => Async(null, args);
}
