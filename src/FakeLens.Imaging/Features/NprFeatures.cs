namespace FakeLens.Imaging.Features;

// Neighbouring pixel relationships (Tan et al. 2024, "Rethinking the up-sampling operations in CNN-based
// generative network for generalizable deepfake detection", CVPR): NPR = x − up₂(down₂(x)) with nearest
// sampling, i.e. each pixel minus the top-left pixel of its 2 × 2 cell. Up-sampling by 2 ties the pixels of a
// cell together, so their residual is smaller and more often exactly 0 than in a camera image. A crop may
// start at an odd pixel, so the cell grid is tried at all four phases and the features are phase-free:
// per channel, the mean |residual| at each cell position (0,1), (1,0), (1,1) in the lowest-energy phase
// relative to the mean over phases, the lowest/highest phase energy ratio, the same ratio for horizontal,
// vertical and diagonal neighbour differences at even vs odd positions, the share of |residual| < 0.5, 1.5,
// 2.5, 4.5 in the lowest-energy phase, and the log mean energy.
internal static class NprFeatures
{
    public const int PerChannel = 12;
    private static readonly string[] Channels = ["r", "g", "b"];

    public static IEnumerable<string> Names()
    {
        foreach (var c in Channels)
        {
            yield return $"npr.{c}.pos01";
            yield return $"npr.{c}.pos10";
            yield return $"npr.{c}.pos11";
            yield return $"npr.{c}.phase-ratio";
            yield return $"npr.{c}.h-parity";
            yield return $"npr.{c}.v-parity";
            yield return $"npr.{c}.d-parity";
            yield return $"npr.{c}.zero";
            yield return $"npr.{c}.le1";
            yield return $"npr.{c}.le2";
            yield return $"npr.{c}.le4";
            yield return $"npr.{c}.level";
        }
    }

    public static void Compute(PatchPlanes planes, Span<float> dest)
    {
        Channel(planes.R, planes.Size, dest[..PerChannel]);
        Channel(planes.G, planes.Size, dest.Slice(PerChannel, PerChannel));
        Channel(planes.B, planes.Size, dest.Slice(2 * PerChannel, PerChannel));
    }

    private static void Channel(float[] x, int n, Span<float> dest)
    {
        const float eps = 1e-3f;

        // energy[phase * 3 + position], histogram[phase * 4 + bin]; phase = py * 2 + px.
        Span<double> energy = stackalloc double[12];
        Span<long> hist = stackalloc long[16];
        Span<long> cells = stackalloc long[4];
        energy.Clear();
        hist.Clear();
        cells.Clear();
        for (var py = 0; py < 2; py++)
        {
            for (var px = 0; px < 2; px++)
            {
                var phase = (py * 2) + px;
                double e01 = 0, e10 = 0, e11 = 0;
                long h0 = 0, h1 = 0, h2 = 0, h4 = 0, count = 0;
                for (var y = py; y + 1 < n; y += 2)
                {
                    var row = y * n;
                    var next = row + n;
                    for (var cx = px; cx + 1 < n; cx += 2)
                    {
                        var a = x[row + cx];
                        var r01 = MathF.Abs(x[row + cx + 1] - a);
                        var r10 = MathF.Abs(x[next + cx] - a);
                        var r11 = MathF.Abs(x[next + cx + 1] - a);
                        e01 += r01;
                        e10 += r10;
                        e11 += r11;
                        count++;
                        h0 += (r01 < 0.5f ? 1 : 0) + (r10 < 0.5f ? 1 : 0) + (r11 < 0.5f ? 1 : 0);
                        h1 += (r01 < 1.5f ? 1 : 0) + (r10 < 1.5f ? 1 : 0) + (r11 < 1.5f ? 1 : 0);
                        h2 += (r01 < 2.5f ? 1 : 0) + (r10 < 2.5f ? 1 : 0) + (r11 < 2.5f ? 1 : 0);
                        h4 += (r01 < 4.5f ? 1 : 0) + (r10 < 4.5f ? 1 : 0) + (r11 < 4.5f ? 1 : 0);
                    }
                }

                var c = Math.Max(1, count);
                energy[(phase * 3) + 0] = e01 / c;
                energy[(phase * 3) + 1] = e10 / c;
                energy[(phase * 3) + 2] = e11 / c;
                hist[(phase * 4) + 0] = h0;
                hist[(phase * 4) + 1] = h1;
                hist[(phase * 4) + 2] = h2;
                hist[(phase * 4) + 3] = h4;
                cells[phase] = c;
            }
        }

        var best = 0;
        double bestTotal = double.MaxValue, worstTotal = 0, meanTotal = 0;
        for (var p = 0; p < 4; p++)
        {
            var total = energy[p * 3] + energy[(p * 3) + 1] + energy[(p * 3) + 2];
            meanTotal += total / 4;
            if (total < bestTotal)
            {
                bestTotal = total;
                best = p;
            }

            worstTotal = Math.Max(worstTotal, total);
        }

        for (var pos = 0; pos < 3; pos++)
        {
            double mean = 0;
            for (var p = 0; p < 4; p++)
            {
                mean += energy[(p * 3) + pos] / 4;
            }

            dest[pos] = MathF.Log((float)((energy[(best * 3) + pos] + eps) / (mean + eps)));
        }

        dest[3] = MathF.Log((float)((bestTotal + eps) / (worstTotal + eps)));

        // Neighbour differences at even vs odd positions: horizontal differences inside cells of phase px=0 vs px=1.
        dest[4] = ParityRatio(energy[0] + energy[6], energy[3] + energy[9], eps);  // (0,1) residual, px = 0 vs px = 1
        dest[5] = ParityRatio(energy[1] + energy[4], energy[7] + energy[10], eps); // (1,0) residual, py = 0 vs py = 1
        double dMin = double.MaxValue, dMax = 0;
        for (var p = 0; p < 4; p++)
        {
            dMin = Math.Min(dMin, energy[(p * 3) + 2]);
            dMax = Math.Max(dMax, energy[(p * 3) + 2]);
        }

        dest[6] = MathF.Log((float)((dMin + eps) / (dMax + eps)));
        var samples = 3.0 * cells[best];
        for (var b = 0; b < 4; b++)
        {
            dest[7 + b] = (float)(hist[(best * 4) + b] / samples);
        }

        dest[11] = MathF.Log((float)(meanTotal / 3) + eps);
    }

    private static float ParityRatio(double a, double b, float eps) => MathF.Log((float)((Math.Min(a, b) + eps) / (Math.Max(a, b) + eps)));
}
