using FakeLens.Imaging.Decoding;

namespace FakeLens.Learning.Image;

/// <summary>
/// Pseudo-fakes from real photos: half of a real patch (side/2 square) is up-sampled 2× back to the patch side
/// by one of nearest neighbour, bilinear, or a transposed convolution with a random positive 4 × 4 kernel
/// (stride 2, as in generator decoders; Durall et al. 2020 and Tan et al. 2024 trace the artefacts to exactly
/// these operators). The result carries the periodic up-sampling trace but real-photo content, so a model
/// trained with them learns the trace rather than the content of the few generators at hand.
/// </summary>
public static class PseudoFakes
{
    public static RgbImage Upsample(RgbImage patch, Random random)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(random);
        var side = Math.Min(patch.Width, patch.Height);
        var half = side / 2;
        var offset = random.Next(0, side - half + 1);
        var small = ImageOps.Crop(patch, random.Next(0, patch.Width - half + 1), offset, half, half);
        return random.Next(3) switch
        {
            0 => Nearest(small),
            1 => Bilinear(small),
            _ => Transposed(small, random),
        };
    }

    public static RgbImage Nearest(RgbImage small) => ImageResizer.NearestUp2x(small);

    public static RgbImage Bilinear(RgbImage small)
    {
        ArgumentNullException.ThrowIfNull(small);
        var sw = small.Width;
        var sh = small.Height;
        var w = sw * 2;
        var h = sh * 2;
        var p = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            var fy = Math.Clamp(((y + 0.5) / 2) - 0.5, 0, sh - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(sh - 1, y0 + 1);
            var ty = fy - y0;
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Clamp(((x + 0.5) / 2) - 0.5, 0, sw - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(sw - 1, x0 + 1);
                var tx = fx - x0;
                for (var c = 0; c < 3; c++)
                {
                    var v = ((1 - ty) * (((1 - tx) * small.Pixels[(((y0 * sw) + x0) * 3) + c]) + (tx * small.Pixels[(((y0 * sw) + x1) * 3) + c])))
                        + (ty * (((1 - tx) * small.Pixels[(((y1 * sw) + x0) * 3) + c]) + (tx * small.Pixels[(((y1 * sw) + x1) * 3) + c])));
                    p[(((y * w) + x) * 3) + c] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }
            }
        }

        return new RgbImage(w, h, p);
    }

    /// <summary>Stride-2 transposed convolution with a random positive 4 × 4 kernel whose four 2 × 2 phases each sum to 1.</summary>
    public static RgbImage Transposed(RgbImage small, Random random)
    {
        ArgumentNullException.ThrowIfNull(small);
        ArgumentNullException.ThrowIfNull(random);
        var kernel = new double[16];
        for (var i = 0; i < 16; i++)
        {
            kernel[i] = 0.2 + random.NextDouble();
        }

        // Normalise each output phase (py, px): taps ky ≡ py (mod 2), kx ≡ px (mod 2).
        for (var py = 0; py < 2; py++)
        {
            for (var px = 0; px < 2; px++)
            {
                double sum = 0;
                for (var ky = py; ky < 4; ky += 2)
                {
                    for (var kx = px; kx < 4; kx += 2)
                    {
                        sum += kernel[(ky * 4) + kx];
                    }
                }

                for (var ky = py; ky < 4; ky += 2)
                {
                    for (var kx = px; kx < 4; kx += 2)
                    {
                        kernel[(ky * 4) + kx] /= sum;
                    }
                }
            }
        }

        var sw = small.Width;
        var sh = small.Height;
        var w = sw * 2;
        var h = sh * 2;
        var acc = new double[w * h * 3];
        for (var sy = 0; sy < sh; sy++)
        {
            for (var sx = 0; sx < sw; sx++)
            {
                for (var ky = 0; ky < 4; ky++)
                {
                    var oy = Math.Clamp((2 * sy) + ky - 1, 0, h - 1);
                    for (var kx = 0; kx < 4; kx++)
                    {
                        var ox = Math.Clamp((2 * sx) + kx - 1, 0, w - 1);
                        var k = kernel[(ky * 4) + kx];
                        var s = ((sy * sw) + sx) * 3;
                        var d = ((oy * w) + ox) * 3;
                        acc[d] += k * small.Pixels[s];
                        acc[d + 1] += k * small.Pixels[s + 1];
                        acc[d + 2] += k * small.Pixels[s + 2];
                    }
                }
            }
        }

        var p = new byte[acc.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)Math.Clamp(Math.Round(acc[i]), 0, 255);
        }

        return new RgbImage(w, h, p);
    }
}
