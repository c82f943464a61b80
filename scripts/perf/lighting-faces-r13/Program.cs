// Issue 19, round 13 (bench only, not part of the solution): for each picture (files or folders; a folder's manifest.csv,
// if any, gives each file's tamper kind), faces.found, then lighting.contours and lighting.shadows twice on the same
// analysis context: with the Haar cascade's faces (as shipped) and with faces.found's boxes (LightingFaceSource).
// Prints one tab-separated line per file: kind, MP, faces.found's count, faces in each lighting analysis, each
// detector's evidence id and score, and the process CPU ms of faces.found and of each variant's lighting.contours.
// faces.found needs FAKELENS_FACE_MODELS (or the bootstrap's .fakelens/models/faces).
using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;

var provider = new FaceEngineProvider();
LightingFaceSource source = (c, d, ct) =>
{
    var f = StillFaces.Get(c, d, provider, ct);
    return f.WhyNot is null ? f.Faces.Select(o => new FaceRectangle(o.Box.X, o.Box.Y, o.Box.Width, o.Box.Height)).ToList() : null;
};
var found = new FacesFoundDetector(provider);
IDetector haarC = new LightingConsistencyDetector(), haarS = new ShadowConsistencyDetector();
IDetector ctxC = new LightingConsistencyDetector(faces: source), ctxS = new ShadowConsistencyDetector(faces: source);
var files = new List<(string Path, string Kind)>();
foreach (var a in args)
{
    if (Directory.Exists(a))
    {
        var manifest = Path.Combine(a, "manifest.csv");
        if (File.Exists(manifest))
        {
            files.AddRange(File.ReadLines(manifest).Skip(1).Select(l => l.Split(',')).Select(p => (Path.Combine(a, p[0]), p[1])));
        }
        else
        {
            files.AddRange(Directory.GetFiles(a).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Order().Select(f => (f, "photo")));
        }
    }
    else
    {
        files.Add((a, "photo"));
    }
}

var me = Process.GetCurrentProcess();
double Cpu()
{
    me.Refresh();
    return me.TotalProcessorTime.TotalMilliseconds;
}

static string Fact(IReadOnlyList<FakeLens.Core.Evidence.Evidence> ev, string name) => ev[0].Facts.FirstOrDefault(f => f.Name == name)?.Value ?? "-";
Console.WriteLine("file\tkind\tMP\tfaces.found\thaar faces\tcontext faces\tcontours haar\tscore\tcontours context\tscore\tshadows haar\tscore\tshadows context\tscore\tcpu faces.found\tcpu contours haar\tcpu contours context\tload");
foreach (var (path, kind) in files)
{
    var bytes = File.ReadAllBytes(path);
    var ctx = new AnalysisContext(path, bytes, FakeLens.Core.Media.MediaSniffer.Sniff(bytes.AsSpan(0, Math.Min(64, bytes.Length)), path), ScanLimits.Default);
    var decoded = ImageDecoder.Get(ctx);
    ctx.Image_Luma_Warm(decoded);
    var t0 = Cpu();
    var ff = await found.AnalyzeAsync(ctx, CancellationToken.None);
    var t1 = Cpu();
    var hc = await haarC.AnalyzeAsync(ctx, CancellationToken.None);
    var t2 = Cpu();
    var hs = await haarS.AnalyzeAsync(ctx, CancellationToken.None);
    var t3 = Cpu();
    var cc = await ctxC.AnalyzeAsync(ctx, CancellationToken.None);
    var t4 = Cpu();
    var cs = await ctxS.AnalyzeAsync(ctx, CancellationToken.None);
    var mp = decoded.Image.Width * (double)decoded.Image.Height / 1e6;
    var nFound = StillFaces.Get(ctx, decoded, provider, CancellationToken.None).Faces.Count;
    Console.WriteLine(string.Join('\t', Path.GetFileName(path), kind, mp.ToString("0.00"), nFound, Fact(hc, "faces found"), Fact(cc, "faces found"),
        hc[0].Id, Fact(hc, "score"), cc[0].Id, Fact(cc, "score"), hs[0].Id, Fact(hs, "score"), cs[0].Id, Fact(cs, "score"),
        (t1 - t0).ToString("0"), (t2 - t1).ToString("0"), (t4 - t3).ToString("0"), File.ReadAllText("/proc/loadavg").Split(' ')[0]));
}

internal static class Warm
{
    // The luma plane is shared by several detectors in a scan; computed before the clocks start so that neither variant pays for it.
    public static void Image_Luma_Warm(this AnalysisContext _, DecodedImage decoded) => decoded.Image.Luma();
}
