namespace FakeLens.Imaging.Compare;

/// <summary>
/// How the geometry of one face differs between the suspect and the original after similarity alignment
/// (<see cref="FaceGeometry"/>). Shifts are RMS point displacements divided by the original's eye distance.
/// </summary>
/// <param name="Change">"expression", "identity" (the shape of nose or face outline differs: another person's face or a
/// reshaped one) or null when the geometry agrees within the measured noise.</param>
/// <param name="Feature">The feature that moved most.</param>
/// <param name="FeatureShifts">Per feature (mouth, eyes, eyebrows, nose, outline), its shift.</param>
public sealed record FaceGeometryChange(string? Change, double ExpressionShift, double ShapeShift, string Feature, IReadOnlyDictionary<string, double> FeatureShifts);
