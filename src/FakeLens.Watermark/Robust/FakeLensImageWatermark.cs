using System.Globalization;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Robust;

/// <summary>
/// FakeLens's own robust image watermark (<c>fakelens-image</c>): a keyed, self-referencing spread-spectrum mark in luma.
/// </summary>
/// <remarks>
/// Design. Spread spectrum (Cox, Kilian, Leighton &amp; Shamoon 1997) with a periodic, self-referencing pattern
/// (Kutter 1998, "Watermarking resisting to translation, rotation and scaling") and autocorrelation-based
/// resynchronisation (Voloshynovskiy, Deguillaume &amp; Pun 2000/2001, "Multibit digital watermarking robust against
/// local nonlinear geometrical distortions"). Chosen over invariant domains (Fourier–Mellin, O'Ruanaidh &amp; Pun 1998)
/// because cropping destroys the global invariants those rely on, whereas a tiled pattern survives in every tile
/// that is left, and its autocorrelation lattice reveals scale and rotation without any stored template.
/// <list type="bullet">
/// <item>Canonical grid: the image is treated at a reference scale with short side 512 px, so any resize maps the
/// mark back onto the same grid, and a 12 MP photo is detected from a ~0.35 MP luma plane.</item>
/// <item>Pattern: a 64 × 64 px tile at that scale (32 × 32 chips of 2 × 2 px, bilinearly smoothed so it sits in the
/// mid frequencies that survive JPEG 50, half-size resizing and σ 1 blur), repeated over the whole image. 256 chips
/// carry a keyed ±1 sync sequence, 768 carry the message.</item>
/// <item>Message: the 32-bit payload, a 32-bit keyed tag (HMAC-SHA-256 of the payload), coded with the K = 7,
/// rate-½ convolutional code (140 coded bits, each spread over 5–6 chips × every tile) and decoded by soft Viterbi.</item>
/// <item>Masking: amplitude proportional to local activity^0.6 (a Watson-style contrast-masking rule, Watson 1993),
/// rescaled so that the mark's RMS equals a PSNR of 40.8 dB, then lowered where needed so that the predicted SSIM
/// stays ≥ 0.99 (smooth photos); added equally to R, G and B (a pure luma change).</item>
/// <item>Detection: locally normalised high-pass residual → whitened autocorrelation → lattice scale/angle
/// hypotheses (plus the unchanged grid), ranked by how well the whole lattice is supported and fine-tuned to
/// sub-pixel accuracy → fold of every tile into one → cyclic correlation with the sync chips for the translation →
/// soft Viterbi → tag check. When nothing decodes, a sweep of grid scales (the only change a crop makes on the
/// canonical grid) scored by the sync correlation supplies three more hypotheses: busy photos hide the lattice
/// from the autocorrelation but not from the keyed correlator.</item>
/// <item>Layout v2 (photos up to <see cref="SmallPhotoMaxSide"/> px on the short side, issue 20): the spread-spectrum
/// pattern at 44 dB plus a second payload layer, <see cref="QimLayer"/>: dithered QIM (Chen &amp; Wornell 2001) of
/// 24-px cell means on the canonical grid carrying the same coded message. On a small photo the 2-px chips fall
/// below what halving + JPEG 50 keeps; cell means survive it. The reader tries the QIM layer on the unchanged grid
/// when the spread-spectrum payload does not verify (as is, and after a blind affine luma estimate, both polarities);
/// layout-v1 marks (every mark written before, and larger photos) read exactly as before.</item>
/// <item>False positives: "marked" requires the keyed 32-bit tag to match the decoded payload. On an unmarked
/// image (or under another key) the decoder output is unrelated to the tag, so each hypothesis matches with
/// probability 2^−32; with at most 18 hypotheses (12 grids, 3 crop-sweep scales, 3 QIM readings) the false-positive
/// rate is ≤ 18 · 2^−32 ≈ 4.2 × 10^−9 by construction, whatever the image content. The sync correlation's z-score (Gaussian null, Bonferroni over shifts and
/// hypotheses) is reported for "not marked" results.</item>
/// </list>
/// Open labelling: <see cref="DefaultKey"/> is public, so anyone can check (and anyone can forge) an open label; a
/// private key gives private marks. Known limits: quarter-turn rotations, mirroring and aspect-ratio changes are
/// not resynchronised; images under 128 px on the short side cannot carry the mark.
/// </remarks>
public sealed class FakeLensImageWatermark : IImageWatermark
{
    internal const int ReferenceSide = 512;
    internal const int ChipPixels = 2;
    internal const int TilePixels = RobustLayout.ChipsPerSide * ChipPixels;
    internal const int MinSide = 128;

