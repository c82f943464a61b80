using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Video.Container;

namespace FakeLens.Video.Tests.Container;

public sealed class VideoContainerDetectorTests : IDisposable
{
    private readonly Clips _clips = new();

    private static async Task<IReadOnlyList<Evidence>> Analyze(string path) =>
        await new VideoContainerDetector().AnalyzeAsync(new AnalysisContext(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default), CancellationToken.None);

    [Fact]
    public async Task A_generator_tag_in_the_container_is_evidence_for_AI_generation()
    {
        var path = _clips.Pattern("sora.mp4", 160, 120, 1, extra: ["-metadata", "comment=Made with OpenAI Sora"]);
        var evidence = await Analyze(path);
        var tag = Assert.Single(evidence, e => e.Id == "video.generator-tag");
        Assert.Equal(EvidenceDirection.AiGenerated, tag.Direction);
        Assert.Contains("Sora", tag.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_encode_has_facts_but_no_generator_finding()
    {
        var path = _clips.Pattern("plain.mp4", 160, 120, 1, extra: ["-metadata", "comment=Handler sorting sample; VideoHandler"]);
        var evidence = await Analyze(path);
        Assert.DoesNotContain(evidence, e => e.Id == "video.generator-tag");
        var facts = Assert.Single(evidence, e => e.Id == "video.container").Facts;
        Assert.Contains(facts, f => f.Name == "video codec" && f.Value.StartsWith("h264", StringComparison.Ordinal));
        Assert.Contains(facts, f => f.Name == "audio" && f.Value == "aac");
    }

    public void Dispose() => _clips.Dispose();
}
