namespace FakeLens.Watermark.Robust;

/// <summary>Float-plane helpers for the robust mark: separable area resampling, box filters and luma residuals.</summary>
internal static class LumaOps
{
    /// <summary>
    /// Resamples a plane to <paramref name="nw"/> × <paramref name="nh"/>: exact area averaging when shrinking (so
    /// the detector sees the same low-pass view of a mark whatever the image size), bilinear when enlarging. Output
    /// pixel centre o maps to input (o + ½)·f − ½, the same convention the embedder uses to place the pattern.
    /// </summary>
    public static float[] Resample(float[] src, int w, int h, int nw, int nh, CancellationToken cancellationToken)
    {
        var (ys, yc, yw) = Weights(h, nh);
        var tmp = w >= nw ? ShrinkRows(src, w, h, nw, cancellationToken) : StretchRows(src, w, h, nw, cancellationToken);
        var dst = new float[nw * nh];
        for (var o = 0; o < nh; o++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = ys[o];
            var wo = o * yc;
            var drow = o * nw;
            for (var k = 0; k < yc; k++)
            {
                var wk = (float)yw[wo + k];
                if (wk == 0)
                {
                    continue;
                }

                var srow = (start + k) * nw;
                for (var x = 0; x < nw; x++)
                {
                    dst[drow + x] += wk * tmp[srow + x];
                }
            }
        }

        return dst;
    }

    /// <summary>Exact area average along rows through a running integral: two lookups per output, whatever the factor.</summary>
    private static float[] ShrinkRows(float[] src, int w, int h, int nw, CancellationToken cancellationToken)
    {
        var f = w / (double)nw;
        var tmp = new float[nw * h];
        var prefix = new double[w + 1];
        for (var y = 0; y < h; y++)
        {
            if ((y & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            double acc = 0;
            for (var x = 0; x < w; x++)
            {
                prefix[x] = acc;
                acc += src[row + x];
            }

            prefix[w] = acc;
            var previous = 0.0;
            for (var o = 0; o < nw; o++)
            {
                var b = Math.Min(w, (o + 1) * f);
                var ib = (int)b;
                var integral = ib >= w ? prefix[w] : prefix[ib] + ((b - ib) * src[row + ib]);
                tmp[(y * nw) + o] = (float)((integral - previous) / f);
                previous = integral;
            }
        }

        return tmp;
    }

    private static float[] StretchRows(float[] src, int w, int h, int nw, CancellationToken cancellationToken)
    {
        var (xs, xc, xw) = Weights(w, nw);
        var tmp = new float[nw * h];
        for (var y = 0; y < h; y++)
        {
            if ((y & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            for (var o = 0; o < nw; o++)
            {
                var start = xs[o];
                double acc = 0;
                var wo = o * xc;
                for (var k = 0; k < xc; k++)
                {
                    var wk = xw[wo + k];
                    if (wk != 0)
                    {
                        acc += wk * src[row + start + k];
                    }
                }

                tmp[(y * nw) + o] = (float)acc;
            }
        }

        return tmp;
    }

    private static (int[] Start, int Count, double[] Weight) Weights(int n, int nn)
    {
        var f = n / (double)nn;
        if (f >= 1)
        {
            var count = (int)Math.Ceiling(f) + 1;
            var start = new int[nn];
            var weight = new double[nn * count];
            for (var o = 0; o < nn; o++)
            {
                var a = o * f;
                var b = Math.Min(n, (o + 1) * f);
                var s = (int)Math.Floor(a);
                start[o] = Math.Min(s, Math.Max(0, n - count));
                for (var k = 0; k < count; k++)
                {
                    var i = start[o] + k;
                    var overlap = Math.Min(b, i + 1) - Math.Max(a, i);
                    weight[(o * count) + k] = overlap > 0 ? overlap / (b - a) : 0;
                }
            }

            return (start, count, weight);
        }
        else
        {
            var start = new int[nn];
            var weight = new double[nn * 2];
            for (var o = 0; o < nn; o++)
            {
                var c = Math.Clamp(((o + 0.5) * f) - 0.5, 0, n - 1);
                var i = Math.Min((int)Math.Floor(c), Math.Max(0, n - 2));
                var t = c - i;
                start[o] = i;
                weight[2 * o] = n == 1 ? 1 : 1 - t;
                weight[(2 * o) + 1] = n == 1 ? 0 : t;
            }

            return (start, 2, weight);
        }
    }

    /// <summary>Mean over a (2r+1)² window with edge clamping, by running sums (cost independent of r).</summary>
    public static float[] BoxBlur(float[] src, int w, int h, int r, CancellationToken cancellationToken)
    {
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        var norm = 1f / ((2 * r) + 1);
        for (var y = 0; y < h; y++)
        {
            if ((y & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            double acc = 0;
            for (var k = -r; k <= r; k++)
            {
                acc += src[row + Math.Clamp(k, 0, w - 1)];
            }

            for (var x = 0; x < w; x++)
            {
                tmp[row + x] = (float)(acc * norm);
                acc += src[row + Math.Min(x + r + 1, w - 1)] - src[row + Math.Max(x - r, 0)];
            }
        }

        var colAcc = new double[w];
        for (var k = -r; k <= r; k++)
        {
            var row = Math.Clamp(k, 0, h - 1) * w;
            for (var x = 0; x < w; x++)
            {
                colAcc[x] += tmp[row + x];
            }
        }

        for (var y = 0; y < h; y++)
        {
            if ((y & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            var add = Math.Min(y + r + 1, h - 1) * w;
            var sub = Math.Max(y - r, 0) * w;
            for (var x = 0; x < w; x++)
            {
                dst[row + x] = (float)(colAcc[x] * norm);
                colAcc[x] += tmp[add + x] - tmp[sub + x];
            }
        }

        return dst;
    }

    /// <summary>Local activity: root-mean-square of the 3×3 high-pass residual over a (2r+1)² window.</summary>
    public static float[] Activity(float[] luma, int w, int h, int r, CancellationToken cancellationToken)
    {
        var mean = BoxBlur(luma, w, h, 1, cancellationToken);
        var sq = new float[luma.Length];
        for (var i = 0; i < sq.Length; i++)
        {
            var d = luma[i] - mean[i];
            sq[i] = d * d;
        }

        var act = BoxBlur(sq, w, h, r, cancellationToken);
        for (var i = 0; i < act.Length; i++)
        {
            act[i] = MathF.Sqrt(Math.Max(0f, act[i]));
        }

        return act;
    }
}
