using System.Diagnostics;
using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Blend;

/// <summary>One simulated video face track: its source group, file, face, copy (0 = the real track, 1.. = self-blended tracks), CRF, face width and per-frame features (null = face not found again).</summary>
public sealed record BlendTrack(string Group, string Path, int Face, int Copy, int Crf, int FaceWidth, IReadOnlyList<float[]?> Frames)
{
    public bool Blended => Copy > 0;
}

/// <summary>
/// Simulated video face tracks for training and calibrating <c>faces.blend</c> in video, from REAL faces only. The
/// still recipe (<see cref="FaceBlendTraining"/>) re-encodes one crop as JPEG or one H.264 frame; in video the
/// detector met H.264 at other rates and sizes, and a face swap's seam moves from frame to frame. So each real face crop
/// becomes a short clip (<see cref="FramesPerTrack"/> frames): scaled so the face is 90–300 px wide (log-uniform; the
/// faces of 360p to 1080p footage), then moved as a hand-held camera or a turning head moves it (a drift of up to
/// 1.2 % of the crop, a zoom of ±0.6 % and a roll of ±0.4° per frame). The blended copies blend every frame with
/// ONE altered copy of the face (<see cref="SelfBlendSettings"/>, drawn once per track: the swapped face keeps its
/// colour and sharpness), but the mask is drawn again per frame — hull points jittered, shrink, erosion/dilation,
/// mask blur and blend ratio varied by a few per cent, the altered face shifted by up to 0.4 % of its size — which is
/// the flicker a face swap's per-frame mask leaves along the hull. The real track and its blended tracks are encoded
/// alike as one H.264 clip each (libx264 preset medium, yuv420p, 10 fps, one CRF per face drawn from 23–28), decoded,
/// and every frame's face is found again and measured as at scan time. Longer tracks (<c>frames</c> &gt; 8, so a
/// sliding-window model sees several windows per track as at scan time) keep the same motion per frame but sweep back and
/// forth over the first 8 frames' path (frame 8 retraces frame 6, ...), so the face stays as far inside the crop as in an
/// 8-frame track; their first 8 frames are drawn exactly as an 8-frame track's (the extra frames' mask draws come from a
/// second generator), so every face keeps the size, CRF, motion and blend settings it gets in the 8-frame recipe.
/// Optionally (<c>steadyBlends</c>, default none, so the recipes above reproduce) a face also gets blended tracks with a
/// STEADY mask — one mask for the whole track, moving with the face but never redrawn — since a face swap with a stable
/// mask leaves a seam that does not flicker, which the flickering tracks alone never show a model.
/// </summary>
public static class FaceBlendTracks
{
    public const int FramesPerTrack = 8;
    public const int MinCrf = 23;
    public const int MaxCrf = 28;
    public const double MinFaceWidth = 90;
    public const double MaxFaceWidth = 300;

    /// <summary>
    /// The per-track score: the mean of the top third of its measured frame scores (at least one frame). A face swap
    /// shows its seam in some frames more than others (pose, light, the mask's flicker); the top third keeps those
    /// while a single odd frame of a real face counts for a third or less. NaN without a measured frame.
    /// </summary>
    public static double TrackScore(IEnumerable<double> frameScores)
    {
        ArgumentNullException.ThrowIfNull(frameScores);
        var measured = frameScores.Where(double.IsFinite).OrderDescending().ToArray();
        if (measured.Length == 0)
        {
            return double.NaN;
        }

        var top = Math.Max(1, (int)Math.Ceiling(measured.Length / 3.0));
        return measured.Take(top).Average();
    }

    /// <summary>Fewest frames a simulated track may have (the shortest track the per-track rule scores).</summary>
    public const int MinFrames = FaceBlendEvidence.MinTrackFrames;

    /// <summary>Most frames a simulated track may have (a minute at 10 fps).</summary>
    public const int MaxFrames = 600;

