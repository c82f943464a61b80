using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Core.Randomness;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Builds a labelled tamper benchmark from real photos: splices from a second photo (with and without
/// rescaling, hard or feathered edges, random shapes), copy-move inside the photo (translation, rotation
/// ±30°, scale 0.8–1.2), region-wise double JPEG (an area recompressed at another quality, aligned or on a
/// shifted 8×8 grid, pasted back), object removal by OpenCV inpainting (Telea 2004 or Navier–Stokes,
/// Bertalmio et al. 2001), AI-filled areas (a region of an AI-generated image at its native resolution pasted with a
/// soft edge, half of them colour-matched to the photo: a partly generated picture as an editor's generative fill or
/// a composite leaves it; box 15, 30 or 50 % of the picture), and untouched controls. Every file, whatever its class, goes through the same
/// saves: a "camera" JPEG at a quality drawn from the same range, the edit (none for controls), and a final JPEG at
/// one quality — so format traits (container, quantisation tables, chroma subsampling, size) cannot tell the
/// classes apart. Ground truth is a mask of the pixels the edit changed (≥ 50 % edit weight on feathered edges;
/// for copy-move the pasted target, not the untouched source). All choices come from <see cref="TamperSetOptions.Seed"/>.
/// </summary>
public sealed class TamperSetMaker(TamperSetOptions options)
{
    public TamperSetOptions Options { get; } = options;

    /// <summary>Writes the set (images, masks/, manifest.csv) to <paramref name="outDir"/> and returns the manifest.</summary>
    public IReadOnlyList<TamperManifestEntry> Make(IReadOnlyList<string> sources, string outDir, IProgress<TamperManifestEntry>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("no source photos", nameof(sources));
        }

        var sorted = sources.OrderBy(s => s, StringComparer.Ordinal).ToList();
        var photos = new RgbImage?[sorted.Count];
        var master = new Random(Options.Seed);
        var order = Enumerable.Range(0, sorted.Count).ToArray();
        master.Shuffle(order);
        Directory.CreateDirectory(outDir);
        Directory.CreateDirectory(Path.Combine(outDir, "masks"));
        var aiSources = Options.AiSources.OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (Options.Cycle.Contains(TamperKind.AiFill) && aiSources.Count == 0)
        {
            throw new ArgumentException("the AI-fill kind needs AI-generated source images (TamperSetOptions.AiSources)", nameof(sources));
        }

        var aiSizes = new (int W, int H)?[aiSources.Count];
        var aiFills = 0;
        var entries = new List<TamperManifestEntry>(Options.Count);
        var final = string.Create(CultureInfo.InvariantCulture, $"jpeg-q{Options.FinalQuality}");
        for (var i = 0; i < Options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rng = new Random(StreamSeeds.For(Options.Seed, i));
            var kind = Options.Cycle[i % Options.Cycle.Count];
            var baseIndex = order[i % order.Length];
            var donorIndex = sorted.Count > 1 ? order[(i + 1 + rng.Next(order.Length - 1)) % order.Length] : baseIndex;
            if (donorIndex == baseIndex && sorted.Count > 1)
            {
                donorIndex = order[(i + 1) % order.Length];
            }

            var photo = Load(sorted, photos, baseIndex);
            var donor = kind == TamperKind.Splice ? Load(sorted, photos, donorIndex) : null;
            double? area = null;
            var donorName = donor is null ? string.Empty : Relative(sorted[donorIndex]);
            if (kind == TamperKind.AiFill)
            {
                // Areas in turn, so each size gets its share of files; the AI image is drawn at random among those large
                // enough to give the box at native resolution (the largest one seen when none is).
                area = Options.AiFillAreas[aiFills++ % Options.AiFillAreas.Count];
                var ai = PickAiSource(aiSources, aiSizes, Math.Sqrt(area.Value * photo.Width * photo.Height) * 0.84, rng);
                donor = LoadAi(aiSources[ai]);
                donorName = Relative(aiSources[ai]);
            }

            var sample = Create(kind, photo, donor, rng, area);
            var name = string.Create(CultureInfo.InvariantCulture, $"img{i:0000}.jpg");
            var maskName = string.Create(CultureInfo.InvariantCulture, $"masks/img{i:0000}.png");
            File.WriteAllBytes(Path.Combine(outDir, name), sample.Bytes);
            File.WriteAllBytes(Path.Combine(outDir, maskName), sample.Mask.ToPng());
            var entry = new TamperManifestEntry(
                name, kind, Relative(sorted[baseIndex]), donorName,
                sample.Parameters, maskName, Math.Round(sample.Mask.Fraction(), 5), final);
            entries.Add(entry);
            progress?.Report(entry);
        }

        File.WriteAllText(Path.Combine(outDir, TamperManifest.FileName), TamperManifest.ToCsv(entries));
        return entries;
    }

    private int PickAiSource(List<string> files, (int W, int H)?[] sizes, double side, Random rng)
    {
        var start = rng.Next(files.Count);
        var best = start;
        for (var k = 0; k < Math.Min(files.Count, 64); k++)
        {
            var i = (start + k) % files.Count;
            if (sizes[i] is null)
            {
                var image = LoadAi(files[i]);
                sizes[i] = (image.Width, image.Height);
            }

            var (sw, sh) = sizes[i]!.Value;
            if (Math.Min(sw, sh) >= side)
            {
                return i;
            }

            var (bw, bh) = sizes[best] ?? (0, 0);
            best = Math.Min(sw, sh) > Math.Min(bw, bh) ? i : best;
        }

        return best;
    }

    private RgbImage LoadAi(string file)
    {
        var image = ImageDecoder.Decode(File.ReadAllBytes(file), 100_000_000).Image;
        return ImageResizer.Fit(image, Options.MaxSide);
    }

    private static string Relative(string path) => Path.Combine(Path.GetFileName(Path.GetDirectoryName(path)) ?? string.Empty, Path.GetFileName(path));

    private RgbImage Load(List<string> files, RgbImage?[] cache, int index)
    {
        if (cache[index] is { } cached)
        {
            return cached;
        }

        var image = ImageDecoder.Decode(File.ReadAllBytes(files[index]), 100_000_000).Image;
        image = ImageResizer.Fit(image, Options.MaxSide);
        if (image.Width < 32 || image.Height < 32)
        {
            throw new MediaException($"{files[index]} is {image.Width} × {image.Height} px; the tamper set needs photos of at least 32 × 32.") { Code = "too-small" };
        }

        cache[index] = image;
        return image;
    }

    /// <summary>One file of the set: the photo through the camera save, the edit of <paramref name="kind"/>, the final save.</summary>
    /// <param name="donor">The second photo of a splice, or the AI-generated image of an AI fill.</param>
    /// <param name="area">For an AI fill: the share of the picture its box covers (drawn from the options when null).</param>
    internal TamperSample Create(TamperKind kind, RgbImage photo, RgbImage? donor, Random rng, double? area = null)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var cameraQuality = rng.Next(Options.CameraQualityMin, Options.CameraQualityMax + 1);
        var camera = Jpeg(photo, cameraQuality);
        var p = new List<string> { Kv("camera_quality", cameraQuality) };
        var (edited, alpha) = kind switch
        {
            TamperKind.Control => (camera, (float[]?)null),
            TamperKind.Splice => Splice(camera, donor ?? Flip(photo), rng, p),
            TamperKind.CopyMove => CopyMove(camera, rng, p),
            TamperKind.DoubleJpeg => DoubleJpeg(camera, cameraQuality, rng, p),
            TamperKind.Inpaint => Inpaint(camera, rng, p),
            TamperKind.AiFill => AiFill(camera, donor ?? throw new ArgumentNullException(nameof(donor), "an AI fill needs an AI-generated image"), area ?? Options.AiFillAreas[rng.Next(Options.AiFillAreas.Count)], rng, p),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var mask = alpha is null ? TamperMask.Empty(photo.Width, photo.Height) : TamperMask.FromAlpha(photo.Width, photo.Height, alpha);
        return new TamperSample(kind, camera, edited, ImageEncoder.Jpeg(edited, Options.FinalQuality), mask, string.Join(';', p));
    }

    /// <summary>
    /// Pastes the matte's box of <paramref name="source"/> (top left <paramref name="sx"/>, <paramref name="sy"/>) onto
    /// a copy of <paramref name="target"/> at <paramref name="tx"/>, <paramref name="ty"/>, each source value passed
    /// through <paramref name="map"/> (channel, value) and blended by the matte; returns the pixels and the ground-truth
    /// alpha over the whole picture.
    /// </summary>
    private static (byte[] Pixels, float[] Alpha) Paste(RgbImage target, RgbImage source, Matte matte, int sx, int sy, int tx, int ty, Func<int, byte, byte> map)
    {
        int w = target.Width, bw = matte.Width, bh = matte.Height;
        var alpha = new float[w * target.Height];
        var dst = (byte[])target.Pixels.Clone();
        for (var y = 0; y < bh; y++)
        {
            for (var x = 0; x < bw; x++)
            {
                var a = matte.Alpha[(y * bw) + x];
                if (a <= 0)
                {
                    continue;
                }

                var t = (((ty + y) * w) + tx + x) * 3;
                var s = (((sy + y) * source.Width) + sx + x) * 3;
                alpha[t / 3] = a;
                for (var c = 0; c < 3; c++)
                {
                    dst[t + c] = Blend(map(c, source.Pixels[s + c]), target.Pixels[t + c], a);
                }
            }
        }

        return (dst, alpha);
    }

    private static (RgbImage, float[]?) Splice(RgbImage camera, RgbImage donorPhoto, Random rng, List<string> p)
    {
        int w = camera.Width, h = camera.Height;
        var donorQuality = rng.Next(60, 96);
        var donor = Jpeg(donorPhoto, donorQuality);
        var scale = 1.0;
        if (rng.NextDouble() < 0.5)
        {
            do
            {
                scale = 0.6 + (0.9 * rng.NextDouble());
            }
            while (Math.Abs(scale - 1) < 0.1);
            donor = ImageResizer.Resize(donor, Math.Max(8, (int)Math.Round(donor.Width * scale)), Math.Max(8, (int)Math.Round(donor.Height * scale)));
        }

        var feather = rng.NextDouble() < 0.5 ? 0 : rng.Next(2, 7);
        var (bw, bh) = BoxSize(rng, w, h, 0.2, 0.4);
        bw = Math.Min(bw, donor.Width - 1);
        bh = Math.Min(bh, donor.Height - 1);
        var sx = rng.Next(0, donor.Width - bw + 1);
        var sy = rng.Next(0, donor.Height - bh + 1);
        var tx = rng.Next(0, w - bw + 1);
        var ty = rng.Next(0, h - bh + 1);
        var matte = Matte.Random(rng, tx, ty, bw, bh, feather);
        var (dst, alpha) = Paste(camera, donor, matte, sx, sy, tx, ty, static (_, v) => v);

        p.Add(Kv("donor_quality", donorQuality));
        p.Add(Kv("rescale", scale, "0.###"));
        p.Add(Kv("feather", feather));
        p.Add("shape=" + matte.Shape);
        p.Add(Box("box", tx, ty, bw, bh));
        p.Add(Box("donor_box", sx, sy, bw, bh));
        return (new RgbImage(w, h, dst), alpha);
    }

    /// <summary>
    /// A box of <paramref name="area"/> of the picture (aspect 0.7–1.4, as far as the AI image allows at native size) taken
    /// from the AI image and pasted through a random soft-edged shape; with probability ½ each channel of the pasted
    /// pixels is shifted and scaled to the mean and spread of the photo under it (Reinhard et al. 2001, per RGB channel,
    /// gain clamped to 0.5–2), as a careful forger or an editor's harmonisation would.
    /// </summary>
    private static (RgbImage, float[]?) AiFill(RgbImage camera, RgbImage ai, double area, Random rng, List<string> p)
    {
        int w = camera.Width, h = camera.Height;
        var aspect = 0.7 + (0.7 * rng.NextDouble());
        var side = Math.Sqrt(area * w * h);
        var bw = Math.Clamp((int)Math.Round(side * Math.Sqrt(aspect)), 8, Math.Min(w - 2, ai.Width));
        var bh = Math.Clamp((int)Math.Round(side / Math.Sqrt(aspect)), 8, Math.Min(h - 2, ai.Height));
        var feather = rng.NextDouble() < 0.25 ? 0 : rng.Next(2, 9);
        var colourMatch = rng.NextDouble() < 0.5;
        var sx = rng.Next(0, ai.Width - bw + 1);
        var sy = rng.Next(0, ai.Height - bh + 1);
        var tx = rng.Next(0, w - bw + 1);
        var ty = rng.Next(0, h - bh + 1);
        var matte = Matte.Random(rng, tx, ty, bw, bh, feather);
        double[] gain = [1, 1, 1];
        double[] offset = [0, 0, 0];
        if (colourMatch)
        {
            for (var c = 0; c < 3; c++)
            {
                double sa = 0, saa = 0, sp = 0, spp = 0, n = 0;
                for (var y = 0; y < bh; y++)
                {
                    for (var x = 0; x < bw; x++)
                    {
                        if (matte.Alpha[(y * bw) + x] < 0.5f)
                        {
                            continue;
                        }

                        double a = ai.Pixels[((((sy + y) * ai.Width) + sx + x) * 3) + c];
                        double b = camera.Pixels[((((ty + y) * w) + tx + x) * 3) + c];
                        (sa, saa, sp, spp, n) = (sa + a, saa + (a * a), sp + b, spp + (b * b), n + 1);
                    }
                }

                if (n > 0)
                {
                    double ma = sa / n, mp = sp / n;
                    var da = Math.Sqrt(Math.Max(1e-6, (saa / n) - (ma * ma)));
                    var dp = Math.Sqrt(Math.Max(1e-6, (spp / n) - (mp * mp)));
                    gain[c] = Math.Clamp(dp / da, 0.5, 2);
                    offset[c] = mp - (gain[c] * ma);
                }
            }
        }

        var (dst, alpha) = Paste(camera, ai, matte, sx, sy, tx, ty, (c, v) => (byte)Math.Clamp(Math.Round((gain[c] * v) + offset[c]), 0, 255));

        p.Add(Kv("area", bw * (double)bh / (w * (double)h), "0.###"));
        p.Add(Kv("feather", feather));
        p.Add(Kv("colour_match", colourMatch ? 1 : 0));
        p.Add("shape=" + matte.Shape);
        p.Add(Box("box", tx, ty, bw, bh));
        p.Add(Box("ai_box", sx, sy, bw, bh));
        return (new RgbImage(w, h, dst), alpha);
    }

    private static (RgbImage, float[]?) CopyMove(RgbImage camera, Random rng, List<string> p)
    {
        int w = camera.Width, h = camera.Height;
        var angle = rng.NextDouble() < 0.5 ? 0.0 : -30 + (60 * rng.NextDouble());
        var scale = rng.NextDouble() < 0.5 ? 1.0 : 0.8 + (0.4 * rng.NextDouble());
        var feather = rng.NextDouble() < 0.5 ? 0 : rng.Next(1, 4);
        var rad = angle * Math.PI / 180;
        double cos = Math.Cos(rad), sin = Math.Sin(rad);
        for (var attempt = 0; ; attempt++)
        {
            var shrink = Math.Pow(0.85, attempt / 20);
            var (bw, bh) = BoxSize(rng, w, h, 0.15 * shrink, 0.3 * shrink);
            var ew = (int)Math.Ceiling(scale * ((Math.Abs(bw * cos) + Math.Abs(bh * sin)))) + 2;
            var eh = (int)Math.Ceiling(scale * ((Math.Abs(bw * sin) + Math.Abs(bh * cos)))) + 2;
            if (ew >= w || eh >= h)
            {
                continue;
            }

            var sx = rng.Next(0, w - bw + 1);
            var sy = rng.Next(0, h - bh + 1);
            var tx = rng.Next(0, w - ew + 1);
            var ty = rng.Next(0, h - eh + 1);
            var apart = tx >= sx + bw + 4 || sx >= tx + ew + 4 || ty >= sy + bh + 4 || sy >= ty + eh + 4;
            if (!apart && attempt < 400)
            {
                continue;
            }

            if (!apart)
            {
                // Photo too small for two disjoint areas at these sizes: translate a quarter-size area instead.
                bw = Math.Max(4, w / 4);
                bh = Math.Max(4, h / 4);
                (sx, sy, tx, ty, ew, eh) = (0, 0, w - bw, h - bh, bw, bh);
                angle = 0;
                scale = 1;
                (cos, sin) = (1, 0);
            }

            var matte = Matte.Random(rng, sx, sy, bw, bh, feather);
            double scx = sx + ((bw - 1) / 2.0), scy = sy + ((bh - 1) / 2.0);
            double tcx = tx + ((ew - 1) / 2.0), tcy = ty + ((eh - 1) / 2.0);
            var alpha = new float[w * h];
            var src = camera.Pixels;
            var dst = (byte[])src.Clone();
            for (var y = ty; y < ty + eh; y++)
            {
                for (var x = tx; x < tx + ew; x++)
                {
                    // Inverse map: target pixel -> source position (rotate by −angle, divide by scale).
                    double dx = x - tcx, dy = y - tcy;
                    var qx = scx + (((cos * dx) + (sin * dy)) / scale);
                    var qy = scy + (((-sin * dx) + (cos * dy)) / scale);
                    var a = matte.Sample(qx - sx, qy - sy);
                    if (a <= 0)
                    {
                        continue;
                    }

                    var t = ((y * w) + x) * 3;
                    alpha[(y * w) + x] = a;
                    for (var c = 0; c < 3; c++)
                    {
                        dst[t + c] = Blend(Bilinear(camera, qx, qy, c), src[t + c], a);
                    }
                }
            }

            p.Add(Kv("angle", angle, "0.#"));
            p.Add(Kv("scale", scale, "0.###"));
            p.Add(Kv("feather", feather));
            p.Add("shape=" + matte.Shape);
            p.Add(Box("source", sx, sy, bw, bh));
            p.Add(Box("target", tx, ty, ew, eh));
            return (new RgbImage(w, h, dst), alpha);
        }
    }

    private static (RgbImage, float[]?) DoubleJpeg(RgbImage camera, int cameraQuality, Random rng, List<string> p)
    {
        int w = camera.Width, h = camera.Height;
        var shifted = rng.NextDouble() < 0.5;
        int dx = 0, dy = 0, quality;
        if (shifted)
        {
            do
            {
                dx = rng.Next(0, 8);
                dy = rng.Next(0, 8);
            }
            while (dx == 0 && dy == 0);
        }

        do
        {
            quality = shifted ? rng.Next(60, 91) : rng.Next(50, 76);
        }
        while (Math.Abs(quality - cameraQuality) < 8);

        // Recompress the photo displaced by (dx, dy): its 8×8 grid then sits off the file's grid by that much.
        var cropped = Crop(camera, dx, dy);
        var recompressed = Jpeg(cropped, quality);
        var (bw, bh) = BoxSize(rng, w - dx, h - dy, 0.2, 0.4);
        var tx = dx + rng.Next(0, w - dx - bw + 1);
        var ty = dy + rng.Next(0, h - dy - bh + 1);
        var matte = Matte.Random(rng, tx, ty, bw, bh, 0);
        var alpha = new float[w * h];
        var src = camera.Pixels;
        var dst = (byte[])src.Clone();
        var rec = recompressed.Pixels;
        for (var y = ty; y < ty + bh; y++)
        {
            for (var x = tx; x < tx + bw; x++)
            {
                var a = matte.At(x, y);
                if (a <= 0)
                {
                    continue;
                }

                alpha[(y * w) + x] = a;
                var t = ((y * w) + x) * 3;
                var s = (((y - dy) * recompressed.Width) + (x - dx)) * 3;
                for (var c = 0; c < 3; c++)
                {
                    dst[t + c] = Blend(rec[s + c], src[t + c], a);
                }
            }
        }

        p.Add("grid=" + (shifted ? "shifted" : "aligned"));
        p.Add(Kv("region_quality", quality));
        p.Add(string.Create(CultureInfo.InvariantCulture, $"shift={dx}x{dy}"));
        p.Add("shape=" + matte.Shape);
        p.Add(Box("box", tx, ty, bw, bh));
        return (new RgbImage(w, h, dst), alpha);
    }

    private static (RgbImage, float[]?) Inpaint(RgbImage camera, Random rng, List<string> p)
    {
        int w = camera.Width, h = camera.Height;
        var (bw, bh) = BoxSize(rng, w, h, 0.08, 0.18);
        var tx = rng.Next(2, Math.Max(3, w - bw - 1));
        var ty = rng.Next(2, Math.Max(3, h - bh - 1));
        bw = Math.Min(bw, w - tx);
        bh = Math.Min(bh, h - ty);
        var matte = Matte.Random(rng, tx, ty, bw, bh, 0);
        var radius = rng.Next(3, 8);
        var telea = rng.NextDouble() < 0.5;
        var holeBits = new byte[w * h];
        for (var y = ty; y < ty + bh; y++)
        {
            for (var x = tx; x < tx + bw; x++)
            {
                holeBits[(y * w) + x] = matte.At(x, y) > 0 ? (byte)255 : (byte)0;
            }
        }

        var pixels = new byte[camera.Pixels.Length];
        using (var src = Mat.FromPixelData(h, w, MatType.CV_8UC3, camera.Pixels))
        using (var hole = Mat.FromPixelData(h, w, MatType.CV_8UC1, holeBits))
        using (var dst = new Mat())
        {
            Cv2.Inpaint(src, hole, dst, radius, telea ? InpaintTypes.Telea : InpaintTypes.NS);
            System.Runtime.InteropServices.Marshal.Copy(dst.Data, pixels, 0, pixels.Length);
        }

        // OpenCV rewrites only hole pixels; the mask is exactly the hole.
        var alpha = new float[w * h];
        for (var i = 0; i < alpha.Length; i++)
        {
            alpha[i] = holeBits[i] != 0 ? 1f : 0f;
        }

        p.Add("method=" + (telea ? "telea" : "navier-stokes"));
        p.Add(Kv("radius", radius));
        p.Add("shape=" + matte.Shape);
        p.Add(Box("box", tx, ty, bw, bh));
        return (new RgbImage(w, h, pixels), alpha);
    }

    /// <summary>A box of side fraction <paramref name="min"/>..<paramref name="max"/> of the shorter side, aspect 0.7–1.4.</summary>
    private static (int W, int H) BoxSize(Random rng, int w, int h, double min, double max)
    {
        var side = Math.Min(w, h) * (min + ((max - min) * rng.NextDouble()));
        var aspect = 0.7 + (0.7 * rng.NextDouble());
        var bw = (int)Math.Round(side * Math.Sqrt(aspect));
        var bh = (int)Math.Round(side / Math.Sqrt(aspect));
        return (Math.Clamp(bw, 4, w - 2), Math.Clamp(bh, 4, h - 2));
    }

    private static RgbImage Jpeg(RgbImage image, int quality) => ImageDecoder.Decode(ImageEncoder.Jpeg(image, quality), long.MaxValue, MediaFormat.Jpeg).Image;

    private static RgbImage Crop(RgbImage image, int dx, int dy)
    {
        int w = image.Width - dx, h = image.Height - dy;
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            Buffer.BlockCopy(image.Pixels, (((y + dy) * image.Width) + dx) * 3, px, y * w * 3, w * 3);
        }

        return new RgbImage(w, h, px);
    }

    private static RgbImage Flip(RgbImage image)
    {
        var px = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var s = ((y * image.Width) + x) * 3;
                var d = ((y * image.Width) + (image.Width - 1 - x)) * 3;
                px[d] = image.Pixels[s];
                px[d + 1] = image.Pixels[s + 1];
                px[d + 2] = image.Pixels[s + 2];
            }
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    private static byte Bilinear(RgbImage image, double x, double y, int c)
    {
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, image.Width - 1);
        var y1 = Math.Min(y0 + 1, image.Height - 1);
        double fx = x - x0, fy = y - y0;
        var px = image.Pixels;
        var w = image.Width;
        var top = (px[(((y0 * w) + x0) * 3) + c] * (1 - fx)) + (px[(((y0 * w) + x1) * 3) + c] * fx);
        var bottom = (px[(((y1 * w) + x0) * 3) + c] * (1 - fx)) + (px[(((y1 * w) + x1) * 3) + c] * fx);
        return (byte)Math.Clamp(Math.Round((top * (1 - fy)) + (bottom * fy)), 0, 255);
    }

    private static byte Blend(byte over, byte under, float a) => a >= 1f ? over : (byte)Math.Clamp(MathF.Round((a * over) + ((1 - a) * under)), 0, 255);

    private static string Kv(string key, double value, string format = "0") => key + "=" + value.ToString(format, CultureInfo.InvariantCulture);

    private static string Box(string key, int x, int y, int w, int h) => string.Create(CultureInfo.InvariantCulture, $"{key}={x}+{y}+{w}x{h}");
}
