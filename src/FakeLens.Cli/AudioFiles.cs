using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;

namespace FakeLens.Cli;

/// <summary>Reads and writes audio for the watermark commands: WAV natively, other formats through ffmpeg.</summary>
internal static class AudioFiles
{
    /// <summary>Rate at which non-WAV audio is decoded (through ffmpeg).</summary>
    private const int DecodeRate = 44_100;

    public static (float[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var format = MediaSniffer.FromBytes(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength)));
        if (format == MediaFormat.Wav)
        {
            var wav = WavIo.Read(bytes);
            return (wav.Samples, wav.SampleRate);
        }

        if (!FfmpegCodec.IsAvailable())
        {
            throw new MediaException($"{format} audio needs ffmpeg to be decoded, and ffmpeg is not installed.") { Code = "unsupported" };
        }

        return (FfmpegCodec.Decode(bytes, DecodeRate), DecodeRate);
    }

    public static void Write(string path, float[] samples, int sampleRate)
    {
        if (!Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"marked audio is written as WAV; name the output .wav (got {path})");
        }

        File.WriteAllBytes(path, WavIo.Write(samples, sampleRate));
    }
}
