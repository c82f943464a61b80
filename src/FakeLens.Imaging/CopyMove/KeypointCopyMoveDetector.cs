using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.CopyMove;

// Copy-move (cloning) detection with SIFT keypoints, g2NN matching, clustering and affine RANSAC after
// Amerini et al. (2011, IEEE TIFS); parameters and the reasons for them are in SiftCopyMoveAnalyzer:
// luma ≤ 1600 px, ≤ 4000 keypoints, g2NN ratio 0.5, pairs ≥ 10 px apart, single-linkage clusters within
// max(24 px, 3 % of the diagonal), RANSAC 3 px, ≥ 8 inliers, scale 0.5–2, shift ≥ 16 px; dense mask from
// 7 × 7 NCC > 0.8 between the image and itself warped by the found map. Handles translation, rotation, scale
// and mirroring; misses flat areas (no keypoints), which CopyMoveBlockDetector covers.
// Score = best inliers / (best inliers + 12): 0 without matches, 0.4 at the 8-inlier bar, ~0.8 at 50.
// This is the slowest image detector (SIFT + all-pairs matching); its time is reported separately.
public sealed class KeypointCopyMoveDetector : PixelDetector
{
    public override string Id => "copy-move.sift";

    public override string Description => "Copy-move (cloned areas): SIFT keypoints matched within the image, verified by an affine fit; mask of source and target.";

    public override EvidenceCategory Category => EvidenceCategory.CopyMove;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var result = SiftCopyMoveAnalyzer.Analyze(decoded.Image, cancellationToken);
        return CopyMoveReport.Build(Id, "keypoints", result, decoded, 0.7);
    }
}
