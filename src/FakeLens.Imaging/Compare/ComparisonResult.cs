using System.Text.Json.Serialization;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// The outcome of <see cref="ImageComparer.Compare(CompareInput, CompareInput, CancellationToken)"/>. When
/// <see cref="Related"/> is false the two files are not the same picture and nothing else is filled in beyond
/// <see cref="Summary"/>, the facts and the match counts.
/// </summary>
public sealed record ComparisonResult
{
    public const string SchemaVersion = "fakelens.compare/1";

    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaVersion;

    public required ImageFacts Suspect { get; init; }

    public required ImageFacts Original { get; init; }

    public required bool Related { get; init; }

    /// <summary>One or two plain sentences for a reader.</summary>
    public required string Summary { get; init; }

    /// <summary>Keypoint matches that passed the ratio test, and how many fitted one affine map.</summary>
    public int Matches { get; init; }

    public int Inliers { get; init; }

    public Geometry? Geometry { get; init; }

    public IReadOnlyList<GlobalOperation> Operations { get; init; } = [];

    public IReadOnlyList<ChangeRegion> Regions { get; init; } = [];

    /// <summary>Faces and text lines that differ (<see cref="ContentComparison"/>).</summary>
    public IReadOnlyList<ContentChange> Content { get; init; } = [];

    /// <summary>Faces found (the larger count of the two sides), so "no face changed" can be told from "no face seen".</summary>
    public int FacesFound { get; init; }

    /// <summary>
    /// Whether faces were looked for. False when the comparer had no face locator, its face models are missing, or
    /// content checks were turned off (<see cref="FacesNotCheckedReason"/> says which); <see cref="FacesFound"/> is
    /// then 0 because nobody looked, not because there is no face. Unrelated pairs stop before faces: false, no reason.
    /// </summary>
    public bool FacesChecked { get; init; }

    /// <summary>Why faces were not checked, or null when they were.</summary>
    public string? FacesNotCheckedReason { get; init; }

    /// <summary>Candidate text lines found in the suspect.</summary>
    public int TextLinesFound { get; init; }

    /// <summary>Changed pixels / pixels of the suspect covered by the original.</summary>
    public double ChangedFraction { get; init; }

    /// <summary>Median residual after alignment and tone matching (grey levels): recompression and resampling noise.</summary>
    public double NoiseLevel { get; init; }

    /// <summary>Luma correlation of the aligned pair over the covered area (1 = identical up to tone).</summary>
    public double Correlation { get; init; }

    public EarlierVerdict? Earlier { get; init; }

    /// <summary>The change map (not serialised; the HTML report draws it).</summary>
    [JsonIgnore]
    public ChangeMap? Map { get; init; }

    /// <summary>The suspect at map resolution (not serialised).</summary>
    [JsonIgnore]
    public RgbImage? SuspectView { get; init; }

    /// <summary>The original warped onto the suspect's frame at map resolution (not serialised).</summary>
    [JsonIgnore]
    public RgbImage? AlignedOriginal { get; init; }
}
