using System.Diagnostics;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Faces.Tests;

/// <summary>
/// The face engine (models installed by scripts/bootstrap.sh tests; missing models fail loudly), the shared face
/// photo, and clips made with ffmpeg at test time (encoded with x264, decoded back to RGB frames).
/// </summary>
internal static class FaceFixtures
{
    private static readonly Lazy<FaceEngine> SharedEngine = new(() =>
        FaceEngine.TryCreate(out var why) ?? throw new InvalidOperationException($"Face tests need the face models: {why}"));

    public static FaceEngine Engine => SharedEngine.Value;

    /// <summary>A frontal portrait (ml72 people_4: one woman, face about 950 px wide in a 4024 px square).</summary>
    public static string PortraitPath => TestData.Path("images", "ai-vs-real", "ml72", "real", "people_4.jpg");

    /// <summary>Two people facing the camera at a table (ml72 people_2).</summary>
    public static string TwoPeoplePath => TestData.Path("images", "ai-vs-real", "ml72", "real", "people_2.jpg");

    public static RgbImage Decode(string path) => ImageDecoder.Decode(File.ReadAllBytes(path), 100_000_000).Image;

    /// <summary>
    /// Frames of a clip made by ffmpeg: <paramref name="input"/> (ffmpeg input arguments), <paramref name="filter"/>
    /// then scaled to width × height, <paramref name="seconds"/> at <paramref name="fps"/>, x264-encoded, decoded.
    /// </summary>
    public static List<FaceFrame> Clip(string input, string filter, double seconds, double fps, int width, int height)
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-faces-");
        try
        {
            var mp4 = Path.Combine(dir.FullName, "clip.mp4");
            var vf = (string.IsNullOrEmpty(filter) ? string.Empty : filter + ",") + $"scale={width}:{height},format=yuv420p";
            Run($"-y -loglevel error {input} -vf \"{vf}\" -t {seconds} -r {fps} -c:v libx264 -crf 20 \"{mp4}\"");
            var raw = Path.Combine(dir.FullName, "clip.rgb");
            Run($"-y -loglevel error -i \"{mp4}\" -f rawvideo -pix_fmt rgb24 \"{raw}\"");
            var bytes = File.ReadAllBytes(raw);
            var size = width * height * 3;
            var frames = new List<FaceFrame>();
            for (var i = 0; (i + 1) * size <= bytes.Length; i++)
            {
                frames.Add(new FaceFrame(i / fps, new RgbImage(width, height, bytes.AsSpan(i * size, size).ToArray())));
            }

            return frames;
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static void Run(string args)
    {
        var psi = new ProcessStartInfo("ffmpeg", args) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg is required for the face clip tests (apt-get install ffmpeg)");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {args} failed: {err}");
        }
    }

    /// <summary>A copy of the image with Gaussian noise of <paramref name="sigma"/> added inside the polygon only.</summary>
    public static RgbImage AddNoiseInside(RgbImage image, (float X, float Y)[] polygon, double sigma, int seed)
    {
        var rng = new Random(seed);
        var px = (byte[])image.Pixels.Clone();
        var minY = (int)Math.Max(0, polygon.Min(p => p.Y));
        var maxY = (int)Math.Min(image.Height - 1, polygon.Max(p => p.Y));
        for (var y = minY; y <= maxY; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (!Inside(polygon, x, y))
                {
                    continue;
                }

                var i = ((y * image.Width) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    var g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                    px[i + c] = (byte)Math.Clamp(Math.Round(px[i + c] + (sigma * g)), 0, 255);
                }
            }
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    /// <summary>The polygon scaled by <paramref name="scale"/> about its centroid.</summary>
    public static (float X, float Y)[] Scale((float X, float Y)[] polygon, double scale)
    {
        var cx = polygon.Average(p => p.X);
        var cy = polygon.Average(p => p.Y);
        return polygon.Select(p => ((float)(cx + ((p.X - cx) * scale)), (float)(cy + ((p.Y - cy) * scale)))).ToArray();
    }

    private static bool Inside((float X, float Y)[] poly, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = poly.Length - 1; i < poly.Length; j = i++)
        {
            if ((poly[i].Y > y) != (poly[j].Y > y) && x < ((poly[j].X - poly[i].X) * (y - poly[i].Y) / (poly[j].Y - poly[i].Y)) + poly[i].X)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
