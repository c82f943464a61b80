namespace FakeLens.Imaging.Tampering;

/// <summary>One row of a tamper set's manifest.csv.</summary>
/// <param name="File">Image file name, relative to the set folder.</param>
/// <param name="Kind">The edit applied.</param>
/// <param name="Source">The photo the file was made from (file name under --from).</param>
/// <param name="Donor">The second photo a splice took its area from; empty otherwise.</param>
/// <param name="Parameters">The edit's parameters as <c>key=value</c> pairs joined by <c>;</c>.</param>
/// <param name="Mask">Ground-truth mask file name (PNG, white = tampered), relative to the set folder.</param>
/// <param name="TamperedFraction">Share of the pixels inside the mask.</param>
/// <param name="FinalFormat">How every file was last saved (identical for all classes, e.g. <c>jpeg-q90</c>).</param>
public sealed record TamperManifestEntry(
    string File, TamperKind Kind, string Source, string Donor, string Parameters, string Mask, double TamperedFraction, string FinalFormat);
