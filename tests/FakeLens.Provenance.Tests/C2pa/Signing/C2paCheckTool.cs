using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>
/// Runs tools/c2pa-check/check.mjs (Node 20: c2pa-rs as WebAssembly and c2pa-ts) on files and parses its JSON
/// lines. A missing node or node_modules is a hard failure with the command that fixes it.
/// </summary>
internal static class C2paCheckTool
{
    public static string Folder { get; } = Locate();

    public static IReadOnlyDictionary<string, C2paCheckResult> Run(IEnumerable<string> files, string? trustAnchorsPem = null)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@contentauth", "c2pa-wasm")))
        {
            Assert.Fail($"node_modules missing in {Folder}: run 'npm ci' there (bootstrap and .ci/run do this).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check.mjs");
        if (trustAnchorsPem is not null)
        {
            start.ArgumentList.Add("--trust-anchors");
            start.ArgumentList.Add(trustAnchorsPem);
        }

        foreach (var f in files)
        {
            start.ArgumentList.Add(f);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail("Node.js (node, version 20 or later) is required for the independent C2PA check: " + e.Message);
            throw;
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                Assert.Fail("check.mjs did not finish within 60 s.");
            }

            Assert.True(process.ExitCode == 0, $"check.mjs failed ({process.ExitCode}): {stderr.Result}");
            var results = new Dictionary<string, C2paCheckResult>(StringComparer.Ordinal);
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var r = C2paCheckResult.Parse(line);
                results[r.File] = r;
            }

            return results;
        }
    }

    private static string Locate([CallerFilePath] string source = "")
    {
        var env = Environment.GetEnvironmentVariable("FAKELENS_C2PA_CHECK");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "c2pa-check");
                if (File.Exists(Path.Combine(candidate, "check.mjs")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("tools/c2pa-check not found above the test sources; set FAKELENS_C2PA_CHECK.");
    }
}
