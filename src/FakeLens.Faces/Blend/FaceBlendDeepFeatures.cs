using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using OpenCvSharp;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Experiment (measured in docs/faces.md, not used at scan time): frozen ImageNet ResNet-18 features of a face
/// (<see cref="ResNet18Features"/> through <see cref="ImagePatchFeatures"/>, unchanged) as a richer representation than
/// the 135 hand-made ring numbers of <see cref="FaceBlendFeatures"/>. Two views of the face, each a 256 px square
/// (the network sees its 224 px centre) around the mesh's bounding box with a 1.25× margin, so the hull and a band
/// of its surroundings are in view: the face itself, and its high-pass residual (each channel minus its Gaussian
/// blur, σ 1.5 px at 256 px, ×4 around mid-grey), where a blend's smoothed interior and its seam show as texture
/// rather than content. 2 × 512 pooled activations.
/// </summary>
public static class FaceBlendDeepFeatures
{
    public const int Side = 256;
    public const double Margin = 1.25;

    private static readonly ImagePatchFeatures Net = new(ImageFeatureFamilies.ResNet);

    public static IReadOnlyList<string> Names { get; } =
        [.. ResNet18Features.Names().Select(n => "face." + n), .. ResNet18Features.Names().Select(n => "residual." + n)];

    public static int Count => Names.Count;

    /// <summary>The two views' pooled activations (face, then residual); null when the face's box is degenerate.</summary>
    public static float[]? Measure(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var (x, y, w, h) = mesh.Bounds();
        var side = Math.Max(w, h) * Margin;
        if (!(side >= 8))
        {
            return null;
        }

        var cx = x + (w / 2);
        var cy = y + (h / 2);
        using var src = CvFrames.Rgb(image);
        // Affine map of the square around the face onto 256×256 (reflected borders where it leaves the frame).
        var s = Side / side;
        using var m = new Mat(2, 3, MatType.CV_64FC1);
        m.Set(0, 0, s);
        m.Set(0, 1, 0.0);
        m.Set(0, 2, (Side / 2.0) - (s * cx));
        m.Set(1, 0, 0.0);
        m.Set(1, 1, s);
        m.Set(1, 2, (Side / 2.0) - (s * cy));
        using var face = new Mat();
        Cv2.WarpAffine(src, face, m, new Size(Side, Side), s < 1 ? InterpolationFlags.Area : InterpolationFlags.Cubic, BorderTypes.Reflect101);
        using var f32 = new Mat();
        face.ConvertTo(f32, MatType.CV_32FC3);
        using var blur = new Mat();
        Cv2.GaussianBlur(f32, blur, new Size(0, 0), 1.5);
        using var diff = new Mat();
        Cv2.Subtract(f32, blur, diff);
        using var residual = new Mat();
        diff.ConvertTo(residual, MatType.CV_8UC3, 4, 128);
        var rect = new PatchRect(0, 0, Side);
        var result = new float[Count];
        Net.Extract(ToImage(face), rect).CopyTo(result, 0);
        Net.Extract(ToImage(residual), rect).CopyTo(result, ResNet18Features.Count);
        return result;
    }

    private static RgbImage ToImage(Mat mat)
    {
        var pixels = new byte[mat.Width * mat.Height * 3];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, pixels, 0, pixels.Length);
        return new RgbImage(mat.Width, mat.Height, pixels);
    }
}
