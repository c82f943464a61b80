namespace FakeLens.Imaging.Tampering;

/// <summary>The edit applied to one file of a tamper benchmark set.</summary>
public enum TamperKind
{
    /// <summary>Untouched: the original photo through the same saves as every other file.</summary>
    Control,

    /// <summary>An area pasted from a second photo.</summary>
    Splice,

    /// <summary>An area of the photo copied (moved, rotated, scaled) onto another part of the same photo.</summary>
    CopyMove,

    /// <summary>An area recompressed as JPEG at another quality or on a shifted 8×8 grid, pasted back.</summary>
    DoubleJpeg,

    /// <summary>An object removed and the hole filled from its surroundings (OpenCV inpainting).</summary>
    Inpaint,

    /// <summary>An area of an AI-generated image (native pixels, soft edge, sometimes colour-matched) pasted into the photo: a partly generated picture.</summary>
    AiFill,
}
