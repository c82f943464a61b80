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
            var p = Pixels;
            for (int i = 0, j = 0; i < y.Length; i++, j += 3)
            {
                y[i] = (0.299f * p[j]) + (0.587f * p[j + 1]) + (0.114f * p[j + 2]);
            }

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
}
