using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Lighting;

/// <summary>
/// Finds cast shadows next to the objects and faces of <see cref="LightingAnalyzer"/> (same working resolution,
/// ≤ 1024 px). A pixel is shadow-like when its luma is below 0.6 × the luma of its surroundings (Gaussian blur,
/// σ = 1/12 of the longer side) yet above 12 (not black), and its chromaticity (r, g normalised by r + g + b)
/// differs from the surroundings' by less than 0.06 in sum: a shadow darkens a surface without changing its
/// colour much (the invariant used by Finlayson et al. 2006 and most shadow detectors since; sky-lit shadows are
/// a little bluer, hence the tolerance). The mask is opened 3 × 3 and closed 5 × 5; connected areas covering
/// 0.1–10 % of the picture are candidates. A candidate is the cast shadow of an object when at least 15 of its
/// pixels lie in a ring around the object's mask (width 2 % of the longer side, at least 3 px); the largest such
/// candidate is kept. Its direction: from the shadow's centroid (pixels outside the object) to the object's
/// centroid points towards the light. Uncertainty: atan(spread of the shadow across that vector / its length) + 10°
/// for where the shadow really touches the object.
/// </summary>
internal static class ShadowAnalyzer
{
    private const double DarkRatio = 0.6;
    private const double MinLuma = 12;
    private const double ChromaTolerance = 0.06;
    private const int MinTouching = 15;

