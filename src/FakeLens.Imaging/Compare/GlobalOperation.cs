namespace FakeLens.Imaging.Compare;

/// <summary>
/// One operation applied to the whole picture between the original and the suspect.
/// <paramref name="Kind"/>: crop, scale, aspect, rotation, mirror, flip, recompression, tone, border, extension.
/// </summary>
public sealed record GlobalOperation(string Kind, string Description, IReadOnlyDictionary<string, double> Parameters);
