namespace FakeLens.Provenance.Metadata;

/// <summary>A software mention recognised by <see cref="SoftwareCatalog"/>.</summary>
/// <param name="Mention">Where and as what the program was named.</param>
/// <param name="Kind">What the program is.</param>
/// <param name="Product">The catalogue's name for the product ("Adobe Photoshop").</param>
public sealed record SoftwareMatch(SoftwareMention Mention, SoftwareKind Kind, string? Product);
