namespace FakeLens.Audio.Decoding;

/// <summary>Decoded WAV audio: mono samples in −1..1 (channels averaged), and what the header said.</summary>
public sealed record WavAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, bool IsFloat)
{
    public double DurationSeconds => SampleRate == 0 ? 0 : Samples.Length / (double)SampleRate;
}
