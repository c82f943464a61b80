namespace FakeLens.Faces.Blend;

/// <summary>
/// Where a face's blend features were measured: the crop's origin in the image, the scale applied, the mesh centroid
/// in crop pixels and the convex hull's radius in each of the angle bins (for the normalised radius ρ).
/// </summary>
public sealed record BlendFrame(int OriginX, int OriginY, double Scale, double CentreX, double CentreY, IReadOnlyList<double> HullRadius)
{
    /// <summary>ρ, the radial unit vector and the sector of a point given in crop pixels.</summary>
    public (double Rho, float Ux, float Uy, int Sector) Polar(double x, double y)
    {
        var dx = x - CentreX;
        var dy = y - CentreY;
        var d = Math.Sqrt((dx * dx) + (dy * dy));
        if (d < 1e-6)
        {
            return (0, 1, 0, 0);
        }

        var theta = Math.Atan2(dy, dx);
        var bins = HullRadius.Count;
        var pos = (theta + Math.PI) / (2 * Math.PI) * bins;
        var i0 = (int)Math.Floor(pos) % bins;
        var frac = pos - Math.Floor(pos);
        var radius = (HullRadius[i0] * (1 - frac)) + (HullRadius[(i0 + 1) % bins] * frac);
        var sector = Math.Clamp((int)((theta + Math.PI) / (2 * Math.PI) * FaceBlendFeatures.Sectors), 0, FaceBlendFeatures.Sectors - 1);
        return (d / radius, (float)(dx / d), (float)(dy / d), sector);
    }

    /// <summary>The same for a point in image pixels.</summary>
    public (double Rho, int Sector) PolarOfImagePoint(double x, double y)
    {
        var (rho, _, _, sector) = Polar((x - OriginX) * Scale, (y - OriginY) * Scale);
        return (rho, sector);
    }
}
