using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// A small labelled image set written to a temporary folder: camera-like scenes (real) and two "generator"
/// families that carry up-sampling traces — nearest/bilinear 2× up-sampling, and a stride-2 transposed
/// convolution — on other scenes, all saved as PNG at the same size, so only the pixels differ.
/// </summary>
internal sealed class SyntheticImageSet : IDisposable
{
    public SyntheticImageSet(int perFolder, int size = 320, int seed = 1)
    {
        Root = Directory.CreateTempSubdirectory("fakelens-imgset-").FullName;
        RealDir = Directory.CreateDirectory(Path.Combine(Root, "real", "camera")).FullName;
        FakeDir = Directory.CreateDirectory(Path.Combine(Root, "fake")).FullName;
        Directory.CreateDirectory(Path.Combine(FakeDir, "upsampled"));
        Directory.CreateDirectory(Path.Combine(FakeDir, "transposed"));
        var random = new Random(seed);
        for (var i = 0; i < perFolder; i++)
        {
            Save(Path.Combine(RealDir, $"r{i:00}.png"), Scenes.Natural(size, size, seed: (seed * 1000) + i, noiseSigma: 2 + (i % 3)));
            var small = Scenes.Natural(size / 2, size / 2, seed: (seed * 1000) + 500 + i, noiseSigma: 2 + (i % 3));
            Save(Path.Combine(FakeDir, "upsampled", $"u{i:00}.png"), i % 2 == 0 ? PseudoFakes.Nearest(small) : PseudoFakes.Bilinear(small));
            Save(Path.Combine(FakeDir, "transposed", $"t{i:00}.png"), PseudoFakes.Transposed(small, random));
        }
    }

    public string Root { get; }

    public string RealDir { get; }

    /// <summary>Holds one sub-folder per family: upsampled/ and transposed/.</summary>
    public string FakeDir { get; }

    public IReadOnlyList<ImageSample> Samples() => ImageDataset.Collect([RealDir], [FakeDir]);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Save(string path, RgbImage image) => File.WriteAllBytes(path, ImageEncoder.Png(image));
}
