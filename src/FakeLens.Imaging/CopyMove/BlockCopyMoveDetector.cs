using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.CopyMove;

// Copy-move (cloning) detection by block matching, for flat and low-texture areas where keypoints fail:
// Fridrich, Soukal & Lukáš (2003) overlapping blocks with lexicographic sorting and shift-vector voting,
// using the 16 lowest DCT coefficients as the block feature (Huang, Guo & Zhang 2011). Parameters and
// reasons are in BlockCopyMoveAnalyzer: ≤ 1 MP working luma, 16 × 16 blocks at stride 2, 8 sorted neighbours,
// L2 ≤ 4, shifts ≥ 24 px with ≥ 60 votes, then a full-resolution check that the fine sensor noise repeats
// (residual difference < 0.6 of its size) so that look-alike sky or wall is not taken for a clone.
// Translation only. Score = supporting blocks / (blocks + 40), 0.6 at 60 blocks.
public sealed class BlockCopyMoveDetector : PixelDetector
{
    public override string Id => "copy-move.blocks";

    public override string Description => "Copy-move in flat areas: overlapping blocks (low-frequency DCT) sorted and matched by shift, checked for repeated sensor noise.";

    public override EvidenceCategory Category => EvidenceCategory.CopyMove;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var result = BlockCopyMoveAnalyzer.Analyze(decoded.Image, cancellationToken);
        return CopyMoveReport.Build(Id, "blocks", result, decoded, 0.6);
    }
}
