using System.Diagnostics;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>Runs libjpeg-turbo's jpegtran (Debian libjpeg-turbo-progs) on bytes; a missing tool fails the test.</summary>
internal static class Jpegtran
{
    /// <summary>Lossless transcode with the given switches (e.g. "-progressive"); the DCT coefficients are kept as they are.</summary>
    public static byte[] Run(byte[] jpeg, params string[] switches)
    {
        var input = Path.Combine(Path.GetTempPath(), $"fakelens-jpegtran-{Guid.NewGuid():N}.jpg");
        var output = input + ".out.jpg";
        try
        {
            File.WriteAllBytes(input, jpeg);
            var info = new ProcessStartInfo("jpegtran") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var s in switches)
            {
                info.ArgumentList.Add(s);
            }

            info.ArgumentList.Add("-outfile");
            info.ArgumentList.Add(output);
            info.ArgumentList.Add(input);
            using var p = Process.Start(info) ?? throw new InvalidOperationException("jpegtran did not start (install the Debian package libjpeg-turbo-progs)");
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit(30_000);
            Assert.True(p.ExitCode == 0, $"jpegtran failed: {err}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}
