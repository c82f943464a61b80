namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// What a copy-move method found: a mask (1 = part of a copied-from or copied-to area) on a grid of
/// <see cref="MapWidth"/> × <see cref="MapHeight"/> cells covering the whole image, the matched pairs, and
/// an image-level score in 0..1 (higher = more likely cloned).
/// </summary>
/// <param name="Features">Keypoints or blocks examined.</param>
/// <param name="Candidates">Matched keypoint pairs or block pairs before geometric checks.</param>
/// <param name="Limitation">Why the method could not look properly (tiny, flat image), or null.</param>
internal sealed record CopyMoveResult(int MapWidth, int MapHeight, float[] Mask, IReadOnlyList<CopyMoveMatch> Matches, double Score, int Features, int Candidates, string? Limitation)
{
    public static CopyMoveResult Empty(int width, int height, int features, string? limitation)
    {
        var w = Math.Clamp(width, 1, 64);
        var h = Math.Clamp(height, 1, 64);
        return new CopyMoveResult(w, h, new float[w * h], [], 0, features, 0, limitation);
    }
}
