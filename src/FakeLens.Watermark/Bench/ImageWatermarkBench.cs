using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Bench;

/// <summary>
/// The robustness benchmark of issue 4: marks every photo with every scheme, applies every attack, detects, and
/// tabulates payload bit accuracy and detection rate. Bit accuracy compares the decoded payload with the embedded
/// one bit by bit; a scheme that reads nothing scores ½ per bit (chance), so a failure is never shown as 0.
/// </summary>
public static class ImageWatermarkBench
{
    public static ImageWatermarkBenchResult Run(
        IReadOnlyList<BenchScheme> schemes,
        IReadOnlyList<RgbImage> photos,
        IReadOnlyList<ImageAttack>? attacks = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(photos);
        attacks ??= ImageAttacks.Standard;
        var acc = new double[attacks.Count][];
        var det = new double[attacks.Count][];
        for (var a = 0; a < attacks.Count; a++)
        {
            acc[a] = new double[schemes.Count];
            det[a] = new double[schemes.Count];
        }

        var psnr = new double[schemes.Count];
        var minPsnr = Enumerable.Repeat(double.PositiveInfinity, schemes.Count).ToArray();
        var ssim = new double[schemes.Count];
        var minSsim = Enumerable.Repeat(double.PositiveInfinity, schemes.Count).ToArray();
        var embedMs = new double[schemes.Count];
        var detectMs = new double[schemes.Count];
        var detections = 0;
        foreach (var photo in photos)
        {
            for (var s = 0; s < schemes.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var scheme = schemes[s];
                var sw = Stopwatch.StartNew();
                var marked = scheme.Scheme.Embed(photo, scheme.Payload, cancellationToken);
                embedMs[s] += sw.Elapsed.TotalMilliseconds;
                var p = ImageQuality.Psnr(photo, marked);
                var q = ImageQuality.Ssim(photo, marked);
                psnr[s] += p;
                ssim[s] += q;
                minPsnr[s] = Math.Min(minPsnr[s], p);
                minSsim[s] = Math.Min(minSsim[s], q);
                for (var a = 0; a < attacks.Count; a++)
                {
                    var attacked = attacks[a].Apply(marked);
                    sw.Restart();
                    var d = scheme.Scheme.Detect(attacked, scheme.Key, cancellationToken);
                    detectMs[s] += sw.Elapsed.TotalMilliseconds;
                    acc[a][s] += BitAccuracy(scheme.Payload, d);
                    det[a][s] += d.State == WatermarkState.Marked ? 1 : 0;
                }
            }

            detections++;
        }

        var n = Math.Max(1, photos.Count);
        for (var a = 0; a < attacks.Count; a++)
        {
            for (var s = 0; s < schemes.Count; s++)
            {
                acc[a][s] /= n;
                det[a][s] /= n;
            }
        }

        for (var s = 0; s < schemes.Count; s++)
        {
            psnr[s] /= n;
            ssim[s] /= n;
            embedMs[s] /= n;
            detectMs[s] /= Math.Max(1, n * attacks.Count);
        }

        return new ImageWatermarkBenchResult(
            schemes.Select(x => x.Scheme.Id).ToList(), attacks.Select(x => x.Name).ToList(), acc, det, psnr, minPsnr, ssim, minSsim, embedMs, detectMs, detections);
    }

    /// <summary>Decodes the benchmark photos (e.g. <c>TestData.Files("images/real/kodak24", "*.png")</c>); undecodable files are skipped.</summary>
    public static IReadOnlyList<RgbImage> LoadPhotos(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var photos = new List<RgbImage>();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                photos.Add(ImageDecoder.Decode(File.ReadAllBytes(path), ScanLimits.Default.MaxPixels).Image);
            }
            catch (MediaException)
            {
                // not a picture we can decode: not part of the benchmark
            }
        }

        return photos;
    }

    /// <summary>Share of the embedded payload bits the detector read back (missing bits count as chance, ½).</summary>
    public static double BitAccuracy(WatermarkPayload embedded, WatermarkDetection detection)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        ArgumentNullException.ThrowIfNull(detection);
        var n = embedded.Bits.Count;
        if (n == 0)
        {
            return 0;
        }

        double ok = 0;
        for (var i = 0; i < n; i++)
        {
            ok += i < detection.DecodedBits.Count ? (detection.DecodedBits[i] == embedded.Bits[i] ? 1 : 0) : 0.5;
        }

        return ok / n;
    }
}
