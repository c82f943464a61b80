namespace FakeLens.Imaging.Compare;

/// <summary>
/// One connected area where the suspect's content differs from the aligned original by more than the noise.
/// <paramref name="Kind"/>: "added" (the suspect shows something the original did not), "removed" (something
/// in the original is gone, its place blends with the surroundings) or "replaced".
/// </summary>
/// <param name="Box">Bounding box in suspect pixels.</param>
/// <param name="AreaFraction">Changed pixels / pixels of the suspect.</param>
/// <param name="Position">Where in the suspect ("the lower left", "the centre").</param>
/// <param name="Strength">Mean colour difference inside the area, in grey levels after tone matching.</param>
public sealed record ChangeRegion(string Kind, CropBox Box, double AreaFraction, string Position, double Strength, string Sentence);
