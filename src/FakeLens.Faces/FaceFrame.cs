using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces;

/// <summary>One video frame for the face analyser: its absolute time in the video and its pixels.</summary>
public sealed record FaceFrame(double TimeSeconds, RgbImage Image);
