namespace FakeLens.Imaging.Compare;

/// <summary>
/// The part of the suspect the original does not cover, in map pixels per side (bounding box of the covered
/// area), as a fraction of the suspect, and whether it is plain (a border or fill) or has content.
/// </summary>
internal sealed record BorderChange(double Left, double Top, double Right, double Bottom, double Fraction, bool Uniform);
