namespace FakeLens.Watermark.StableDiffusion;

/// <summary>The two invisible-watermark methods: the Haar-LL coefficient quantiser and the DCT/SVD variant.</summary>
internal enum SdMethod
{
    /// <summary><c>dwtDct</c>: quantises the largest non-first coefficient of each 4×4 Haar-LL block.</summary>
    DwtDct,

    /// <summary><c>dwtDctSvd</c>: quantises the largest singular value of each 4×4 block's DCT.</summary>
    DwtDctSvd,
}
