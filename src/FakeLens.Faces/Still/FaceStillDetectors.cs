using FakeLens.Core.Detection;

namespace FakeLens.Faces.Still;

/// <summary>The still-image face detectors, sharing one lazily loaded face engine and one face search per file.</summary>
public static class FaceStillDetectors
{
    public static IReadOnlyList<IDetector> Create()
    {
        var provider = new FaceEngineProvider();
        return [new FacesFoundDetector(provider), new FaceSurroundingsDetector(provider), new CornealHighlightDetector(provider), new FaceBlendDetector(provider)];
    }
}