    /// <summary>
    /// Where frame <paramref name="t"/> of a track sits on the path of an 8-frame track: t itself for the first
    /// <see cref="FramesPerTrack"/> frames, then back and forth over them (7, 6, ..., 0, 1, ...).
    /// </summary>
    public static int PathStep(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        const int last = FramesPerTrack - 1;
        var phase = t % (2 * last);
        return phase <= last ? phase : (2 * last) - phase;
    }

    public static List<BlendTrack> Build(string root, FaceEngine engine, int blendsPerFace, int seed, int maxImagesPerGroup, Action<string> log, CancellationToken ct, bool deep = false, int frames = FramesPerTrack, int steadyBlends = 0, bool steadyOnly = false, bool halfSteady = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, MinFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, MaxFrames);
        var tracks = new List<BlendTrack>();
        var rng = new Random(seed);
        // The extra frames' mask draws (frames > 8) come from their own generator so the main one runs as in the 8-frame recipe.
        var extra = new Random(unchecked((seed * 7919) + 1));
        // The steady-mask blends draw from a third generator, so adding them changes none of the other tracks.
        var steady = new Random(unchecked((seed * 7919) + 2));
        foreach (var groupDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var group = System.IO.Path.GetFileName(groupDir);
            var files = Directory.GetFiles(groupDir).Where(IsImage).Order(StringComparer.Ordinal).ToList();
            if (files.Count > maxImagesPerGroup)
            {
                files = Enumerable.Range(0, maxImagesPerGroup).Select(i => files[i * files.Count / maxImagesPerGroup]).ToList();
            }

            var faces = 0;
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                RgbImage image;
                try
                {
                    image = ImageDecoder.Decode(File.ReadAllBytes(file), 60_000_000).Image;
                    if (Math.Max(image.Width, image.Height) > FaceBlendTraining.MaxLongSide)
                    {
                        var f = FaceBlendTraining.MaxLongSide / (double)Math.Max(image.Width, image.Height);
                        image = ImageResizer.Resize(image, Math.Max(1, (int)Math.Round(image.Width * f)), Math.Max(1, (int)Math.Round(image.Height * f)));
                    }
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
                {
                    log($"skipped {file}: {e.Message}");
                    continue;
                }

                var found = engine.Find(image, tiles: true, ct).Where(f => Math.Max(f.Mesh.Bounds().Width, f.Mesh.Bounds().Height) >= FaceBlendTraining.MinFaceSize).Take(FaceBlendTraining.MaxFacesPerImage).ToList();
                for (var k = 0; k < found.Count; k++)
                {
                    var crop = FaceBlendTraining.Crop(image, found[k]);
                    var original = engine.Find(crop, tiles: false, ct).FirstOrDefault();
                    if (original is null)
                    {
                        continue;
                    }

                    faces++;
                    tracks.AddRange(MakeTracks(group, file, k, crop, original.Mesh, engine, blendsPerFace, rng, ct, deep, frames, extra, steadyBlends, steady, steadyOnly, halfSteady));
                }
            }

            log($"{group}: {files.Count} images, {faces} faces");
        }

