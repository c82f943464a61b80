using System.Diagnostics;

namespace FakeLens.Learning.Tests.Data;

/// <summary>Runs the corpus rebuild scripts of <c>scripts/data</c> and git for their throw-away snapshots.</summary>
internal static class RebuildScripts
{
    /// <summary>Runs <paramref name="script"/> (a file name in scripts/data) under bash with the given arguments and environment; fails after 120 s.</summary>
    public static (int Code, string Stderr) Run(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Find(script));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 120 s");
        }

        _ = stdout.Result;
        return (p.ExitCode, stderr);
    }

    /// <summary>Runs git in <paramref name="dir"/> and returns its standard output; throws with git's message when it fails.</summary>
    public static string Git(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("git did not start");
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {err}");
    }

    /// <summary>scripts/data/<paramref name="script"/>, found above the test binaries.</summary>
    public static string Find(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "data", script);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"scripts/data/{script} not found above the test binaries");
    }
}
