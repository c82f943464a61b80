using FakeLens.Audio.Cues;
using FakeLens.Core.Detection;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Cfa;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Ela;
using FakeLens.Imaging.Jpeg;
using FakeLens.Imaging.Lighting;
using FakeLens.Imaging.Noise;
using FakeLens.Learning.Image;
using FakeLens.Learning.Speech;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.Labels;
using FakeLens.Provenance.Metadata;
using FakeLens.Video.Container;
using FakeLens.Video.Frames;
using FakeLens.Watermark;
using FakeLens.Watermark.Audio;
using FakeLens.Watermark.Robust;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens;

/// <summary>
/// The composition root: every detector this build ships, in the order they run. Every front end (the CLI, the
/// server, workers, other .NET apps) builds its detectors here, usually through <see cref="Analyzer"/>.
/// </summary>
public static class DetectorCatalog
{
    /// <summary>Every detector, with default options (open watermark key only, no C2PA trust anchors).</summary>
    /// <returns>New detector instances, in the order they run.</returns>
    public static IReadOnlyList<IDetector> All() => All(DetectorOptions.Default);

    /// <summary>Every detector, configured by <paramref name="options"/>.</summary>
    /// <param name="options">Watermark keys and C2PA trust anchors.</param>
    /// <returns>New detector instances, in the order they run.</returns>
    public static IReadOnlyList<IDetector> All(DetectorOptions options)
    {
        // One face engine for the still-image face detectors and the lighting analysis, which takes faces.found's boxes
        // instead of running its own Haar cascade (issue 19, round 13: two thirds of lighting.contours' time, and on the
        // ml72 and Kodak photos more false faces and more false "inconsistent" findings; see docs/performance.md).
        // The face detectors come first, so that in a one-thread scan the face search is charged to faces.found.
        var faces = new FaceEngineProvider();
        var lightingFaces = StillFaces.ForLighting(faces);
        return
        [
            new FileFormatDetector(),
            new C2paDetector(options.TrustAnchorsPath is null ? C2paTrustSettings.None : C2paTrustSettings.FromPemFile(options.TrustAnchorsPath)),
            new GeneratorLabelDetector(),
            new ImageDecodeDetector(),
            new MetadataDetector(),
            new JpegStructureDetector(),
            new DoubleQuantizationDetector(),
            new NonAlignedDoubleJpegDetector(),
            new JpegGhostDetector(),
            new BlockGridDetector(),
            new ErrorLevelAnalysisDetector(),
            new NoiseResidualDetector(),
            new WaveletNoiseDetector(),
            new KurtosisNoiseDetector(),
            new PcaNoiseDetector(),
            new CfaTraceDetector(),
            new KeypointCopyMoveDetector(),
            new BlockCopyMoveDetector(),
            .. FaceStillDetectors.Create(faces),
            new LightingConsistencyDetector(faces: lightingFaces),
            new ShadowConsistencyDetector(faces: lightingFaces),
            new AiImageModelDetector(),
            new StableDiffusionWatermarkDetector(),
            new FakeLensWatermarkDetector([FakeLensImageWatermark.DefaultKey, .. options.WatermarkKeys.Select(WatermarkKey.FromPassphrase)]),
            new AudioWatermarkDetector(),
            new SpeechBandwidthDetector(),
            new SpeechModelDetector(),
            new VideoContainerDetector(),
            new VideoFramesDetector([new FrameScorer(new AiImageModelDetector(windowMap: false), 12, reuseWhenUnchanged: true), new FrameScorer(new StableDiffusionWatermarkDetector(), 120), new FrameScorer(new FakeLensWatermarkDetector([FakeLensImageWatermark.DefaultKey, .. options.WatermarkKeys.Select(WatermarkKey.FromPassphrase)]), 8)], FaceSequenceAnalyzer.TryCreate()),
        ];
    }

    /// <summary>
    /// Chooses detectors by id. <paramref name="only"/> keeps those whose id equals or starts with an entry
    /// ("noise" selects "noise.residual"); <paramref name="skip"/> removes them. Unknown names are errors.
    /// </summary>
    /// <param name="all">The detectors to choose from.</param>
    /// <param name="only">Ids or prefixes to keep; empty keeps all.</param>
    /// <param name="skip">Ids or prefixes to remove.</param>
    /// <param name="error">Set to a message naming the unknown entries, else null.</param>
    /// <returns>The chosen detectors in catalog order; empty when <paramref name="error"/> is set.</returns>
    public static IReadOnlyList<IDetector> Select(IReadOnlyList<IDetector> all, IReadOnlyList<string> only, IReadOnlyList<string> skip, out string? error)
    {
        error = null;
        static bool Matches(IDetector d, string name) =>
            d.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || d.Id.StartsWith(name + ".", StringComparison.OrdinalIgnoreCase);

        var unknown = only.Concat(skip).Where(n => !all.Any(d => Matches(d, n))).ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown detector(s): {string.Join(", ", unknown)}. Run 'fakelens detectors' for the list.";
            return [];
        }

        return all.Where(d => (only.Count == 0 || only.Any(n => Matches(d, n))) && !skip.Any(n => Matches(d, n))).ToList();
    }
}
