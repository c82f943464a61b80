using FakeLens.Watermark.StableDiffusion;
using Xunit.Abstractions;

namespace FakeLens.Watermark.Tests.StableDiffusion;

/// <summary>
/// Embedding each shared cover reproduces the reference-marked PNG (SD 1.x and dwtDctSvd on 8-bit pixels, SDXL on
/// float pixels) within ±1 grey level, and carries the same decoded bits.
/// </summary>
public sealed class ReferenceEmbeddingTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var cover in new[] { "kodim01", "kodim03", "kodim08", "kodim12", "kodim16", "kodim23", "kodim10_crop497x383" })
        {
            foreach (var config in new[] { "sd1", "sdxl", "flwm" })
            {
                data.Add(cover, config);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Embedding_a_cover_reproduces_the_reference_marked_file_within_one_grey_level(string cover, string config)
    {
        var (folder, payload, scheme, method) = config switch
        {
            "sd1" => ("sd1_dwtDct", StableDiffusionPayloads.StableDiffusionV1, (IImageWatermark)new DwtDctWatermark(), SdMethod.DwtDct),
            "sdxl" => ("sdxl_dwtDct", StableDiffusionPayloads.Sdxl, new DwtDctWatermark(), SdMethod.DwtDct),
            _ => ("dwtDctSvd_FLwm", StableDiffusionPayloads.FakeLensTest, new DwtDctSvdWatermark(), SdMethod.DwtDctSvd),
        };
        var ours = scheme.Embed(ReferenceData.Read($"covers/{cover}.png"), payload.Payload);
        var reference = ReferenceData.Read($"{folder}/{cover}_{config}.png");

        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        int max = 0, differing = 0;
        for (var i = 0; i < ours.Pixels.Length; i++)
        {
            var d = Math.Abs(ours.Pixels[i] - reference.Pixels[i]);
            max = Math.Max(max, d);
            differing += d > 0 ? 1 : 0;
        }

        output.WriteLine($"{cover} {config}: max |diff| {max}, {differing} of {ours.Pixels.Length} channel values differ ({differing / (double)ours.Pixels.Length:P4})");
        Assert.True(max <= 1, $"max |diff| {max}");
        Assert.Equal(
            SdCodec.Aggregate(SdCodec.Votes(reference, method, CancellationToken.None), payload.Payload.Bits.Count),
            SdCodec.Aggregate(SdCodec.Votes(ours, method, CancellationToken.None), payload.Payload.Bits.Count));
    }
}
