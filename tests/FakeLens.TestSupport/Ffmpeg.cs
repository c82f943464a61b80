using System.Diagnostics;

namespace FakeLens.TestSupport;

/// <summary>Makes test media with Debian's ffmpeg; ffmpeg missing or failing is a hard failure, never a skip.</summary>
public static class Ffmpeg
{
    /// <summary>Runs <c>ffmpeg -y &lt;args&gt; &lt;folder/name&gt;</c> and returns the output path.</summary>
    public static string Make(string folder, string name, params string[] args)
    {
        var output = Path.Combine(folder, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. args, output])
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"ffmpeg failed making {name}: {err}");
    }
}
