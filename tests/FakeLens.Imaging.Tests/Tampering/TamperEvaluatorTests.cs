using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Tampering;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Tampering;

/// <summary>
/// The code behind the tamper benchmark's headline figures, on a tiny set whose answers are counted by hand:
/// a stand-in detector draws known maps (one cell per pixel, so resampling is exact) and gives known scores.
/// </summary>
public sealed class TamperEvaluatorTests : IDisposable
{
    private const int Side = 64;
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-tamper-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The top-left 32 × 32 quarter: the edited area of every tampered file.</summary>
    private static bool InMask(int x, int y) => x < 32 && y < 32;

    private static Heatmap Map(Func<int, int, float> value)
    {
        var v = new float[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                v[(y * Side) + x] = value(x, y);
            }
        }

        return new Heatmap(Side, Side, v, "hand-made");
    }

    // file → (map, image score). Hand counts (1,024 edited pixels of 4,096):
    //  exact.png: 0.9 on the mask, 0.1 elsewhere            → F1 at 0.5 = 1, best 1
    //  half.png:  0.9 on the mask's left half only          → TP 512, FN 512, FP 0: F1 = 1024 / 1536 = 2/3 (best too)
    //  wrong.png: 0.7 on the bottom-right quarter, 0.3 on the mask, 0.1 elsewhere
    //             → F1 at 0.5 = 0; best at 0.3: TP 1024, FP 1024 (the 0.7 quarter) … and the 0.1 rest stays out: F1 = 2048 / 3072 = 2/3
    //  controls c1 (score 0.5) and c2 (score 0.1); tampered scores 0.9, 0.6, 0.2
    //  AUC = pairs tampered > control: exact 2, half 2, wrong 1 → 5 / 6; TPR at 5 % FPR: above the top control (0.5): 2 / 3.
    private static readonly Dictionary<string, (Heatmap Map, double Score)> Answers = new(StringComparer.Ordinal)
    {
        ["exact.png"] = (Map((x, y) => InMask(x, y) ? 0.9f : 0.1f), 0.9),
        ["half.png"] = (Map((x, y) => InMask(x, y) && x < 16 ? 0.9f : 0.1f), 0.6),
        ["wrong.png"] = (Map((x, y) => InMask(x, y) ? 0.3f : (x >= 32 && y >= 32 ? 0.7f : 0.1f)), 0.2),
        ["c1.png"] = (Map((x, y) => x >= 48 ? 0.8f : 0.1f), 0.5),
        ["c2.png"] = (Map((_, _) => 0.1f), 0.1),
    };

    private sealed class HandMadeMaps : IDetector
    {
        public string Id => "hand.map";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Compression;

        public bool AppliesTo(MediaType media) => media.Kind == MediaKind.Image;

        public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var (map, score) = Answers[Path.GetFileName(context.Path)];
            IReadOnlyList<Evidence> found =
            [
                new Evidence
                {
                    Id = "hand.map", DetectorId = Id, Category = Category, Direction = EvidenceDirection.Manipulated, Title = "t", Explanation = "t",
                    LikelihoodRatio = 2, Heatmap = map, Facts = [new Fact("score", score.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                },
            ];
            return ValueTask.FromResult(found);
        }
    }

    private void WriteSet()
    {
        var mask = new TamperMask(Side, Side, Enumerable.Range(0, Side * Side).Select(i => InMask(i % Side, i / Side) ? (byte)1 : (byte)0).ToArray());
        File.WriteAllBytes(Path.Combine(_dir, "mask.png"), mask.ToPng());
        File.WriteAllBytes(Path.Combine(_dir, "empty.png"), TamperMask.Empty(Side, Side).ToPng());
        var png = ImageEncoder.Png(Scenes.Natural(Side, Side));
        foreach (var name in Answers.Keys)
        {
            File.WriteAllBytes(Path.Combine(_dir, name), png);
        }

        File.WriteAllBytes(Path.Combine(_dir, "broken.png"), [0x78, 0x78, 0x78, 0x78]);
        TamperManifestEntry Entry(string file, TamperKind kind) =>
            new(file, kind, "src.png", "", "", kind == TamperKind.Control ? "empty.png" : "mask.png", kind == TamperKind.Control ? 0 : 0.25, "png");
        File.WriteAllText(Path.Combine(_dir, TamperManifest.FileName), TamperManifest.ToCsv(
        [
            Entry("exact.png", TamperKind.Splice), Entry("half.png", TamperKind.CopyMove), Entry("wrong.png", TamperKind.Inpaint),
            Entry("c1.png", TamperKind.Control), Entry("c2.png", TamperKind.Control), Entry("broken.png", TamperKind.Splice),
        ]));
    }

    [Fact]
    public async Task Image_AUC_TPR_and_pixel_F1_match_the_hand_counted_answers()
    {
        WriteSet();

        var result = await new TamperEvaluator([new HandMadeMaps()], [], ScanLimits.Default).RunAsync(_dir, null, 2, null, CancellationToken.None);

        var s = Assert.Single(result.Summaries);
        Assert.Equal("hand.map", s.Detector);
        Assert.Equal(5, s.Files);
        Assert.Equal(5, s.FilesWithMap);
        Assert.Equal(5.0 / 6, s.Auc, 6);
        Assert.Equal(2.0 / 3, s.TprAt5PercentFpr, 6);
        Assert.Equal((1 + (2.0 / 3) + 0) / 3, s.F1Default, 3);
        Assert.Equal((1 + (2.0 / 3) + (2.0 / 3)) / 3, s.F1Best, 3);

        Assert.DoesNotContain("Fused map:", result.ToMarkdown(), StringComparison.Ordinal);
        var (file, error) = Assert.Single(result.Errors);
        Assert.Equal("broken.png", file);
        Assert.Contains("not-media", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_file_without_a_map_scores_zero_pixel_F1_instead_of_being_dropped()
    {
        WriteSet();
        var withoutHalf = new NoMapFor("half.png");

        var result = await new TamperEvaluator([withoutHalf], [], ScanLimits.Default).RunAsync(_dir, null, 1, null, CancellationToken.None);

        var s = Assert.Single(result.Summaries);
        Assert.Equal(4, s.FilesWithMap);
        Assert.Equal((1 + 0 + 0) / 3.0, s.F1Default, 3);
    }

    [Fact]
    public async Task The_fused_maps_F1_at_its_own_threshold_is_the_headline()
    {
        WriteSet();

        var result = await new TamperEvaluator([new HandMadeMaps()], [new FusedManipulationMap()], ScanLimits.Default).RunAsync(_dir, null, 1, null, CancellationToken.None);

        var fused = Assert.Single(result.Summaries, s => s.Detector == FusedManipulationMap.EvidenceId);
        var headline = result.ToMarkdown().Split('\n')[2];
        Assert.StartsWith("**Fused map: pixel F1 " + fused.F1Default.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " at its own threshold", headline, StringComparison.Ordinal);
    }

    private sealed class NoMapFor(string file) : IDetector
    {
        private readonly HandMadeMaps _inner = new();

        public string Id => _inner.Id;

        public string Description => _inner.Description;

        public EvidenceCategory Category => _inner.Category;

        public bool AppliesTo(MediaType media) => _inner.AppliesTo(media);

        public async ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var found = await _inner.AnalyzeAsync(context, cancellationToken);
            return Path.GetFileName(context.Path) == file ? [found[0] with { Heatmap = null }] : found;
        }
    }
}
