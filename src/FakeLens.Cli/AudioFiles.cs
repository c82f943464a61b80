namespace FakeLens.Cli;

/// <summary>Reads and writes audio for the watermark commands (WAV natively, other formats through ffmpeg).</summary>
internal static class AudioFiles
{
    public static (float[] Samples, int SampleRate) Read(string path) =>
        throw new NotSupportedException($"Audio input is not available in this build: {path}");

    public static void Write(string path, float[] samples, int sampleRate) =>
        throw new NotSupportedException($"Audio output is not available in this build: {path} ({samples.Length} samples at {sampleRate} Hz)");
}
