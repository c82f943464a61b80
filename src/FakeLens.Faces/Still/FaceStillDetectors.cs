using FakeLens.Core.Detection;

namespace FakeLens.Faces.Still;

/// <summary>The still-image face detectors, sharing one lazily loaded face engine and one face search per file.</summary>
public static class FaceStillDetectors
{
    public static IReadOnlyList<IDetector> Create() => Create(new FaceEngineProvider());

    /// <summary>The detectors on a given engine (shared with <see cref="StillFaces.ForLighting"/> in the catalog).</summary>
    public static IReadOnlyList<IDetector> Create(FaceEngineProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return [new FacesFoundDetector(provider), new FaceSurroundingsDetector(provider), new CornealHighlightDetector(provider), new FaceBlendDetector(provider)];
    }
}
