namespace FakeLens.Imaging.Noise;

/// <summary>
/// How a noise estimator names itself in the findings that <see cref="NoiseMapReport"/> writes.
/// </summary>
/// <param name="DetectorId">Id of the detector (e.g. <c>noise.wavelet</c>).</param>
/// <param name="IdPrefix">Prefix of the evidence ids (<c>noise</c> for the residual detector, else the detector id).</param>
/// <param name="HowMeasured">Words for a person: how the noise was measured ("from the finest diagonal wavelet detail").</param>
/// <param name="SmoothRadius">Block radius of the box smoothing of the deviation map before thresholding (0 when the estimator already pools neighbours).</param>
/// <param name="EmitLevel">Whether to add the image-wide <c>noise.level</c> finding (only one detector should).</param>
/// <param name="DetailConditioned">Compare each block with blocks of similar detail rather than with the whole image.</param>
/// <param name="MapOnlyWhenFlagged">
/// Attach the heatmap only to an "inconsistent regions" finding. The fused manipulation map averages every map it is
/// given; on the tamper benchmark (recompressed JPEG) a "nothing stands out" noise map is close to random, and three
/// more of them lowered the fused image AUC from 0.66 to 0.57–0.61 and its pixel F1 from 0.54 to 0.46.
/// </param>
/// <param name="MinScore">Inconsistency score from which an area is reported as manipulated.</param>
internal sealed record NoiseMethod(string DetectorId, string IdPrefix, string HowMeasured, int SmoothRadius, bool EmitLevel, bool DetailConditioned = false, bool MapOnlyWhenFlagged = false, double MinScore = 0.45);
