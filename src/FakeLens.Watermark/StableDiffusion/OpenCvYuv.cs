namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// OpenCV's COLOR_BGR2YUV / COLOR_YUV2BGR, as the invisible-watermark library calls them. The 8-bit path is
/// OpenCV's fixed point with 14 fractional bits (reproduces OpenCV 4.6 exactly); the float path uses OpenCV's float
/// offset of 0.5 (not 128) and no clamping, which is what SDXL's float32 0…255 pixels go through.
/// </summary>
internal static class OpenCvYuv
{
    private const int Shift = 14;
    private const int Half = 1 << (Shift - 1);
    private const int Delta = 128 << Shift;

    private const int YR = 4899;
    private const int YG = 9617;
    private const int YB = 1868;
    private const int UB = 8061;
    private const int VR = 14369;
    private const int BU = 33292;
    private const int GU = -6472;
    private const int GV = -9519;
    private const int RV = 18678;

    /// <summary>Y of one 8-bit pixel.</summary>
    public static int Y(int r, int g, int b) => ((YR * r) + (YG * g) + (YB * b) + Half) >> Shift;

    /// <summary>U of one 8-bit pixel with luma <paramref name="y"/>.</summary>
    public static int U(int b, int y) => Clamp((((b - y) * UB) + Delta + Half) >> Shift);

    /// <summary>V of one 8-bit pixel with luma <paramref name="y"/>.</summary>
    public static int V(int r, int y) => Clamp((((r - y) * VR) + Delta + Half) >> Shift);

    /// <summary>8-bit YUV → RGB, written to <paramref name="rgb"/> at <paramref name="offset"/>.</summary>
    public static void ToRgb(int y, int u, int v, byte[] rgb, int offset)
    {
        var du = u - 128;
        var dv = v - 128;
        rgb[offset] = (byte)Clamp(y + (((dv * RV) + Half) >> Shift));
        rgb[offset + 1] = (byte)Clamp(y + (((du * GU) + (dv * GV) + Half) >> Shift));
        rgb[offset + 2] = (byte)Clamp(y + (((du * BU) + Half) >> Shift));
    }

    /// <summary>
    /// Float RGB (0…255 values, as SDXL passes them) → Y, U, V with OpenCV's float formulas (offset 0.5), in the
    /// fused multiply-add order OpenCV 4.6 uses on AVX2 CPUs (found by comparing with cv2.cvtColor bit for bit).
    /// </summary>
    public static void ToYuvFloat(float r, float g, float b, out float y, out float u, out float v)
    {
        y = MathF.FusedMultiplyAdd(b, 0.114f, MathF.FusedMultiplyAdd(g, 0.587f, r * 0.299f));
        u = MathF.FusedMultiplyAdd(b - y, 0.492f, 0.5f);
        v = MathF.FusedMultiplyAdd(r - y, 0.877f, 0.5f);
    }

    /// <summary>Float YUV → RGB, OpenCV's float inverse (offset 0.5, no clamping), fused as OpenCV does on AVX2.</summary>
    public static void ToRgbFloat(float y, float u, float v, out float r, out float g, out float b)
    {
        var du = u - 0.5f;
        var dv = v - 0.5f;
        b = MathF.FusedMultiplyAdd(du, 2.032f, y);
        g = MathF.FusedMultiplyAdd(dv, -0.581f, MathF.FusedMultiplyAdd(du, -0.395f, y));
        r = MathF.FusedMultiplyAdd(dv, 1.140f, y);
    }

    private static int Clamp(int x) => x < 0 ? 0 : x > 255 ? 255 : x;
}
