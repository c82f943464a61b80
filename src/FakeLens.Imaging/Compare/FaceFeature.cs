namespace FakeLens.Imaging.Compare;

/// <summary>
/// A named group of face-mesh points (in picture pixels) for comparing face geometry (<see cref="FaceGeometry"/>):
/// <paramref name="Expression"/> features (mouth, eyes, eyebrows) move with a change of expression; the others
/// (nose, face outline) keep their shape unless the face is another person's or was reshaped. The same locator gives
/// every face the same features with the same point counts, in the same order.
/// </summary>
public sealed record FaceFeature(string Name, bool Expression, IReadOnlyList<(float X, float Y)> Points);
