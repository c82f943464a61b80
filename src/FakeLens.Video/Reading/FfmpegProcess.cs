using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using FakeLens.Core.Detection;

namespace FakeLens.Video.Reading;

/// <summary>
/// One running ffmpeg/ffprobe process with pipes: stdout is read by the caller as a stream (frames, samples, JSON),
/// stderr is collected line by line in the background (bounded), and disposing kills the process tree. The
/// programs are <c>ffmpeg</c>/<c>ffprobe</c> on the PATH, or <c>FAKELENS_FFMPEG</c>/<c>FAKELENS_FFPROBE</c>.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int MaxStderrChars = 64 * 1024;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrTask;
    private readonly Action<string>? _onLine;

    private FfmpegProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
        _stderrTask = Task.Run(ReadStderr);
    }

    public static string Ffmpeg => Environment.GetEnvironmentVariable("FAKELENS_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";

    public static string Ffprobe => Environment.GetEnvironmentVariable("FAKELENS_FFPROBE") is { Length: > 0 } p ? p : "ffprobe";

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Starts <paramref name="executable"/>; <paramref name="onStderrLine"/> hears every stderr line as it comes.</summary>
    public static FfmpegProcess Start(string executable, IReadOnlyList<string> arguments, Action<string>? onStderrLine = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            var process = Process.Start(info) ?? throw Missing(executable, null);
            process.StandardInput.Close();
            return new FfmpegProcess(process, onStderrLine);
        }
        catch (Win32Exception e)
        {
            throw Missing(executable, e);
        }
    }

    /// <summary>Waits for the exit (killing after <paramref name="timeout"/>); returns the exit code and collected stderr.</summary>
    public (int ExitCode, string Stderr) Finish(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new MediaException($"{Path.GetFileName(_process.StartInfo.FileName)} did not finish within {timeout.TotalSeconds:0} s") { Code = "timeout", AffectsWholeFile = false };
        }

        _stderrTask.Wait(TimeSpan.FromSeconds(5));
        lock (_stderr)
        {
            return (_process.ExitCode, _stderr.ToString());
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void ReadStderr()
    {
        string? line;
        while ((line = _process.StandardError.ReadLine()) is not null)
        {
            _onLine?.Invoke(line);
            lock (_stderr)
            {
                if (_stderr.Length < MaxStderrChars && !line.Contains("Parsed_showinfo", StringComparison.Ordinal))
                {
                    _stderr.AppendLine(line);
                }
            }
        }
    }

    private static MediaException Missing(string executable, Exception? inner)
    {
        var message = $"'{executable}' is not installed or not runnable; install the Debian package 'ffmpeg' (apt-get install ffmpeg) or set FAKELENS_FFMPEG / FAKELENS_FFPROBE";
        return inner is null
            ? new MediaException(message) { Code = "unsupported", AffectsWholeFile = false }
            : new MediaException(message, inner) { Code = "unsupported", AffectsWholeFile = false };
    }
}
