// Issue 19, round 12 (bench only, not part of the solution): the three detectors the round worked on, in the scanner's order, on a
// fresh analysis context per repetition (one warm-up first); prints per detector CPU ms/MP / wall ms/MP / minor faults.
// With a third argument "luma" the luma plane is computed before jpeg.ghosts' clock starts (in a scan earlier detectors ask
// for it first). faces.found needs FAKELENS_FACE_MODELS (or the bootstrap's .fakelens/models/faces).
// The context is built without the scanner, so the managed heap gets no huge-page advice (ninth round).
using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.Imaging.Lighting;
using FakeLens.Faces.Still;

var path = args[0];
var reps = int.Parse(args[1]);
var bytes = File.ReadAllBytes(path);
IDetector[] detectors = [new ImageDecodeDetector(), new JpegGhostDetector(), new LightingConsistencyDetector(), new FacesFoundDetector(new FaceEngineProvider())];
var me = Process.GetCurrentProcess();
static long Faults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);
double mp = 0;
for (var rep = -1; rep < reps; rep++)
{
    GC.Collect(2, GCCollectionMode.Aggressive, true, true);
    var ctx = new AnalysisContext(path, bytes, FakeLens.Core.Media.MediaSniffer.Sniff(bytes.AsSpan(0, 64), path), ScanLimits.Default);
    var line = new List<string>();
    foreach (var d in detectors)
    {
        if (d is JpegGhostDetector && args.Length > 2 && args[2] == "luma")
        {
            ImageDecoder.Get(ctx).Image.Luma();
        }

        me.Refresh();
        var cpu0 = me.TotalProcessorTime;
        var f0 = Faults();
        var sw = Stopwatch.StartNew();
        await d.AnalyzeAsync(ctx, CancellationToken.None);
        sw.Stop();
        me.Refresh();
        var cpu = (me.TotalProcessorTime - cpu0).TotalMilliseconds;
        mp = ctx.PixelSize is { } s ? s.Width * (double)s.Height / 1e6 : 1;
        line.Add($"{d.Id}={cpu / mp:0.0}/{sw.ElapsedMilliseconds / mp:0.0}/{Faults() - f0}");
    }

    Console.WriteLine((rep < 0 ? "warm " : $"rep{rep} ") + $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} " + string.Join(' ', line));
}
