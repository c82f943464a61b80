using FakeLens.Core.Detection;

namespace FakeLens.Audio.Decoding;

/// <summary>Turns any audio file into <see cref="SpeechAudio"/>: WAV natively, everything else through ffmpeg.</summary>
public static class AudioDecoder
{
    /// <summary>Lowest native rate accepted (narrow-band telephony).</summary>
    public const int MinSampleRate = 8_000;

    /// <summary>Highest native rate accepted; above it the header is treated as absurd.</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>Throws a clear "not applicable" error for rates speech analysis cannot use.</summary>
    public static void CheckRate(int sampleRate)
    {
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new MediaException($"the audio is sampled at {sampleRate} Hz; speech analysis needs {MinSampleRate / 1000} kHz to {MaxSampleRate / 1000} kHz")
            {
                Code = "unsupported",
                AffectsWholeFile = false,
            };
        }
    }
}
