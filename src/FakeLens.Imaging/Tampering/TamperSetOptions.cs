namespace FakeLens.Imaging.Tampering;

/// <summary>Parameters of <see cref="TamperSetMaker"/>; the defaults are those of docs/tamper.md.</summary>
public sealed record TamperSetOptions
{
    /// <summary>Seed of every random choice: the same seed and sources give byte-identical sets.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Files to write (controls included).</summary>
    public int Count { get; init; } = 200;

    /// <summary>Quality of the last save, the same for every file (tampered and controls).</summary>
    public int FinalQuality { get; init; } = 90;

    /// <summary>Range of the "camera" JPEG quality every photo is saved at before editing (drawn per file, for every class alike).</summary>
    public int CameraQualityMin { get; init; } = 75;

    public int CameraQualityMax { get; init; } = 95;

    /// <summary>Photos with a longer side above this are scaled down first (bounds memory on very large sources).</summary>
    public int MaxSide { get; init; } = 2048;

    /// <summary>
    /// Kinds in the order they are dealt to files, cycling: 2 controls, 2 splices and one each of copy-move,
    /// double JPEG and inpainting per 7 files (≈ 29 % controls).
    /// </summary>
    public IReadOnlyList<TamperKind> Cycle { get; init; } =
    [
        TamperKind.Control, TamperKind.Splice, TamperKind.CopyMove, TamperKind.Control, TamperKind.DoubleJpeg, TamperKind.Splice, TamperKind.Inpaint,
    ];

    /// <summary>
    /// AI-generated images the <see cref="TamperKind.AiFill"/> files take their area from (e.g. shared/data/images/ai). Needed
    /// only when the cycle holds that kind.
    /// </summary>
    public IReadOnlyList<string> AiSources { get; init; } = [];

    /// <summary>Share of the picture an AI-filled area's box covers, drawn in turn per AI-fill file (the shape inside may cover less).</summary>
    public IReadOnlyList<double> AiFillAreas { get; init; } = [0.15, 0.30, 0.50];

    /// <summary>The cycle used when AI sources are given and no cycle is named: one control per AI-filled file.</summary>
    public static IReadOnlyList<TamperKind> AiFillCycle { get; } = [TamperKind.Control, TamperKind.AiFill];
}
