namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>What the manifest says about the asset.</summary>
/// <param name="DigitalSourceType">IPTC digital source type, as a short name (<c>trainedAlgorithmicMedia</c>) or the full IPTC URI.</param>
/// <param name="Title">Optional <c>dc:title</c> of the claim.</param>
/// <param name="Actions">Actions in order; <c>c2pa.created</c> is put first when missing (C2PA 2.x requires an inception action).</param>
/// <param name="ClaimGeneratorName">Name in claim_generator_info and in each action's softwareAgent.</param>
/// <param name="ClaimGeneratorVersion">Version in claim_generator_info and softwareAgent.</param>
public sealed record C2paSignOptions(
    string DigitalSourceType,
    string? Title = null,
    IReadOnlyList<string>? Actions = null,
    string ClaimGeneratorName = "FakeLens",
    string ClaimGeneratorVersion = "0.1");
