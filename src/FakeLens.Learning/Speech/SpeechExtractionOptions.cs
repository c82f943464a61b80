using FakeLens.Audio.Augmentation;
using FakeLens.Audio.Cues;

namespace FakeLens.Learning.Speech;

/// <summary>How clips become rows: random trims always; <see cref="Augment"/> random codecs and noise; <see cref="Vocoded"/> adds a Griffin–Lim copy of each real clip as a fake; <see cref="Codec"/> a fixed codec for evaluation.</summary>
public sealed record SpeechExtractionOptions
{
    public int Seed { get; init; } = 7;

    public bool Augment { get; init; }

    public bool Vocoded { get; init; }

    public CodecCondition Codec { get; init; } = CodecCondition.Clean;

    public int Threads { get; init; } = 2;

    public int MaxGmmFrames { get; init; } = 300;

    /// <summary>Which voice-activity detector picks the speech frames the features are taken over (the shipped models use <see cref="VoiceActivityKind.Energy"/>).</summary>
    public VoiceActivityKind Vad { get; init; } = VoiceActivityKind.Energy;

    /// <summary>When set, each clip's rows are kept here (outside the repository) and reused by later runs with the same file, seed and condition.</summary>
    public string? CacheDirectory { get; init; }
}