        return tracks;
    }

    /// <summary>
    /// The real track and <paramref name="blends"/> self-blended tracks of one face crop (all encoded alike), each
    /// <paramref name="frames"/> frames long. Frames from the 9th on draw their mask from <paramref name="extra"/>
    /// (default: a fixed-seed generator), so <paramref name="rng"/> is left as an 8-frame track leaves it.
    /// <paramref name="steadyBlends"/> more blended tracks (copies <paramref name="blends"/> + 1, ...) keep ONE mask for
    /// the whole track (<see cref="BlendFrames"/> without jitter: a face swap with a stable mask, whose seam moves with the
    /// face but does not flicker); their settings come from <paramref name="steady"/> (default: a fixed-seed generator),
    /// so <paramref name="rng"/> and <paramref name="extra"/> are left as without them. With <paramref name="steadyOnly"/>
    /// only the steady tracks are measured and returned (the real and flickering tracks are still drawn, unmeasured, so
    /// the generators and the face's size, CRF and motion are those of a full run: the steady tracks join an earlier
    /// run's file under the same group, path and face). With <paramref name="halfSteady"/> (needs one flickering and one
    /// steady blend) each face keeps ONE blended track, as the one-blend recipe has: the steady copy when
    /// <see cref="SteadyHalf"/> picks it, else the flickering one; both are drawn, only that one is measured, so it is
    /// the track a full run gives under the same ids.
    /// </summary>
    public static List<BlendTrack> MakeTracks(string group, string path, int face, RgbImage crop, FaceMesh mesh, FaceEngine engine, int blends, Random rng, CancellationToken ct, bool deep = false, int frames = FramesPerTrack, Random? extra = null, int steadyBlends = 0, Random? steady = null, bool steadyOnly = false, bool halfSteady = false)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, MinFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, MaxFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(steadyBlends);
        if (halfSteady && (blends != 1 || steadyBlends != 1 || steadyOnly))
        {
            throw new ArgumentException("halfSteady needs exactly one flickering and one steady blend per face (and not steadyOnly)", nameof(halfSteady));
        }

        var pickSteady = halfSteady && SteadyHalf(path, face);
        extra ??= new Random(1);
        steady ??= new Random(2);
        var width = SelfBlender.FaceSize(mesh);
        var target = Math.Exp(Math.Log(MinFaceWidth) + (rng.NextDouble() * Math.Log(MaxFaceWidth / MinFaceWidth)));
        var scale = target / width;
        var w = Math.Max(2, (int)Math.Round(crop.Width * scale)) & ~1;
        var h = Math.Max(2, (int)Math.Round(crop.Height * scale)) & ~1;
        var scaled = Resize(crop, w, h);
        var crf = rng.Next(MinCrf, MaxCrf + 1);

        // One motion per face, shared by its real and blended tracks.
        var vx = SelfBlender.U(rng, 0.012) * w;
        var vy = SelfBlender.U(rng, 0.012) * h;
        var vz = SelfBlender.U(rng, 0.006);
        var va = SelfBlender.U(rng, 0.4);
        var moved = new List<(RgbImage Image, FaceMesh Mesh)>(frames);
        for (var t = 0; t < frames; t++)
        {
            var p = PathStep(t);
            if (p != t)
            {
                moved.Add(moved[p]);
                continue;
            }

            var m = Motion(w, h, p * vx, p * vy, 1 + (p * vz), p * va);
            moved.Add((Warp(scaled, m), Transform(mesh, scale, m)));
        }

        var result = new List<BlendTrack>();
        if (!steadyOnly)
        {
            result.Add(Measure(group, path, face, 0, crf, (int)Math.Round(target), moved.Select(f => f.Image).ToList(), engine, ct, deep));
        }

        for (var b = 1; b <= blends; b++)
        {
            // Drawn even when only the steady tracks are measured: the hull jitter's draws depend on the frames.
            var blended = BlendFrames(moved, SelfBlendSettings.Random(rng, target), rng, extra, steady: false);
            if (!steadyOnly && !pickSteady)
            {
                result.Add(Measure(group, path, face, b, crf, (int)Math.Round(target), blended, engine, ct, deep));
            }
        }

        for (var b = 1; b <= steadyBlends; b++)
        {
            var blended = BlendFrames(moved, SelfBlendSettings.Random(steady, target), steady, steady, steady: true);
            if (!halfSteady || pickSteady)
            {
                result.Add(Measure(group, path, face, blends + b, crf, (int)Math.Round(target), blended, engine, ct, deep));
            }
        }

        return result;
    }

    /// <summary>
    /// Whether a face keeps its steady-mask blend (rather than its flickering one) when each face keeps one blended track
    /// (<c>--half-steady</c>): a fixed hash of the file's name (not its folder, so a run over other folders picks alike)
    /// and the face's index, so about half the faces of every source get each kind and the choice can be re-made from
    /// the ids of a measured file.
    /// </summary>
    public static bool SteadyHalf(string path, int face)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = System.Text.Encoding.UTF8.GetBytes(System.IO.Path.GetFileName(path) + "#" + face.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (System.Security.Cryptography.SHA256.HashData(key)[0] & 1) == 1;
    }

    /// <summary>
    /// From measured tracks that hold both blends of a face (flickering copy 1, steady copy 2: <c>--blends 1
    /// --steady-blends 1</c>, or a run and its <c>--steady-only</c> file joined), the real tracks and the one blend per
    /// face that <see cref="SteadyHalf"/> picks — the same choice <c>halfSteady</c> measures. Other copies are dropped.
    /// </summary>
    public static List<BlendTrack> KeepHalfSteady(IEnumerable<BlendTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        return tracks.Where(t => t.Copy == 0 || (t.Copy == 1 && !SteadyHalf(t.Path, t.Face)) || (t.Copy == 2 && SteadyHalf(t.Path, t.Face))).ToList();
    }

    /// <summary>
    /// The blended frames of one track. Flickering (<paramref name="steady"/> false): the mask is redrawn per frame
    /// (<see cref="Jitter"/> and the hull points' jitter from <paramref name="rng"/> for the first
    /// <see cref="FramesPerTrack"/> frames, from <paramref name="extra"/> after). Steady: one seed is drawn from
    /// <paramref name="rng"/> and every frame's mask is made with the track's settings and that same hull jitter, so the
    /// mask stays fixed on the face as it moves (<paramref name="extra"/> is not used).
    /// </summary>
    public static List<RgbImage> BlendFrames(IReadOnlyList<(RgbImage Image, FaceMesh Mesh)> moved, SelfBlendSettings settings, Random rng, Random extra, bool steady)
    {
        ArgumentNullException.ThrowIfNull(moved);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(extra);
        if (steady)
        {
            var hullSeed = rng.Next();
            return moved.Select(f => SelfBlender.Blend(f.Image, f.Mesh, settings, new Random(hullSeed)).Image).ToList();
        }

        return moved.Select((f, t) =>
        {
            var r = t < FramesPerTrack ? rng : extra;
            return SelfBlender.Blend(f.Image, f.Mesh, Jitter(settings, r), r).Image;
        }).ToList();
    }

    /// <summary>The track's mask redrawn for one frame: small changes of its shape, blur, ratio and the altered face's position.</summary>
    public static SelfBlendSettings Jitter(SelfBlendSettings s, Random rng)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(rng);
        return s with
        {
            Shrink = Math.Min(1, s.Shrink * (1 + SelfBlender.U(rng, 0.015))),
            Morph = s.Morph + SelfBlender.U(rng, 0.006),
            MaskSigma = s.MaskSigma * (1 + SelfBlender.U(rng, 0.15)),
            Ratio = Math.Clamp(s.Ratio * (1 + SelfBlender.U(rng, 0.05)), 0.3, 1),
            ShiftX = s.ShiftX + SelfBlender.U(rng, 0.004),
            ShiftY = s.ShiftY + SelfBlender.U(rng, 0.004),
        };
    }

    private static BlendTrack Measure(string group, string path, int face, int copy, int crf, int faceWidth, List<RgbImage> frames, FaceEngine engine, CancellationToken ct, bool deep)
    {
        var decoded = H264RoundTrip(frames, crf);
        var features = new List<float[]?>(decoded.Count);
        foreach (var image in decoded)
        {
            ct.ThrowIfCancellationRequested();
            var found = engine.Find(image, tiles: false, ct).FirstOrDefault();
            var blend = found is null ? null : FaceBlendFeatures.Measure(image, found.Mesh)?.Features;
            if (deep && blend is not null)
            {
                // Experiment: the hand-made numbers followed by the frozen ResNet-18 views (FaceBlendDeepFeatures).
                blend = FaceBlendDeepFeatures.Measure(image, found!.Mesh) is { } d ? [.. blend, .. d] : null;
            }

            features.Add(blend);
        }

        return new BlendTrack(group, path, face, copy, crf, faceWidth, features);
    }

    private static double[] Motion(int w, int h, double dx, double dy, double zoom, double degrees)
    {
        using var m = Cv2.GetRotationMatrix2D(new Point2f(w / 2f, h / 2f), degrees, zoom);
        return [m.At<double>(0, 0), m.At<double>(0, 1), m.At<double>(0, 2) + dx, m.At<double>(1, 0), m.At<double>(1, 1), m.At<double>(1, 2) + dy];
    }

    private static RgbImage Resize(RgbImage image, int w, int h)
    {
        using var src = CvFrames.Rgb(image);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(w, h), 0, 0, w < image.Width ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        return ToImage(dst);
    }

    private static RgbImage Warp(RgbImage image, double[] m)
    {
        using var src = CvFrames.Rgb(image);
        using var matrix = new Mat(2, 3, MatType.CV_64FC1);
        for (var i = 0; i < 6; i++)
        {
            matrix.Set(i / 3, i % 3, m[i]);
        }

        using var dst = new Mat();
        Cv2.WarpAffine(src, dst, matrix, src.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
        return ToImage(dst);
    }

    private static FaceMesh Transform(FaceMesh mesh, double scale, double[] m)
    {
        var xyz = (float[])mesh.Xyz.Clone();
        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var x = xyz[i * 3] * scale;
            var y = xyz[(i * 3) + 1] * scale;
            xyz[i * 3] = (float)((m[0] * x) + (m[1] * y) + m[2]);
            xyz[(i * 3) + 1] = (float)((m[3] * x) + (m[4] * y) + m[5]);
            xyz[(i * 3) + 2] = (float)(xyz[(i * 3) + 2] * scale);
        }

        return new FaceMesh(xyz, mesh.Presence, mesh.Roi);
    }

    private static RgbImage ToImage(Mat mat)
    {
        var pixels = new byte[mat.Width * mat.Height * 3];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, pixels, 0, pixels.Length);
        return new RgbImage(mat.Width, mat.Height, pixels);
    }

    /// <summary>Frames (same size, even sides) encoded as one H.264 clip (libx264 preset medium, CRF, yuv420p, 10 fps) and decoded.</summary>
    public static List<RgbImage> H264RoundTrip(IReadOnlyList<RgbImage> frames, int crf)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return [];
        }

        var w = frames[0].Width;
        var h = frames[0].Height;
        var dir = Directory.CreateTempSubdirectory("fakelens-blend-track-");
        try
        {
            var mp4 = System.IO.Path.Combine(dir.FullName, "t.mp4");
            var size = $"{w}x{h}";
            Run(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-r", "10", "-i", "-", "-c:v", "libx264", "-preset", "medium", "-crf", crf.ToString(System.Globalization.CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", mp4], stdin =>
            {
                foreach (var f in frames)
                {
                    stdin.Write(f.Pixels, 0, f.Pixels.Length);
                }
            }, null);
            var result = new List<RgbImage>();
            Run(["-i", mp4, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], null, stdout =>
            {
                var frameBytes = w * h * 3;
                while (true)
                {
                    var buffer = new byte[frameBytes];
                    var read = 0;
                    while (read < frameBytes)
                    {
                        var n = stdout.Read(buffer, read, frameBytes - read);
                        if (n == 0)
                        {
                            return;
                        }

                        read += n;
                    }

                    result.Add(new RgbImage(w, h, buffer));
                }
            });
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Run(string[] args, Action<Stream>? writeStdin, Action<Stream>? readStdout)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = readStdout is not null, RedirectStandardInput = writeStdin is not null, UseShellExecute = false };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. args])
        {
            info.ArgumentList.Add(a);
        }

        if (writeStdin is not null)
        {
            // -nostdin only stops ffmpeg reading commands from the terminal; "-i -" still reads the frames.
            info.ArgumentList.Remove("-nostdin");
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg could not be started");
        var err = p.StandardError.ReadToEndAsync();
        if (writeStdin is not null)
        {
            using (var stdin = p.StandardInput.BaseStream)
            {
                writeStdin(stdin);
            }
        }

        readStdout?.Invoke(p.StandardOutput.BaseStream);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + err.Result);
        }
    }

    private static bool IsImage(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".bmp";
}
