using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using FakeLens.Core.Detection;

namespace FakeLens.Audio.Decoding;

/// <summary>
/// Lossy/lossless audio coding through the <c>ffmpeg</c> program (Debian package <c>ffmpeg</c>), by pipes only: a
/// WAV goes in on stdin, the coded stream or raw 32-bit float samples come back on stdout. Every call has a
/// wall-clock timeout and an output-size cap; the process is killed when either is exceeded. Used to decode
/// non-WAV audio for detection and to apply codec attacks in the benchmark and tests. The executable is
/// <c>ffmpeg</c> on the PATH, or the path in the <c>FAKELENS_FFMPEG</c> environment variable.
/// </summary>
public static class FfmpegCodec
{
    /// <summary>Largest output accepted from one call (an hour of mono float audio at 48 kHz is 691 MB; we stop at 512 MB).</summary>
    public const long MaxOutputBytes = 512L * 1024 * 1024;

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    private static string DefaultExecutable => Environment.GetEnvironmentVariable("FAKELENS_FFMPEG") is { Length: > 0 } path ? path : "ffmpeg";

    /// <summary>True when <c>ffmpeg -version</c> runs (<paramref name="executable"/> overrides the program path).</summary>
    public static bool IsAvailable(string? executable = null)
    {
        try
        {
            Run(executable, ["-hide_banner", "-version"], [], TimeSpan.FromSeconds(10));
            return true;
        }
        catch (MediaException)
        {
            return false;
        }
    }

    /// <summary>
    /// Encodes mono samples. <paramref name="format"/>: <c>mp3</c> (LAME), <c>aac</c> (ffmpeg's AAC in ADTS),
    /// <c>opus</c> (Ogg), <c>flac</c>. <paramref name="bitrateKbps"/> is ignored for FLAC.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<float> samples, int sampleRate, string format, int bitrateKbps, TimeSpan? timeout = null, string? executable = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        var (codec, container) = format.ToUpperInvariant() switch
        {
            "MP3" => ("libmp3lame", "mp3"),
            "AAC" => ("aac", "adts"),
            "OPUS" => ("libopus", "ogg"),
            "FLAC" => ("flac", "flac"),
            _ => throw new ArgumentException($"unknown audio format '{format}' (mp3, aac, opus, flac)", nameof(format)),
        };
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-c:a", codec };
        if (container != "flac")
        {
            args.AddRange(["-b:a", bitrateKbps.ToString(CultureInfo.InvariantCulture) + "k"]);
        }

        args.AddRange(["-f", container, "pipe:1"]);
        return Run(executable, args, WavIo.Write(samples, sampleRate, asFloat: true), timeout ?? DefaultTimeout);
    }

    /// <summary>Decodes any audio ffmpeg reads to mono float samples at <paramref name="sampleRate"/>.</summary>
    public static float[] Decode(ReadOnlySpan<byte> encoded, int sampleRate, TimeSpan? timeout = null, string? executable = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var raw = Run(
            executable,
            ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-vn", "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "pipe:1"],
            encoded.ToArray(),
            timeout ?? DefaultTimeout);
        var samples = new float[raw.Length / 4];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = BitConverter.ToSingle(raw, i * 4);
            samples[i] = float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f;
        }

        return samples;
    }

    /// <summary>Encodes and decodes again at the same rate (a codec attack).</summary>
    public static float[] RoundTrip(ReadOnlySpan<float> samples, int sampleRate, string format, int bitrateKbps, TimeSpan? timeout = null) =>
        Decode(Encode(samples, sampleRate, format, bitrateKbps, timeout), sampleRate, timeout);

    private static byte[] Run(string? executable, IReadOnlyList<string> arguments, byte[] input, TimeSpan timeout)
    {
        executable ??= DefaultExecutable;
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

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            throw Missing(executable, e);
        }

        if (process is null)
        {
            throw Missing(executable, null);
        }

        using (process)
        {
            var writer = Task.Run(() =>
            {
                try
                {
                    process.StandardInput.BaseStream.Write(input);
                }
                catch (IOException)
                {
                    // ffmpeg stopped reading (bad input); its exit code and stderr tell why.
                }
                finally
                {
                    process.StandardInput.Close();
                }
            });
            var reader = Task.Run(() => ReadBounded(process.StandardOutput.BaseStream));
            var errors = process.StandardError.ReadToEndAsync();
            var finished = Task.WaitAll([writer, reader, errors], timeout) && process.WaitForExit(timeout);
            if (!finished)
            {
                TryKill(process);
                throw new MediaException($"ffmpeg did not finish within {timeout.TotalSeconds:0} s") { Code = "timeout", AffectsWholeFile = false };
            }

            var output = reader.Result;
            if (output is null)
            {
                TryKill(process);
                throw new MediaException($"ffmpeg produced more than {MaxOutputBytes / (1024 * 1024)} MB of output") { Code = "too-large" };
            }

            if (process.ExitCode != 0)
            {
                var message = errors.Result.Trim();
                if (message.Length > 300)
                {
                    message = message[..300];
                }

                throw new MediaException($"ffmpeg could not process the audio (exit code {process.ExitCode}): {message}") { Code = "corrupt" };
            }

            return output;
        }
    }

    private static byte[]? ReadBounded(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxOutputBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static MediaException Missing(string executable, Exception? inner)
    {
        var message = $"ffmpeg is not installed or not runnable ('{executable}'); install the Debian package 'ffmpeg' (apt-get install ffmpeg) or set FAKELENS_FFMPEG";
        return inner is null
            ? new MediaException(message) { Code = "unsupported", AffectsWholeFile = false }
            : new MediaException(message, inner) { Code = "unsupported", AffectsWholeFile = false };
    }
}
