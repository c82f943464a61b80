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

    /// <summary>Which feature blocks make up each row's vector (<see cref="SpeechFeatureBlocks"/>); the shipped models use the utterance vector alone.</summary>
    public SpeechFeatureBlocks Blocks { get; init; } = SpeechFeatureBlocks.Utterance;

    /// <summary>When set, each clip's rows are kept here (outside the repository) and reused by later runs with the same file, seed and condition.</summary>
    public string? CacheDirectory { get; init; }
}

/// <summary>
/// Feature blocks of a speech row, in this order when several are chosen: the hand-made utterance vector
/// (<see cref="FakeLens.Audio.Features.UtteranceFeatures"/>, every shipped model) and the pretrained
/// <see cref="ResNetSpectrogramFeatures"/> block (measured only, thirteenth round).
/// </summary>
[Flags]
public enum SpeechFeatureBlocks
{
    Utterance = 1,
    ResNetSpec = 2,
}

public static class SpeechFeatureBlocksParser
{
    /// <summary>Parses a comma- or plus-separated list of block keys: <c>utterance</c>, <c>resnet-spec</c>.</summary>
    public static SpeechFeatureBlocks Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        SpeechFeatureBlocks blocks = 0;
        foreach (var key in text.Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            blocks |= key.ToLowerInvariant() switch
            {
                "utterance" => SpeechFeatureBlocks.Utterance,
                ResNetSpectrogramFeatures.BlockId => SpeechFeatureBlocks.ResNetSpec,
                _ => throw new ArgumentException($"unknown speech feature block '{key}' (known: utterance, {ResNetSpectrogramFeatures.BlockId})"),
            };
        }

        return blocks == 0 ? throw new ArgumentException("no speech feature block given (known: utterance, resnet-spec)") : blocks;
    }

    /// <summary>Names of the row vector's columns for these blocks.</summary>
    public static IReadOnlyList<string> Names(SpeechFeatureBlocks blocks)
    {
        var names = new List<string>();
        if (blocks.HasFlag(SpeechFeatureBlocks.Utterance))
        {
            names.AddRange(FakeLens.Audio.Features.UtteranceFeatures.Names);
        }

        if (blocks.HasFlag(SpeechFeatureBlocks.ResNetSpec))
        {
            names.AddRange(ResNetSpectrogramFeatures.Names);
        }

        return names;
    }
}
