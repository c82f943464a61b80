// perf11 (issues 13 and 19; bench only, not part of the solution): where ai-image.model's CPU goes on one picture. After one
// warm-up, per repetition: the whole detector (Analyze: v9's score, its map, v7's map where v9 has a candidate), the video
// frame scorer (the grid only), then the
// feature families of one 256 px window alone (each through an extractor of that family only, so each figure includes
// loading the patch planes), the classifier on one vector, and how many grid patches and map windows the picture gets.
// Prints process CPU ms (Environment.CpuUsage) beside wall ms and the load average.
using System.Diagnostics;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Image;

var path = args[0];
var reps = int.Parse(args[1]);
var decoded = ImageDecoder.Decode(File.ReadAllBytes(path), long.MaxValue);
var image = decoded.Image;
var detector = new AiImageModelDetector();
var frameDetector = new AiImageModelDetector(windowMap: false); // video.frames' scorer: the verdict's grid is the map
var model = LearnedImageModel.LoadDefault();
var (grid, cols, rows) = PatchLayout.Grid(image.Width, image.Height, LearnedImageModel.MaxPatches);
var rect = grid[0];
(string Name, ImagePatchFeatures Extractor)[] families =
[
    ("spectral", new(ImageFeatureFamilies.Spectral)), ("npr", new(ImageFeatureFamilies.Npr)), ("spam", new(ImageFeatureFamilies.Spam)),
    ("colour", new(ImageFeatureFamilies.Colour)), ("noise", new(ImageFeatureFamilies.Noise)),
    ("resnet pool", new(ImageFeatureFamilies.ResNet)), ("resnet pool+layers", new(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.ResNetLayers)),
    ("v9 all", model.Extractor),
];
static (double Cpu, double Wall) Time(Action a, int n = 1)
{
    var c0 = Environment.CpuUsage.TotalTime;
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        a();
    }

    return ((Environment.CpuUsage.TotalTime - c0).TotalMilliseconds / n, sw.Elapsed.TotalMilliseconds / n);
}

var mp = image.Width * (double)image.Height / 1e6;
Console.WriteLine($"{Path.GetFileName(path)} {image.Width}x{image.Height} ({mp:0.00} MP): grid {grid.Length} patches ({cols}x{rows}) of {rect.Size} px");
for (var rep = -1; rep < reps; rep++)
{
    GC.Collect(2, GCCollectionMode.Aggressive, true, true);
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
    FakeLens.Core.Evidence.Evidence? e = null;
    var whole = Time(() => e = detector.Analyze(decoded, null, CancellationToken.None));
    var frame = Time(() => frameDetector.Analyze(decoded, null, CancellationToken.None));
    var line = new List<string> { $"detector {whole.Cpu:0}/{whole.Wall:0} ms ({whole.Cpu / mp:0} ms/MP CPU)", $"as a video frame {frame.Cpu:0}/{frame.Wall:0} ms", $"windows: {e!.Facts.First(f => f.Name == "patches scored").Value}" };
    foreach (var (name, extractor) in families)
    {
        var t = Time(() => extractor.Extract(image, rect), 3);
        line.Add($"{name} {t.Cpu:0.0}/{t.Wall:0.0}");
    }

    var v = model.Extractor.Extract(image, rect);
    var s = Time(() => model.Model.RawScore(v), 20);
    line.Add($"classifier {s.Cpu:0.00}/{s.Wall:0.00}");
    Console.WriteLine((rep < 0 ? "warm " : $"rep{rep} ") + $"load {load} | " + string.Join(" | ", line));
}
