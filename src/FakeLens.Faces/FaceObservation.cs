using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;

namespace FakeLens.Faces;

/// <summary>One face found in one image or frame: the detector's box and the mesh fitted inside it.</summary>
public sealed record FaceObservation(FaceBox Box, FaceMesh Mesh);