    /// <summary>Shadows next to the objects of an existing contour analysis of <paramref name="image"/> (shared with lighting.contours).</summary>
    public static ShadowAnalysis Analyze(RgbImage image, LightingAnalysis lighting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(lighting);
        if (lighting.Regions.Count == 0)
        {
            return new ShadowAnalysis(lighting, 0, []);
        }

        var w = lighting.WorkWidth;
        var h = lighting.WorkHeight;
        var scale = lighting.Scale;
        var (red, green, blue) = Channels(image, w, h);
        var luma = new float[w * h];
        var cr = new float[w * h];
        var cg = new float[w * h];
        for (var i = 0; i < luma.Length; i++)
        {
            float r = red[i], g = green[i], b = blue[i];
            var sum = r + g + b + 1f;
            luma[i] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            cr[i] = r / sum;
            cg[i] = g / sum;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sigma = Math.Max(w, h) / 12.0;
        var background = Blur([luma, cr, cg], w, h, sigma);
        var (lumaBg, crBg, cgBg) = (background[0], background[1], background[2]);
        var mask = new byte[w * h];
        for (var i = 0; i < mask.Length; i++)
        {
            var dark = luma[i] > MinLuma && luma[i] < DarkRatio * lumaBg[i];
            var sameColour = Math.Abs(cr[i] - crBg[i]) + Math.Abs(cg[i] - cgBg[i]) < ChromaTolerance;
            mask[i] = (byte)(dark && sameColour ? 255 : 0);
        }

        using var m = CvImages.FromArray(mask, w, h, MatType.CV_8UC1);
        using (var open = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)))
        using (var close = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5)))
        {
            Cv2.MorphologyEx(m, m, MorphTypes.Open, open);
            Cv2.MorphologyEx(m, m, MorphTypes.Close, close);
        }

        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(m, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var label = CvImages.ToArray<int>(labels);
        var area = (double)w * h;
        var candidate = new bool[count];
        var candidates = 0;
        for (var c = 1; c < count; c++)
        {
            var a = stats.At<int>(c, (int)ConnectedComponentsTypes.Area);
            candidate[c] = a >= 0.001 * area && a <= 0.1 * area;
            candidates += candidate[c] ? 1 : 0;
        }

        var shadows = new List<CastShadow>();
        var ringWidth = Math.Max(3, (int)Math.Round(0.02 * Math.Max(w, h)));
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size((2 * ringWidth) + 1, (2 * ringWidth) + 1));
        for (var r = 0; r < lighting.Regions.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var objectMask = lighting.Regions[r].Mask;
            if (objectMask.Length != w * h)
            {
                continue;
            }

            using var om = CvImages.FromArray(objectMask, w, h, MatType.CV_8UC1);
            using var dilated = new Mat();
            Cv2.Dilate(om, dilated, kernel);
            var ring = CvImages.ToArray<byte>(dilated);
            var touching = new Dictionary<int, int>();
            for (var i = 0; i < ring.Length; i++)
            {
                if (ring[i] != 0 && candidate[label[i]])
                {
                    touching[label[i]] = touching.GetValueOrDefault(label[i]) + 1;
                }
            }

            var best = touching.Where(kv => kv.Value >= MinTouching).OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault();
            if (best == 0)
            {
                continue;
            }

            if (Measure(label, best, objectMask, w, h) is { } s)
            {
                var box = (X: (int)(s.X0 / scale), Y: (int)(s.Y0 / scale), W: (int)Math.Ceiling((s.X1 - s.X0 + 1) / scale), H: (int)Math.Ceiling((s.Y1 - s.Y0 + 1) / scale));
                shadows.Add(new CastShadow(r, box.X, box.Y, box.W, box.H, s.Angle, s.Sigma, s.Pixels));
            }
        }

        return new ShadowAnalysis(lighting, candidates, shadows);
    }

    /// <summary>Direction from the shadow (pixels of <paramref name="component"/>) to the object (its mask without the shadow), as "light from" angle with uncertainty.</summary>
    private static (double Angle, double Sigma, int Pixels, int X0, int Y0, int X1, int Y1)? Measure(int[] label, int component, byte[] objectMask, int w, int h)
    {
        double sx = 0, sy = 0, ox = 0, oy = 0;
        int ns = 0, no = 0, x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                if (label[i] != component)
                {
                    if (objectMask[i] != 0)
                    {
                        ox += x;
                        oy += y;
                        no++;
                    }
                }
                else
                {
                    sx += x;
                    sy += y;
                    ns++;
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                }
            }
        }

        if (ns < MinTouching || no == 0)
        {
            return null;
        }

        (sx, sy, ox, oy) = (sx / ns, sy / ns, ox / no, oy / no);
        double dx = ox - sx, dy = oy - sy;
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        if (length < 3)
        {
            return null;
        }

        // Spread of the shadow across the shadow → object vector.
        double ux = -dy / length, uy = dx / length, across = 0;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var i = (y * w) + x;
                if (label[i] == component)
                {
                    var d = ((x - sx) * ux) + ((y - sy) * uy);
                    across += d * d;
                }
            }
        }

        var spread = Math.Sqrt(across / ns);
        var angle = LightDirectionEstimator.Normalise(Math.Atan2(-dy, dx) * 180 / Math.PI);
        var sigma = (Math.Atan2(spread, length) * 180 / Math.PI) + 10;
        return (angle, sigma, ns, x0, y0, x1, y1);
    }

    /// <summary>R, G and B at the working size (area averaging, as <see cref="CvImages.Gray"/> shrinks luma).</summary>
    private static (byte[] R, byte[] G, byte[] B) Channels(RgbImage image, int w, int h)
    {
        using var full = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var small = new Mat();
        if (w == image.Width && h == image.Height)
        {
            full.CopyTo(small);
        }
        else
        {
            Cv2.Resize(full, small, new Size(w, h), 0, 0, InterpolationFlags.Area);
        }

        var planes = Cv2.Split(small);
        try
        {
            return (CvImages.ToArray<byte>(planes[0]), CvImages.ToArray<byte>(planes[1]), CvImages.ToArray<byte>(planes[2]));
        }
        finally
        {
            foreach (var p in planes)
            {
                p.Dispose();
            }
        }
    }

    /// <summary>
    /// Gaussian blur of a float plane as <c>Cv2.GaussianBlur(σ, BORDER_REFLECT)</c> computes it — the same kernel
    /// (OpenCV's 8σ + 1 taps for float images, its own coefficients), rows then columns, reflected borders — but each
    /// pass as a DFT correlation: σ is 1/12 of the side, so the direct form costs ~680 multiply-adds per pixel per pass.
    /// Issue 19 (round 6): every row is reflected out by the kernel's radius, and all rows go through one batch of
    /// 1-D real DFTs (<c>Cv2.Dft</c> with <c>DftFlags.Rows</c>), a product with the kernel's spectrum and the inverse;
    /// the columns the same after a transpose. <c>Cv2.Filter2D</c>, used before, ran 2-D DFTs over tiles for the
    /// one-row kernel, ~4× the work. Equal to <c>GaussianBlur</c> and to the Filter2D form within float rounding (test).
    /// </summary>
    internal static float[] Blur(float[] values, int w, int h, double sigma) => Blur([values], w, h, sigma)[0];

    /// <summary>
    /// <see cref="Blur(float[], int, int, double)"/> of several planes of one size. Issue 19 (round 10): the planes share
    /// one set of DFT buffers per direction (the padded rows, their spectrum, the kernel's spectrum repeated over the
    /// rows, the product), and the rows are reflected straight into the DFT's input and transposed straight out of its
    /// output into managed arrays: the same OpenCV calls on the same values as <see cref="BlurReference"/>, so the same
    /// floats (test), with ~50 MB fewer freshly allocated bytes per plane and pass.
    /// </summary>
    internal static float[][] Blur(float[][] planes, int w, int h, double sigma)
    {
        ArgumentNullException.ThrowIfNull(planes);
        var taps = (int)Math.Round((sigma * 8) + 1) | 1;
        if (taps < 64)
        {
            return Array.ConvertAll(planes, p => GaussianBlur(p, w, h, sigma));
        }

        using var column = Cv2.GetGaussianKernel(taps, sigma, MatType.CV_32F) ?? throw new InvalidOperationException("OpenCV returned no Gaussian kernel");
        var kernel = CvImages.ToArray<float>(column);

        // All rows first, then all columns: one direction's buffers (~28 MB at 1024 px) alive at a time.
        var transposed = new float[planes.Length][];
        using (var alongRows = new RowCorrelator(w, h, kernel))
        {
            for (var p = 0; p < planes.Length; p++)
            {
                transposed[p] = new float[w * h];
                alongRows.Correlate(planes[p], transposed[p]);
            }
        }

        var result = new float[planes.Length][];
        using var alongColumns = new RowCorrelator(h, w, kernel);
        for (var p = 0; p < planes.Length; p++)
        {
            result[p] = new float[w * h];
            alongColumns.Correlate(transposed[p], result[p]);
            transposed[p] = [];
        }

        return result;
    }

    /// <summary>
    /// Correlates every row of a <c>rows × cols</c> plane with a symmetric kernel (reflected borders, BORDER_REFLECT)
    /// through the DFT and writes the result transposed (<c>cols × rows</c>). Holds its DFT buffers for reuse.
    /// </summary>
    private sealed class RowCorrelator : IDisposable
    {
        private readonly int _cols;
        private readonly int _rows;
        private readonly int _length;
        private readonly int[] _map;
        private readonly Mat _signal;
        private readonly Mat _spectrum = new();
        private readonly Mat _filterSpectrum = new();
        private readonly Mat _product = new();

        public RowCorrelator(int cols, int rows, float[] kernel)
        {
            _cols = cols;
            _rows = rows;
            var r = kernel.Length / 2;
            _length = cols + (2 * r);
            var n = Cv2.GetOptimalDFTSize(_length);
            _map = new int[_length];
            for (var j = 0; j < _length; j++)
            {
                _map[j] = Reflect(j - r, cols);
            }

            _signal = new Mat(rows, n, MatType.CV_32FC1);
            var taps = new float[n];
            kernel.CopyTo(taps, 0);
            using var filter = CvImages.FromArray(taps, n, 1, MatType.CV_32FC1);
            using var kernelSpectrum = new Mat();
            Cv2.Dft(filter, kernelSpectrum, DftFlags.Rows);
            Cv2.Repeat(kernelSpectrum, rows, 1, _filterSpectrum);
        }

        public unsafe void Correlate(float[] source, float[] transposedOut)
        {
            int w = _cols, h = _rows, n = _signal.Cols;
            if (source.Length != w * h || transposedOut.Length != w * h || !_signal.IsContinuous())
            {
                throw new ArgumentException("plane size does not match the correlator");
            }

            // The padded rows written into the DFT's input: reflected source, then zeros up to n.
            var padded = new Span<float>((void*)_signal.Data, h * n);
            var map = _map;
            for (var y = 0; y < h; y++)
            {
                var from = source.AsSpan(y * w, w);
                var to = padded.Slice(y * n, n);
                for (var j = 0; j < map.Length; j++)
                {
                    to[j] = from[map[j]];
                }

                to[map.Length..].Clear();
            }

            Cv2.Dft(_signal, _spectrum, DftFlags.Rows);
            Cv2.MulSpectrums(_spectrum, _filterSpectrum, _product, DftFlags.Rows, conjB: true);

            // The inverse overwrites the input buffer (same size and type), which the next plane refills.
            Cv2.Dft(_product, _signal, DftFlags.Inverse | DftFlags.Rows | DftFlags.Scale | DftFlags.RealOutput);

            // Output x reads padded x … x + taps − 1, i.e. source x − r … x + r: no wrap-around since n ≥ w + 2r.
            using var valid = new Mat(_signal, new Rect(0, 0, w, h));
            using var target = Mat.FromPixelData(w, h, MatType.CV_32FC1, transposedOut);
            Cv2.Transpose(valid, target);
        }

        public void Dispose()
        {
            _signal.Dispose();
            _spectrum.Dispose();
            _filterSpectrum.Dispose();
            _product.Dispose();
        }
    }

    /// <summary>The round-6 form of <see cref="Blur(float[], int, int, double)"/> (fresh buffers and copies per pass); exposed to the equality test.</summary>
    internal static float[] BlurReference(float[] values, int w, int h, double sigma)
    {
        var taps = (int)Math.Round((sigma * 8) + 1) | 1;
        if (taps < 64)
        {
            return GaussianBlur(values, w, h, sigma);
        }

        using var column = Cv2.GetGaussianKernel(taps, sigma, MatType.CV_32F) ?? throw new InvalidOperationException("OpenCV returned no Gaussian kernel");
        var kernel = CvImages.ToArray<float>(column);
        using var src = CvImages.FromArray(values, w, h, MatType.CV_32FC1);
        using var rows = CorrelateRows(src, kernel);
        using var transposed = rows.T().ToMat();
        using var columns = CorrelateRows(transposed, kernel);
        using var dst = columns.T().ToMat();
        return CvImages.ToArray<float>(dst);
    }

    /// <summary>Each row of <paramref name="src"/> correlated with the symmetric <paramref name="kernel"/>, reflected borders (BORDER_REFLECT), through the DFT.</summary>
    private static Mat CorrelateRows(Mat src, float[] kernel)
    {
        int w = src.Cols, h = src.Rows, r = kernel.Length / 2;
        var length = w + (2 * r);
        var n = Cv2.GetOptimalDFTSize(length);
        var source = CvImages.ToArray<float>(src);
        var padded = new float[h * n];
        var map = new int[length];
        for (var j = 0; j < length; j++)
        {
            map[j] = Reflect(j - r, w);
        }

        for (var y = 0; y < h; y++)
        {
            var from = y * w;
            var to = y * n;
            for (var j = 0; j < length; j++)
            {
                padded[to + j] = source[from + map[j]];
            }
        }

        var taps = new float[n];
        kernel.CopyTo(taps, 0);
        using var signal = CvImages.FromArray(padded, n, h, MatType.CV_32FC1);
        using var filter = CvImages.FromArray(taps, n, 1, MatType.CV_32FC1);
        using var signalSpectrum = new Mat();
        using var kernelSpectrum = new Mat();
        using var filterSpectrum = new Mat();
        using var product = new Mat();
        using var full = new Mat();
        Cv2.Dft(signal, signalSpectrum, DftFlags.Rows);
        Cv2.Dft(filter, kernelSpectrum, DftFlags.Rows);
        Cv2.Repeat(kernelSpectrum, h, 1, filterSpectrum);
        Cv2.MulSpectrums(signalSpectrum, filterSpectrum, product, DftFlags.Rows, conjB: true);
        Cv2.Dft(product, full, DftFlags.Inverse | DftFlags.Rows | DftFlags.Scale | DftFlags.RealOutput);

        // Output x reads padded x … x + taps − 1, i.e. source x − r … x + r: no wrap-around since n ≥ w + 2r.
        return full[new Rect(0, 0, w, h)].Clone();
    }

    /// <summary>OpenCV's <c>borderInterpolate</c> for BORDER_REFLECT (fedcba|abcdef|fedcba), repeated for kernels longer than the side.</summary>
    private static int Reflect(int p, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        while ((uint)p >= (uint)length)
        {
            p = p < 0 ? -p - 1 : length - 1 - (p - length);
        }

        return p;
    }

    /// <summary>The Filter2D form that <see cref="Blur"/> replaced in round 6; exposed to the equivalence test.</summary>
    internal static float[] Filter2DBlur(float[] values, int w, int h, double sigma)
    {
        using var src = CvImages.FromArray(values, w, h, MatType.CV_32FC1);
        using var dst = new Mat();
        var taps = (int)Math.Round((sigma * 8) + 1) | 1;
        using var column = Cv2.GetGaussianKernel(taps, sigma, MatType.CV_32F) ?? throw new InvalidOperationException("OpenCV returned no Gaussian kernel");
        using var transposed = column.T();
        using var row = transposed.ToMat();
        using var rows = new Mat();
        Cv2.Filter2D(src, rows, MatType.CV_32F, row, new Point(-1, -1), 0, BorderTypes.Reflect);
        Cv2.Filter2D(rows, dst, MatType.CV_32F, column, new Point(-1, -1), 0, BorderTypes.Reflect);
        return CvImages.ToArray<float>(dst);
    }

    /// <summary>The direct form (<c>Cv2.GaussianBlur</c>) that <see cref="Blur"/> replaces; exposed to the equivalence test.</summary>
    internal static float[] GaussianBlur(float[] values, int w, int h, double sigma)
    {
        using var src = CvImages.FromArray(values, w, h, MatType.CV_32FC1);
        using var dst = new Mat();
        Cv2.GaussianBlur(src, dst, new Size(0, 0), sigma, sigma, BorderTypes.Reflect);
        return CvImages.ToArray<float>(dst);
    }
}
