namespace FakeLens.Imaging.Features;

// SPAM co-occurrences (Pevný, Bas & Fridrich 2010, "Steganalysis by subtractive pixel adjacency matrix"; the
// residual/co-occurrence framework of Fridrich & Kodovský 2012, "Rich models for steganalysis of digital
// images"). Residual: first-order differences of the rounded luma, truncated to T = 2 (5 values); the
// second-order Markov transition probabilities P(d₃ | d₁, d₂) of three consecutive differences, pooled over
// the four directions (→ ← ↓ ↑) and merged with their sign-mirrored twin (a, b, c) ~ (−a, −b, −c): 63
// numbers, a compact subset of the 686-dimensional second-order SPAM. Generators' smooth, up-sampled
// textures shift mass to small differences and change how a step follows a step.
internal static class SpamFeatures
{
    public const int T = 2;
    private const int Q = (2 * T) + 1;
    public const int Count = ((Q * Q * Q) + 1) / 2;

    public static IEnumerable<string> Names()
    {
        foreach (var (a, b, c) in Representatives())
        {
            yield return $"spam.{a}{b}{c}".Replace("-", "m", StringComparison.Ordinal);
        }
    }

    public static void Compute(PatchPlanes planes, Span<float> dest)
    {
        var n = planes.Size;
        var y = planes.Y;
        var q = planes.Quantised();
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = (int)MathF.Round(y[i]);
        }

        Span<double> forward = stackalloc double[Q * Q * Q];
        forward.Clear();
        for (var r = 0; r < n; r++)
        {
            var row = r * n;
            for (var c = 0; c + 3 < n; c++)
            {
                Count3(forward, q[row + c], q[row + c + 1], q[row + c + 2], q[row + c + 3]);
            }
        }

        for (var r = 0; r + 3 < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var i = (r * n) + c;
                Count3(forward, q[i], q[i + n], q[i + (2 * n)], q[i + (3 * n)]);
            }
        }

        // Reverse directions: the difference sequence reversed and negated.
        Span<double> counts = stackalloc double[Q * Q * Q];
        for (var a = -T; a <= T; a++)
        {
            for (var b = -T; b <= T; b++)
            {
                for (var c = -T; c <= T; c++)
                {
                    counts[Index(a, b, c)] = forward[Index(a, b, c)] + forward[Index(-c, -b, -a)];
                }
            }
        }

        Span<double> conditional = stackalloc double[Q * Q * Q];
        for (var a = -T; a <= T; a++)
        {
            for (var b = -T; b <= T; b++)
            {
                double total = 0;
                for (var c = -T; c <= T; c++)
                {
                    total += counts[Index(a, b, c)];
                }

                for (var c = -T; c <= T; c++)
                {
                    conditional[Index(a, b, c)] = total > 0 ? counts[Index(a, b, c)] / total : 0;
                }
            }
        }

        var k = 0;
        foreach (var (a, b, c) in Representatives())
        {
            dest[k++] = (float)(0.5 * (conditional[Index(a, b, c)] + conditional[Index(-a, -b, -c)]));
        }
    }

    private static void Count3(Span<double> counts, int p0, int p1, int p2, int p3)
    {
        var d1 = Math.Clamp(p1 - p0, -T, T);
        var d2 = Math.Clamp(p2 - p1, -T, T);
        var d3 = Math.Clamp(p3 - p2, -T, T);
        counts[Index(d1, d2, d3)]++;
    }

    private static int Index(int a, int b, int c) => ((a + T) * Q * Q) + ((b + T) * Q) + (c + T);

    /// <summary>One (a, b, c) of each sign-mirrored pair, in a fixed order (the first of the pair in index order).</summary>
    private static IEnumerable<(int A, int B, int C)> Representatives()
    {
        for (var a = -T; a <= T; a++)
        {
            for (var b = -T; b <= T; b++)
            {
                for (var c = -T; c <= T; c++)
                {
                    if (Index(a, b, c) <= Index(-a, -b, -c))
                    {
                        yield return (a, b, c);
                    }
                }
            }
        }
    }
}
