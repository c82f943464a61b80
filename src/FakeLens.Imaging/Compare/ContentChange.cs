namespace FakeLens.Imaging.Compare;

/// <summary>
/// A face or a line of text that differs between the suspect and the aligned original (<see cref="ContentComparison"/>).
/// <paramref name="Subject"/>: "face" or "text". <paramref name="Change"/>: "changed" (the change map covers a good part of
/// it), "expression" (a face whose mouth, eyes or eyebrows moved against the rest of it), "identity" (a face whose
/// nose or outline has another shape: another person's face or a reshaped one), "added" (only in the suspect) or
/// "removed" (only in the original).
/// </summary>
/// <param name="Box">In change-map pixels (the suspect's frame, shrunk to ≤ <see cref="CompareOptions.MapSide"/>).</param>
/// <param name="ChangedFraction">Changed pixels of the change map inside the box / pixels of the box.</param>
/// <param name="LandmarkShift">Faces found on both sides: mean landmark displacement / eye distance; else null.</param>
/// <param name="Geometry">Faces found on both sides with a face mesh: how the mesh geometry differs (<see cref="FaceGeometry"/>); else null.</param>
public sealed record ContentChange(string Subject, string Change, CropBox Box, double ChangedFraction, double? LandmarkShift, string Position, string Sentence, FaceGeometryChange? Geometry = null);
