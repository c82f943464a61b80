using System.Diagnostics;
using FakeLens.Faces.Detection;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Blend;

/// <summary>Re-encodes an image with a <see cref="BlendCodec"/> and decodes it again (training and evaluation only).</summary>
public static class BlendRecode
{
    public static RgbImage Apply(RgbImage image, BlendCodec codec)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var rgb = CvFrames.Rgb(image);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        using var decoded = codec == BlendCodec.Jpeg85 ? Jpeg(bgr) : H264(bgr);
        using var back = new Mat();
        Cv2.CvtColor(decoded, back, ColorConversionCodes.BGR2RGB);
        var pixels = new byte[back.Width * back.Height * 3];
        System.Runtime.InteropServices.Marshal.Copy(back.Data, pixels, 0, pixels.Length);
        return new RgbImage(back.Width, back.Height, pixels);
    }

    private static Mat Jpeg(Mat bgr)
    {
        Cv2.ImEncode(".jpg", bgr, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, 85));
        return Cv2.ImDecode(bytes, ImreadModes.Color);
    }

    private static Mat H264(Mat bgr)
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-blend-");
        try
        {
            var png = Path.Combine(dir.FullName, "in.png");
            var mp4 = Path.Combine(dir.FullName, "out.mp4");
            var outPng = Path.Combine(dir.FullName, "out.png");
            using (var even = new Mat(bgr, new Rect(0, 0, bgr.Width & ~1, bgr.Height & ~1)))
            {
                Cv2.ImWrite(png, even);
            }

            Run("-i", png, "-c:v", "libx264", "-preset", "medium", "-crf", "23", "-pix_fmt", "yuv420p", mp4);
            Run("-i", mp4, "-frames:v", "1", outPng);
            return Cv2.ImRead(outPng, ImreadModes.Color);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Run(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. args])
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg could not be started");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + err);
        }
    }
}
