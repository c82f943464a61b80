// Issue 19, round 13 (bench only, not part of the solution): the chosen detectors of the build's catalog, in catalog order, on a
// fresh analysis context per repetition (one warm-up first; the decode and the luma plane before the clocks start); prints
// per detector process CPU ms/MP / wall ms/MP and the load average. faces.found needs FAKELENS_FACE_MODELS.
using System.Diagnostics;
using FakeLens;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

var path = args[0];
var reps = int.Parse(args[1]);
var ids = args[2].Split(',');
var detectors = DetectorCatalog.All().Where(d => ids.Contains(d.Id)).ToList();
var bytes = File.ReadAllBytes(path);
var me = Process.GetCurrentProcess();
for (var rep = -1; rep < reps; rep++)
{
    GC.Collect(2, GCCollectionMode.Aggressive, true, true);
    var ctx = new AnalysisContext(path, bytes, FakeLens.Core.Media.MediaSniffer.Sniff(bytes.AsSpan(0, 64), path), ScanLimits.Default);
    var image = ImageDecoder.Get(ctx).Image;
    image.Luma();
    var mp = image.Width * (double)image.Height / 1e6;
    var line = new List<string>();
    foreach (var d in detectors)
    {
        me.Refresh();
        var cpu0 = me.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await d.AnalyzeAsync(ctx, CancellationToken.None);
        sw.Stop();
        me.Refresh();
        line.Add($"{d.Id}={(me.TotalProcessorTime - cpu0).TotalMilliseconds / mp:0.0}/{sw.ElapsedMilliseconds / mp:0.0}");
    }

    Console.WriteLine((rep < 0 ? "warm " : $"rep{rep} ") + $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} " + string.Join(' ', line));
}
