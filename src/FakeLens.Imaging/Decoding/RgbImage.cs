using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FakeLens.Imaging.Decoding;

/// <summary>
/// Decoded pixels, 8-bit RGB interleaved, row-major, no padding; alpha is composited on white. Detectors
/// share one instance per file (read-only by convention: never write into <see cref="Pixels"/>).
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"expected {width * height * 3} bytes for {width}×{height} RGB, got {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>RGB bytes, 3 per pixel.</summary>
    public byte[] Pixels { get; }

    public double Megapixels => Width * (double)Height / 1e6;

    private readonly Lock _lumaLock = new();
    private float[]? _luma;

    /// <summary>
    /// Luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), 0..255, computed once per image and shared: detectors of one file
    /// may run in parallel (issue 19), and the second caller waits for the first instead of building its own copy.
    /// </summary>
    public float[] Luma()
    {
        if (Volatile.Read(ref _luma) is { } cached)
        {
            return cached;
        }

        lock (_lumaLock)
        {
            if (_luma is not null)
            {
                return _luma;
            }

            var y = new float[Width * Height];
            ComputeLuma(Pixels, y);
            Volatile.Write(ref _luma, y);
            return y;
        }
    }

    /// <summary>
    /// Lets go of the cached luma plane; the next <see cref="Luma"/> call computes it again (the same values). For a
    /// step that does not read the luma and needs much memory of its own (the learned model: 64 MB less under its peak
    /// at 16 MP, issue 19); a caller already holding the array keeps it.
    /// </summary>
    public void ReleaseLuma()
    {
        lock (_lumaLock)
        {
            Volatile.Write(ref _luma, null);
        }
    }
    /// <summary>
    /// BT.601 luma of interleaved RGB into <paramref name="luma"/>. Issue 19 (round 10): four pixels at a time where
    /// SSSE3 is present — the bytes spread into int lanes by one shuffle per channel, then the same float products and
    /// the same two additions in the same order as <see cref="ComputeLumaScalar"/>, so the same floats (test).
    /// </summary>
    internal static void ComputeLuma(ReadOnlySpan<byte> rgb, Span<float> luma)
    {
        var i = 0;
        if (Ssse3.IsSupported)
        {
            var red = Vector128.Create(0, 0x80, 0x80, 0x80, 3, 0x80, 0x80, 0x80, 6, 0x80, 0x80, 0x80, 9, 0x80, 0x80, 0x80);
            var green = Vector128.Create(1, 0x80, 0x80, 0x80, 4, 0x80, 0x80, 0x80, 7, 0x80, 0x80, 0x80, 10, 0x80, 0x80, 0x80);
            var blue = Vector128.Create(2, 0x80, 0x80, 0x80, 5, 0x80, 0x80, 0x80, 8, 0x80, 0x80, 0x80, 11, 0x80, 0x80, (byte)0x80);
            var kr = Vector128.Create(0.299f);
            var kg = Vector128.Create(0.587f);
            var kb = Vector128.Create(0.114f);
            ref var src = ref MemoryMarshal.GetReference(rgb);
            ref var dst = ref MemoryMarshal.GetReference(luma);

            // A 16-byte load covers 4 pixels (12 bytes) and 4 bytes beyond: stop while those are still inside.
            for (; i + 4 <= luma.Length && (3 * i) + 16 <= rgb.Length; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)(3 * i));
                var r = Vector128.ConvertToSingle(Ssse3.Shuffle(v, red).AsInt32());
                var g = Vector128.ConvertToSingle(Ssse3.Shuffle(v, green).AsInt32());
                var b = Vector128.ConvertToSingle(Ssse3.Shuffle(v, blue).AsInt32());
                ((kr * r) + (kg * g) + (kb * b)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        ComputeLumaScalar(rgb, luma, i);
    }

    /// <summary>The scalar form of <see cref="ComputeLuma"/> from pixel <paramref name="start"/> on (the reference of its test).</summary>
    internal static void ComputeLumaScalar(ReadOnlySpan<byte> rgb, Span<float> luma, int start = 0)
    {
        for (int i = start, j = 3 * start; i < luma.Length; i++, j += 3)
        {
            luma[i] = (0.299f * rgb[j]) + (0.587f * rgb[j + 1]) + (0.114f * rgb[j + 2]);
        }
    }
}
