namespace FakeLens.Imaging.Compare;

/// <summary>
/// The affine map from the original's pixels to the suspect's (suspect = A · original + t) and its reading as
/// operations a person applies: mirror first, then scale (per axis), rotate, crop/shift.
/// </summary>
/// <param name="A11">Row 1 of A, then t.</param>
/// <param name="Scale">Suspect pixels per original pixel (geometric mean of both axes).</param>
/// <param name="Aspect">Horizontal / vertical scale (1 when the aspect ratio was kept).</param>
/// <param name="RotationDegrees">Counter-clockwise rotation as seen on screen, in (−180, 180].</param>
/// <param name="MirroredHorizontally">True when the picture was mirrored left-right.</param>
/// <param name="MirroredVertically">True when the picture was flipped upside down (mirror plus half turn).</param>
/// <param name="CropBox">The part of the original visible in the suspect (x, y, width, height, original pixels).</param>
/// <param name="OriginalVisible">Fraction of the original's area that the suspect shows.</param>
/// <param name="SuspectCovered">Fraction of the suspect's area that comes from the original.</param>
public sealed record Geometry(
    double A11, double A12, double Tx, double A21, double A22, double Ty,
    double Scale, double Aspect, double RotationDegrees, bool MirroredHorizontally, bool MirroredVertically,
    CropBox CropBox, double OriginalVisible, double SuspectCovered)
{
    /// <summary>Reads an affine map (suspect = A · original + t) as mirror, scale, aspect, rotation.</summary>
    internal static (double Scale, double Aspect, double Rotation, bool MirrorH, bool MirrorV) Decompose(double a, double b, double c, double d)
    {
        var det = (a * d) - (b * c);
        var mirrored = det < 0;
        if (mirrored)
        {
            // A = A' · diag(−1, 1): mirror first, then a proper similarity-with-aspect A'.
            a = -a;
            c = -c;
            det = -det;
        }

        // A' = R(θ) · [[sx, sh], [0, sy]]; θ in image coordinates (y down), so on screen it is −θ.
        var sx = Math.Sqrt((a * a) + (c * c));
        var theta = Math.Atan2(c, a);
        var sy = det / Math.Max(sx, 1e-12);
        var rotation = -theta * 180 / Math.PI;
        var mirrorV = false;
        if (mirrored && Math.Abs(Math.Abs(rotation) - 180) < 45)
        {
            // Mirror left-right then a half turn is a flip upside down.
            mirrored = false;
            mirrorV = true;
            rotation = rotation > 0 ? rotation - 180 : rotation + 180;
        }

        rotation = Normalise(rotation);
        return (Math.Sqrt(det), sx / Math.Max(sy, 1e-12), rotation, mirrored, mirrorV);
    }

    private static double Normalise(double degrees)
    {
        while (degrees <= -180)
        {
            degrees += 360;
        }

        while (degrees > 180)
        {
            degrees -= 360;
        }

        return degrees;
    }
}
