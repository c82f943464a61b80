namespace FakeLens.Audio.Decoding;

/// <summary>What a file says about its audio (RIFF header or ffprobe), before any resampling.</summary>
/// <param name="Container">Container/format name (<c>wav</c>, <c>mp3</c>, <c>mov,mp4,m4a,3gp,3g2,mj2</c>, …).</param>
/// <param name="Codec">Codec name as ffprobe spells it (<c>pcm_s16le</c>, <c>mp3</c>, <c>aac</c>, <c>opus</c>, …).</param>
/// <param name="SampleRate">Original sample rate in Hz.</param>
/// <param name="Channels">Original channel count.</param>
/// <param name="BitRate">Bits per second when known.</param>
/// <param name="DurationSeconds">Duration of the audio stream.</param>
/// <param name="BitsPerSample">Bit depth for PCM, when known.</param>
public sealed record AudioFacts(string Container, string Codec, int SampleRate, int Channels, long? BitRate, double DurationSeconds, int? BitsPerSample)
{
    /// <summary>True for codecs that throw away inaudible detail (MP3, AAC, Opus, Vorbis, …).</summary>
    public bool IsLossy => !(Codec.StartsWith("pcm_", StringComparison.Ordinal) || Codec is "flac" or "alac" or "wavpack" or "ape" or "tta");
}