    /// <summary>Reference-scale plane the reader accepts (an aspect ratio up to about 15 : 1), bounding its memory.</summary>
    internal const double MaxReferencePixels = 4e6;
    internal const double TargetPsnr = 40.8;

    /// <summary>Spread-spectrum PSNR target under layout v2, leaving the rest of the 40-dB budget to the QIM layer.</summary>
    internal const double SmallPhotoSpreadPsnr = 44;

    /// <summary>
    /// Photos up to this short side get layout v2 (spread spectrum for synchronisation, rotation and crops, plus the QIM
    /// layer that survives halving + JPEG 50); larger ones keep layout v1 (spread spectrum only at full strength), whose
    /// chips are big enough there (500-px Kodak crops survive halving) and which v2 would weaken against crops and
    /// rotation (measured: v2 on the 500-px Kodak crops lost 3/24 on crop 70 %, 2–3/24 on rotation ±5°).
    /// </summary>
    internal const int SmallPhotoMaxSide = 480;

    private const double MinActivity = 0.01;

    /// <summary>Predicted SSIM loss allowed (SSIM ≥ 0.99 predicted; byte rounding and clipping cost a little more).</summary>
    private const double MaxSsimLoss = 0.01;

    /// <summary>The public "open labelling" key: <c>WatermarkKey.FromPassphrase("fakelens-open-label-v1")</c>.</summary>
    public static WatermarkKey DefaultKey { get; } = WatermarkKey.FromPassphrase("fakelens-open-label-v1");

    public string Id => "fakelens-image";

    public string Description => "FakeLens robust image mark: keyed, tiled spread-spectrum luma pattern, 32-bit payload, survives JPEG, resizing, cropping and small rotations.";

    /// <summary>Embeds with the public open-labelling key <see cref="DefaultKey"/>.</summary>
    public RgbImage Embed(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default) =>
        Embed(image, payload, DefaultKey, cancellationToken);

    /// <summary>Embeds a 32-bit <paramref name="payload"/> under <paramref name="key"/>.</summary>
    public RgbImage Embed(RgbImage image, WatermarkPayload payload, WatermarkKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Embed(image, payload, key, Math.Min(image.Width, image.Height) <= SmallPhotoMaxSide, cancellationToken);
    }

