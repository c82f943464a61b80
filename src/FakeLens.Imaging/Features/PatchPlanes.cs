namespace FakeLens.Imaging.Features;

/// <summary>
/// One patch as planar float channels (0..255) and its luma, copied once for all feature families, and the scratch
/// buffers the families work in. perf11 (issues 13 and 19): an extractor reuses one instance per concurrent call for
/// every patch of the same side (<see cref="ImagePatchFeatures"/>), instead of ~3.5 MB of fresh large-object arrays per
/// 256 px window (the planes, the spectral transform's four planes, SPAM's quantised luma, ResNet-18's input tensors);
/// every buffer is written in full before it is read, so a reused instance computes the same numbers as a fresh one
/// (test: ImagePatchFeaturesTests poisons the buffers with NaN between patches).
/// </summary>
internal sealed class PatchPlanes
{
    private float[]? _re;
    private float[]? _im;
    private float[]? _powerA;
    private float[]? _powerB;
    private PatchFft? _fft;
    private int[]? _quantised;
    private float[]? _netInput;
    private float[]? _netPrepared;

    public PatchPlanes(int size)
    {
        Size = size;
        R = new float[size * size];
        G = new float[size * size];
        B = new float[size * size];
        Y = new float[size * size];
    }

    public int Size { get; }

    public float[] R { get; }

    public float[] G { get; }

    public float[] B { get; }

    public float[] Y { get; }

    /// <summary>The spectral features' two transform planes and two power spectra (Size², written in full by each use) and the FFT of this side.</summary>
    internal (float[] Re, float[] Im, float[] PowerA, float[] PowerB, PatchFft Fft) Spectral()
    {
        var nn = Size * Size;
        return (_re ??= new float[nn], _im ??= new float[nn], _powerA ??= new float[nn], _powerB ??= new float[nn], _fft ??= new PatchFft(Size));
    }

    /// <summary>SPAM's rounded luma (Size², written in full by each use).</summary>
    internal int[] Quantised() => _quantised ??= new int[Size * Size];

    /// <summary>ResNet-18's two input tensors' storage (3 × 224², each written in full by each use).</summary>
    internal (float[] Input, float[] Prepared) NetInputs(int length) =>
        (_netInput is { } a && a.Length == length ? a : _netInput = new float[length], _netPrepared is { } b && b.Length == length ? b : _netPrepared = new float[length]);

    /// <summary>Tests: fills every buffer with NaN (SPAM's with int.MinValue), so that a value read before it is written shows.</summary>
    internal void Poison()
    {
        foreach (var buffer in (float[]?[])[R, G, B, Y, _re, _im, _powerA, _powerB, _netInput, _netPrepared])
        {
            buffer?.AsSpan().Fill(float.NaN);
        }

        _quantised?.AsSpan().Fill(int.MinValue);
    }

    public void Load(Decoding.RgbImage image, PatchRect rect)
    {
        var n = Size;
        var p = image.Pixels;
        for (var y = 0; y < n; y++)
        {
            var src = (((rect.Y + y) * image.Width) + rect.X) * 3;
            var row = y * n;
            for (var x = 0; x < n; x++, src += 3)
            {
                float r = p[src], g = p[src + 1], b = p[src + 2];
                R[row + x] = r;
                G[row + x] = g;
                B[row + x] = b;
                Y[row + x] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
        }
    }
}
