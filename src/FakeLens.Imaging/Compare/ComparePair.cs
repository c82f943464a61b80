namespace FakeLens.Imaging.Compare;

/// <summary>
/// A generated pair with a known operation: <paramref name="Operation"/> (crop, scale, rotation, mirror, flip,
/// recompression, tone, border, splice, removal), its parameter <paramref name="Expected"/> in the unit of the
/// matching <see cref="GlobalOperation"/> parameter, and for local edits the ground-truth mask on the suspect
/// (1 = changed, row-major, suspect size).
/// </summary>
public sealed record ComparePair(CompareInput Suspect, CompareInput Original, string Operation, double Expected, byte[]? Mask);