    /// <summary>Embeds with layout v2 (spread spectrum + QIM layer) when <paramref name="qimLayer"/>, else layout v1 (what every mark before v2 was).</summary>
    internal RgbImage Embed(RgbImage image, WatermarkPayload payload, WatermarkKey key, bool qimLayer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        if (payload.Bits.Count != RobustLayout.PayloadBits)
        {
            throw new ArgumentException($"the FakeLens image mark carries exactly {RobustLayout.PayloadBits} bits (4 bytes, e.g. 0x0A1B2C3D); got {payload.Bits.Count}", nameof(payload));
        }

        var w = image.Width;
        var h = image.Height;
        if (Math.Min(w, h) < MinSide)
        {
            throw new ArgumentException($"the image is {w} × {h} px; the FakeLens mark needs at least {MinSide} px on the short side", nameof(image));
        }

        var layout = RobustLayout.For(key);
        var chips = layout.ChipValues(payload.Bits.ToArray());
        var luma = image.Luma();
        var activity = LumaOps.Activity(luma, w, h, 2, cancellationToken);

        // Pattern coordinates: pixel x sits at reference coordinate (x + ½)/f − ½, chip coordinate (ref + ½)/c − ½.
        var f = Math.Min(w, h) / (double)ReferenceSide;
        var (cx0, cx1, ctx) = ChipAxis(w, f);
        var (cy0, cy1, cty) = ChipAxis(h, f);
        var delta = new float[w * h];
        double energy = 0;
        const int n = RobustLayout.ChipsPerSide;
        for (var y = 0; y < h; y++)
        {
            if ((y & 127) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var r0 = cy0[y] * n;
            var r1 = cy1[y] * n;
            var ty = cty[y];
            for (var x = 0; x < w; x++)
            {
                var tx = ctx[x];
                var top = (chips[r0 + cx0[x]] * (1 - tx)) + (chips[r0 + cx1[x]] * tx);
                var bottom = (chips[r1 + cx0[x]] * (1 - tx)) + (chips[r1 + cx1[x]] * tx);
                var pattern = (top * (1 - ty)) + (bottom * ty);
                var i = (y * w) + x;
                var d = pattern * MathF.Pow(activity[i] + 1f, 0.6f);
                delta[i] = d;
                energy += d * d;
            }
        }

        var rms = Math.Sqrt(energy / delta.Length);
        var target = 255 / Math.Pow(10, (qimLayer ? SmallPhotoSpreadPsnr : TargetPsnr) / 20);
        var gain = rms < MinActivity ? 0f : (float)(target / rms);
        gain = SsimLimitedGain(luma, delta, w, h, gain, cancellationToken);
        var marked = new float[luma.Length];
        for (var i = 0; i < marked.Length; i++)
        {
            marked[i] = luma[i] + (delta[i] * gain);
        }

        if (qimLayer)
        {
            var coded = ConvolutionalCode.Encode(layout.Message(payload.Bits.ToArray()));
            QimLayer.For(key).Embed(marked, w, h, f, coded, cancellationToken);
        }

        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (int i = 0, j = 0; i < delta.Length; i++, j += 3)
        {
            var d = marked[i] - luma[i];
            dst[j] = ToByte(src[j] + d);
            dst[j + 1] = ToByte(src[j + 1] + d);
            dst[j + 2] = ToByte(src[j + 2] + d);
        }

        return new RgbImage(w, h, dst);
    }

    /// <summary>Looks for the mark under <paramref name="key"/> (the open-labelling <see cref="DefaultKey"/> when null).</summary>
    public WatermarkDetection Detect(RgbImage image, WatermarkKey? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        key ??= DefaultKey;
        if (Math.Min(image.Width, image.Height) < MinSide)
        {
            return CannotDecide($"The image is {image.Width} × {image.Height} px; the FakeLens mark needs at least {MinSide} px on the short side to be read.");
        }

        var shortSide = Math.Min(image.Width, image.Height);
        var referencePixels = (double)image.Width * image.Height * ReferenceSide * ReferenceSide / ((double)shortSide * shortSide);
        if (referencePixels > MaxReferencePixels)
        {
            return CannotDecide($"The image is {image.Width} × {image.Height} px; at the mark's reference scale (short side {ReferenceSide} px) this extreme aspect ratio would need {referencePixels / 1e6:0} MP, above the {MaxReferencePixels / 1e6:0} MP the reader allows.");
        }

        var (residual, reference, rw, rh, activity) = RobustDecoder.Prepare(image.Luma(), image.Width, image.Height, cancellationToken);
        if (activity < 0.05)
        {
            return CannotDecide($"The image is flat (detail {activity:0.###} grey levels); there is no texture that could hold or reveal the FakeLens mark.");
        }

        var layout = RobustLayout.For(key);
        var hypotheses = RobustDecoder.Hypotheses(residual, rw, rh, cancellationToken);
        var reading = RobustDecoder.Read(residual, rw, rh, layout, hypotheses, cancellationToken);
        var syncTests = reading.HypothesesTried;
        if (!reading.TagMatches)
        {
            // Layout v2's QIM layer on the unchanged grid: what survives halving + JPEG 50 on small photos.
            // Three readings: the unchanged luma scale, then the blind affine estimate (brightness, contrast) with
            // both polarities of its half-step ambiguity.
            var (asIs, affine) = QimLayer.For(key).Read(reference, rw, rh);
            var tried = reading.HypothesesTried;
            for (var attempt = 0; attempt < 3 && !reading.TagMatches; attempt++)
            {
                var qim = attempt == 0 ? asIs : affine;
                if (attempt == 2)
                {
                    for (var i = 0; i < qim.Length; i++)
                    {
                        qim[i] = -qim[i];
                    }
                }

                var message = ConvolutionalCode.Decode(qim, RobustLayout.MessageBits);
                tried++;
                reading = layout.TagMatches(message)
                    ? new RobustReading(true, message, Matching(qim, message), reading.SyncZ, new GridHypothesis(1, 0), tried, FromQimLayer: true)
                    : reading with { HypothesesTried = tried };
            }
        }

        if (!reading.TagMatches)
        {
            syncTests += RobustDecoder.SweepSteps;
            var sweep = RobustDecoder.ScaleSweep(residual, rw, rh, layout, hypotheses, cancellationToken);
            if (sweep.Count > 0)
            {
                var second = RobustDecoder.Read(residual, rw, rh, layout, sweep, cancellationToken);
                var tried = reading.HypothesesTried + second.HypothesesTried;
                reading = (second.TagMatches || second.SyncZ > reading.SyncZ ? second : reading) with { HypothesesTried = tried };
            }
        }

        var payload = reading.Message.AsSpan(0, RobustLayout.PayloadBits).ToArray();
        var hex = new WatermarkPayload(payload).ToHex();
        var coded = RobustLayout.CodedBits;
        var geometry = reading.FromQimLayer
            ? "read from the layout-v2 QIM layer on the unchanged grid"
            : string.Create(CultureInfo.InvariantCulture, $"grid scale {reading.Grid.Scale:0.###}, rotation {reading.Grid.Angle * 180 / Math.PI:0.##}°");
        if (reading.TagMatches)
        {
            var p = Math.Min(1, reading.HypothesesTried * Math.Pow(2, -RobustLayout.TagBits));
            return new WatermarkDetection(Id, WatermarkState.Marked, payload, $"FakeLens payload {hex}", reading.MatchingCodedBits, coded, p,
                string.Create(CultureInfo.InvariantCulture,
                    $"The FakeLens watermark is present and carries payload {hex}: its 32-bit keyed check matched ({reading.MatchingCodedBits} of {coded} coded bits agree before error correction; {geometry}). An unmarked image matches by chance with probability {p:0.#e0}."));
        }

        // Sync z under a Gaussian null, Bonferroni over tile shifts and every grid scored (hypotheses and sweep scales).
        var syncP = Math.Min(1, syncTests * TilePixels * TilePixels * NormalUpperTail(reading.SyncZ));
        if (syncP < 1e-9)
        {
            return new WatermarkDetection(Id, WatermarkState.CannotDecide, payload, null, reading.MatchingCodedBits, coded, syncP,
                string.Create(CultureInfo.InvariantCulture,
                    $"The synchronisation pattern of a FakeLens mark for this key appears to be present (chance probability {syncP:0.#e0}), but the payload could not be read and verified; the image may be too damaged."));
        }

        return new WatermarkDetection(Id, WatermarkState.NotMarked, payload, null, reading.MatchingCodedBits, coded, syncP,
            string.Create(CultureInfo.InvariantCulture,
                $"No FakeLens watermark for this key: the payload check failed under all {reading.HypothesesTried} grid hypotheses and the best synchronisation match is what chance gives (p = {syncP:0.###})."));
    }

    /// <summary>
    /// Lowers <paramref name="gain"/> until the predicted SSIM loss is at most <see cref="MaxSsimLoss"/>. For y = x + d
    /// with d independent of x, SSIM's contrast–structure term at a pixel is (2σ² + C2) / (2σ² + d² + C2), so the mean
    /// loss is about mean(d² / (2σ² + d² + C2)) with σ² the local variance (11 × 11 box) — smooth photos get a weaker
    /// mark instead of a visible one.
    /// </summary>
    private static float SsimLimitedGain(float[] luma, float[] delta, int w, int h, float gain, CancellationToken cancellationToken)
    {
        if (gain <= 0)
        {
            return gain;
        }

        var mean = LumaOps.BoxBlur(luma, w, h, 5, cancellationToken);
        var sq = new float[luma.Length];
        for (var i = 0; i < sq.Length; i++)
        {
            sq[i] = luma[i] * luma[i];
        }

        var meanSq = LumaOps.BoxBlur(sq, w, h, 5, cancellationToken);
        const double c2 = 0.03 * 255 * 0.03 * 255;
        for (var iteration = 0; iteration < 4; iteration++)
        {
            double loss = 0;
            for (var i = 0; i < delta.Length; i++)
            {
                var variance = Math.Max(0, meanSq[i] - (mean[i] * mean[i]));
                var d2 = (double)delta[i] * delta[i] * gain * gain;
                loss += d2 / ((2 * variance) + d2 + c2);
            }

            loss /= delta.Length;
            if (loss <= MaxSsimLoss)
            {
                break;
            }

            gain *= (float)Math.Sqrt(MaxSsimLoss / loss);
        }

        return gain;
    }

    /// <summary>The tile (64 × 64 reference pixels) rendered from chip values by the same bilinear rule as the embedder.</summary>
    internal static float[] RenderTile(float[] chips)
    {
        const int t = TilePixels;
        const int n = RobustLayout.ChipsPerSide;
        var tile = new float[t * t];
        for (var py = 0; py < t; py++)
        {
            var (y0, y1, ty) = ChipAt(py);
            for (var px = 0; px < t; px++)
            {
                var (x0, x1, tx) = ChipAt(px);
                tile[(py * t) + px] = (float)((chips[(y0 * n) + x0] * (1 - tx) * (1 - ty)) + (chips[(y0 * n) + x1] * tx * (1 - ty))
                    + (chips[(y1 * n) + x0] * (1 - tx) * ty) + (chips[(y1 * n) + x1] * tx * ty));
            }
        }

        return tile;
    }

    private static (int C0, int C1, double T) ChipAt(double reference)
    {
        const int n = RobustLayout.ChipsPerSide;
        var a = ((reference + 0.5) / ChipPixels) - 0.5;
        var i = Math.Floor(a);
        var c0 = (((int)(i % n)) + n) % n;
        return (c0, (c0 + 1) % n, a - i);
    }

    private static (int[] C0, int[] C1, float[] T) ChipAxis(int length, double f)
    {
        var c0 = new int[length];
        var c1 = new int[length];
        var t = new float[length];
        for (var x = 0; x < length; x++)
        {
            var (a, b, frac) = ChipAt(((x + 0.5) / f) - 0.5);
            c0[x] = a;
            c1[x] = b;
            t[x] = (float)frac;
        }

        return (c0, c1, t);
    }

    private static int Matching(double[] coded, bool[] message)
    {
        var recoded = ConvolutionalCode.Encode(message);
        var matching = 0;
        for (var i = 0; i < recoded.Length; i++)
        {
            if ((coded[i] > 0) == recoded[i])
            {
                matching++;
            }
        }

        return matching;
    }

    private WatermarkDetection CannotDecide(string why) => new(Id, WatermarkState.CannotDecide, [], null, 0, 0, 1, why);

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v), 0, 255);

    private static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    // Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 1; i--)
        {
            poly = (poly + c[i]) * t;
        }

        var r = t * Math.Exp(-(z * z) + c[0] + poly);
        return x >= 0 ? r : 2 - r;
    }
}
