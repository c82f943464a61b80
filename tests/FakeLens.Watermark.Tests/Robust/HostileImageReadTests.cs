using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Robust;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Watermark.Tests.Robust;

/// <summary>
/// The whole-image reads the afl++ harness no longer runs per input (it fuzzes the decoder stages on small planes,
/// docs/fuzzing.md): pixel grids chosen to stress the full path (periodic patterns that flood the autocorrelation with
/// lattice peaks, a strip near the reference-plane limit, pure noise, a marked photo with rows destroyed) must each
/// end in a state, never an exception.
/// </summary>
public sealed class HostileImageReadTests
{
    public static TheoryData<string> Cases => ["checkerboard", "stripes", "noise", "near-limit strip", "marked, rows zeroed"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_reader_ends_in_a_state(string name)
    {
        var image = Make(name);

        var fakelens = new FakeLensImageWatermark().Detect(image, null);
        var dwtDct = new DwtDctWatermark().Detect(image, null);
        var dwtDctSvd = new DwtDctSvdWatermark().Detect(image, null);

        Assert.True(Enum.IsDefined(fakelens.State));
        if (!name.StartsWith("marked", StringComparison.Ordinal))
        {
            // The keyed 32-bit check makes a false "marked" on these unmarked grids a ≤ 15 · 2⁻³² event.
            Assert.NotEqual(WatermarkState.Marked, fakelens.State);
        }

        Assert.True(Enum.IsDefined(dwtDct.State));
        Assert.True(Enum.IsDefined(dwtDctSvd.State));
    }

    private static RgbImage Make(string name)
    {
        switch (name)
        {
            case "checkerboard":
                return Fill(256, 192, (x, y) => ((x / 2) + (y / 2)) % 2 == 0 ? 30 : 220);
            case "stripes":
                return Fill(300, 200, (x, _) => x % 3 == 0 ? 255 : 0);
            case "noise":
                {
                    var random = new Random(20);
                    return Fill(211, 149, (_, _) => random.Next(256));
                }

            case "near-limit strip":
                // 130 px high, 7,600 px wide: 3.9 M reference pixels, just under the reader's 4 M cap.
                return Scenes.Natural(1930, 130);
            default:
                {
                    var marked = new FakeLensImageWatermark().Embed(Scenes.Natural(320, 240), WatermarkPayload.Parse("0x0A1B2C3D"));
                    var pixels = marked.Pixels.ToArray();
                    Array.Clear(pixels, 0, 320 * 3 * 200);
                    return new RgbImage(320, 240, pixels);
                }
        }
    }

    private static RgbImage Fill(int w, int h, Func<int, int, int> grey)
    {
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = (byte)grey(x, y);
                var i = ((y * w) + x) * 3;
                pixels[i] = v;
                pixels[i + 1] = v;
                pixels[i + 2] = v;
            }
        }

        return new RgbImage(w, h, pixels);
    }
}
