using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Decodes the first audio stream of the file at <paramref name="path"/> (any container ffmpeg reads, including
    /// the audio track of a video) to mono float at <paramref name="sampleRate"/>, or at the file's own rate when
    /// null. At most <paramref name="maxSeconds"/> are decoded. Samples are read from the pipe straight into the
    /// result array (no intermediate byte copy), so memory stays at about the size of the result.
    /// </summary>
    public static float[] DecodeFile(string path, int? sampleRate, double maxSeconds, TimeSpan? timeout = null, string? executable = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeconds);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1" };
        if (sampleRate is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
            args.AddRange(["-ar", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-t", maxSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-f", "f32le", "pipe:1"]);
        return Run(executable ?? DefaultExecutable, args, null, timeout ?? DefaultTimeout, ReadFloats, "ffmpeg");
    }

    private static byte[] Run(string? executable, IReadOnlyList<string> arguments, byte[] input, TimeSpan timeout) =>
        Run(executable ?? DefaultExecutable, arguments, input, timeout, ReadBounded, "ffmpeg");

    /// <summary>
    /// Runs <paramref name="executable"/> (an ffmpeg tool) with pipes: <paramref name="input"/> (or nothing) on stdin,
    /// stdout through <paramref name="read"/> (null result = output too large). Wall-clock timeout; the process is
    /// killed on timeout, oversize output or failure.
    /// </summary>
    internal static T Run<T>(string executable, IReadOnlyList<string> arguments, byte[]? input, TimeSpan timeout, Func<Stream, T?> read, string tool)
        where T : class
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

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            throw Missing(executable, tool, e);
        }

        if (process is null)
        {
            throw Missing(executable, tool, null);
        }

        using (process)
        {
            var writer = Task.Run(() =>
            {
                try
                {
                    if (input is not null)
                    {
                        process.StandardInput.BaseStream.Write(input);
                    }
                }
                catch (IOException)
                {
                    // The tool stopped reading (bad input); its exit code and stderr tell why.
                }
                finally
                {
                    process.StandardInput.Close();
                }
            });
            var reader = Task.Run(() => read(process.StandardOutput.BaseStream));
            var errors = process.StandardError.ReadToEndAsync();
            var finished = Task.WaitAll([writer, reader, errors], timeout) && process.WaitForExit(timeout);
            if (!finished)
            {
                TryKill(process);
                throw new MediaException($"{tool} did not finish within {timeout.TotalSeconds:0} s") { Code = "timeout", AffectsWholeFile = false };
            }

            var output = reader.Result;
            if (output is null)
            {
                TryKill(process);
                throw new MediaException($"{tool} produced more than {MaxOutputBytes / (1024 * 1024)} MB of output") { Code = "too-large" };
            }

            if (process.ExitCode != 0)
            {
                var message = errors.Result.Trim();
                if (message.Length > 300)
                {
                    message = message[..300];
                }

                throw new MediaException($"{tool} could not process the audio (exit code {process.ExitCode}): {message}") { Code = "corrupt" };
            }

            return output;
        }
    }

    // Little-endian f32 samples straight into a growing float array (doubling), bounded by MaxOutputBytes.
    private static float[]? ReadFloats(Stream stream)
    {
        var samples = new float[1 << 16];
        var count = 0;
        var pending = new byte[4];
        var pendingCount = 0;
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            var span = chunk.AsSpan(0, read);
            if ((long)(count + (read / 4) + 1) * 4 > MaxOutputBytes)
            {
                return null;
            }

            if (count + (read / 4) + 2 > samples.Length)
            {
                Array.Resize(ref samples, Math.Max(samples.Length * 2, count + (read / 4) + 2));
            }

            while (pendingCount > 0 && pendingCount < 4 && span.Length > 0)
            {
                pending[pendingCount++] = span[0];
                span = span[1..];
                if (pendingCount == 4)
                {
                    samples[count++] = Sanitise(BitConverter.ToSingle(pending));
                    pendingCount = 0;
                }
            }

            if (pendingCount > 0)
            {
                continue; // the chunk ended inside one sample
            }

            var whole = span.Length / 4;
            var floats = MemoryMarshal.Cast<byte, float>(span[..(whole * 4)]);
            for (var i = 0; i < floats.Length; i++)
            {
                samples[count++] = Sanitise(floats[i]);
            }

            span[(whole * 4)..].CopyTo(pending);
            pendingCount = span.Length - (whole * 4);
        }

        Array.Resize(ref samples, count);
        return samples;
    }

    private static float Sanitise(float v) => float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f;

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

    private static MediaException Missing(string executable, string tool, Exception? inner)
    {
        var message = $"{tool} is not installed or not runnable ('{executable}'); install the Debian package 'ffmpeg' (apt-get install ffmpeg) or set FAKELENS_{tool.ToUpperInvariant()}";
        return inner is null
            ? new MediaException(message) { Code = "unsupported", AffectsWholeFile = false }
            : new MediaException(message, inner) { Code = "unsupported", AffectsWholeFile = false };
    }
}
