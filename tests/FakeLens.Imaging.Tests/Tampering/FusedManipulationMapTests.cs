using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using FakeLens.Core.Media;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Tampering;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Tampering;

public sealed class FusedManipulationMapTests
{
    /// <summary>A map of <paramref name="n"/> × <paramref name="n"/> cells with low noise and a hot square in the top-left quarter.</summary>
    private static Heatmap Blob(int n, float hot, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n * n];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                v[(y * n) + x] = x < n / 4 && y < n / 4 ? hot : (float)(0.1 * rng.NextDouble());
            }
        }

        return new Heatmap(n, n, v, "test");
    }

    private static Evidence Cue(string id, EvidenceCategory category, EvidenceDirection direction, Heatmap? map, double ratio = 2.0, double reliability = 0.6) => new()
    {
        Id = id,
        DetectorId = id,
        Category = category,
        Direction = direction,
        Title = id,
        Explanation = id,
        LikelihoodRatio = direction == EvidenceDirection.Neutral ? 1 : ratio,
        Reliability = reliability,
        Heatmap = map,
    };

    private static AnalysisContext Context(int w, int h)
    {
        var context = AnalysisContext.FromBytes([0xFF, 0xD8, 0xFF], "x.jpg");
        context.PixelSize = (w, h);
        return context;
    }

    [Fact]
    public void Agreeing_maps_mark_the_same_area_and_replace_the_manipulation_cues()
    {
        var ela = Cue("ela.inconsistent-regions", EvidenceCategory.Compression, EvidenceDirection.Manipulated, Blob(64, 0.8f, 1));
        var noise = Cue("noise.consistent", EvidenceCategory.Noise, EvidenceDirection.Neutral, Blob(32, 0.6f, 2));
        var ai = Cue("learned.ai", EvidenceCategory.Learned, EvidenceDirection.AiGenerated, Blob(16, 1f, 3), 3.0);
        var plain = Cue("jpeg.quality", EvidenceCategory.Compression, EvidenceDirection.Neutral, null);
        var result = new FusedManipulationMap().Combine(Context(512, 512), [ela, noise, ai, plain], CancellationToken.None);

        var fused = Assert.Single(result.Added);
        Assert.Equal(FusedManipulationMap.EvidenceId, fused.Id);
        Assert.Equal(EvidenceDirection.Manipulated, fused.Direction);
        Assert.Equal([ela], result.Replaces);
        Assert.True(fused.Weight >= ela.Weight - 1e-9, $"fused weight {fused.Weight} below the cue it replaces ({ela.Weight})");
        Assert.Contains(fused.Facts, f => f.Name == "maps combined" && f.Value == "2");
        var lead = fused.Regions[0];
        Assert.InRange(lead.X + (lead.Width / 2), 0, 128);
        Assert.InRange(lead.Y + (lead.Height / 2), 0, 128);
        var map = fused.Heatmap!;
        Assert.True(map.Values[(2 * map.Width) + 2] > 0.5f && map.Values[(map.Height - 3) * map.Width + map.Width - 3] < 0.2f);
    }

    [Fact]
    public void Flat_maps_give_a_neutral_fused_finding_and_no_maps_give_none()
    {
        var flat = new Heatmap(32, 32, new float[32 * 32], "flat");
        var result = new FusedManipulationMap().Combine(Context(256, 256), [Cue("noise.consistent", EvidenceCategory.Noise, EvidenceDirection.Neutral, flat)], CancellationToken.None);
        var fused = Assert.Single(result.Added);
        Assert.Equal(EvidenceDirection.Neutral, fused.Direction);
        Assert.Empty(fused.Regions);
        Assert.Empty(result.Replaces);
        Assert.Same(EvidenceCombination.None, new FusedManipulationMap().Combine(Context(256, 256), [Cue("jpeg.quality", EvidenceCategory.Compression, EvidenceDirection.Neutral, null)], CancellationToken.None));
    }

    [Fact]
    public async Task Scanner_counts_replaced_cues_once_through_the_fused_finding()
    {
        var cues = new[]
        {
            Cue("a.map", EvidenceCategory.Compression, EvidenceDirection.Manipulated, Blob(32, 0.9f, 4), 3.5, 0.8),
            Cue("b.map", EvidenceCategory.Noise, EvidenceDirection.Manipulated, Blob(32, 0.9f, 5), 3.5, 0.8),
        };
        var bytes = ImageEncoder.Png(Scenes.Natural(256, 256, 2));
        var path = Path.Combine(Path.GetTempPath(), $"fakelens-fused-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var detectors = new IDetector[] { new Stub(cues) };
            var plain = await new Scanner(detectors, new EvidenceFusion(), ScanLimits.Default).ScanFileAsync(path);
            var fused = await new Scanner(detectors, new EvidenceFusion(), ScanLimits.Default, [new FusedManipulationMap()]).ScanFileAsync(path);

            Assert.Equal(3, fused.Evidence.Count);
            Assert.True(fused.Timings.DetectorsMs.ContainsKey(FusedManipulationMap.EvidenceId));
            var top = fused.Verdict!.TopEvidence;
            Assert.Equal([FusedManipulationMap.EvidenceId], top.Select(t => t.Id));
            // Without the combiner both cues add up (two categories); with it only the fused weight counts.
            Assert.True(fused.Verdict.Probabilities.Manipulated < plain.Verdict!.Probabilities.Manipulated);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Stub(IReadOnlyList<Evidence> evidence) : IDetector
    {
        public string Id => "stub";

        public string Description => "stub";

        public EvidenceCategory Category => EvidenceCategory.Compression;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            context.PixelSize = (256, 256);
            return ValueTask.FromResult(evidence);
        }
    }
}
