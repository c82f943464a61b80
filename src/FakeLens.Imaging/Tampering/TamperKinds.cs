namespace FakeLens.Imaging.Tampering;

/// <summary>Names of <see cref="TamperKind"/> as written in manifest.csv (kebab case).</summary>
public static class TamperKinds
{
    public static string Name(TamperKind kind) => kind switch
    {
        TamperKind.Control => "control",
        TamperKind.Splice => "splice",
        TamperKind.CopyMove => "copy-move",
        TamperKind.DoubleJpeg => "double-jpeg",
        TamperKind.Inpaint => "inpaint",
        TamperKind.AiFill => "ai-fill",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TamperKind? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "control" => TamperKind.Control,
        "splice" => TamperKind.Splice,
        "copy-move" => TamperKind.CopyMove,
        "double-jpeg" => TamperKind.DoubleJpeg,
        "inpaint" => TamperKind.Inpaint,
        "ai-fill" => TamperKind.AiFill,
        _ => null,
    };
}
