using System.Security.Cryptography;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Watermark.Tests.StableDiffusion;

/// <summary>
/// Every file × decoder config of the shared expected.json (reference: ShieldMnt/invisible-watermark on OpenCV 4.6):
/// FakeLens must read at least as many matching bits as the reference decoder, and as an exact port it reads the
/// very same bits.
/// </summary>
public sealed class ReferenceDecodingTests
{
    public static TheoryData<string, string> Checks()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ReferenceData.Checks)
        {
            data.Add(c.File, c.Config);
        }

        return data;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in ReferenceData.Checks.Select(c => c.File).Distinct())
        {
            data.Add(f);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Decoder_matches_at_least_as_many_bits_as_the_reference_decoder(string file, string config)
    {
        var check = ReferenceData.Checks.Single(c => c.File == file && c.Config == config);
        var image = ReferenceData.Read(file);
        var method = check.Method == "dwtDct" ? SdMethod.DwtDct : SdMethod.DwtDctSvd;
        var payload = WatermarkPayload.FromBytes(Convert.FromHexString(check.PayloadHex));

        var bits = SdCodec.Aggregate(SdCodec.Votes(image, method, CancellationToken.None), payload.Bits.Count);
        var matched = bits.Where((b, i) => b == payload.Bits[i]).Count();

        Assert.True(matched >= check.MatchedBits, $"{file} {config}: FakeLens matched {matched} bits, the reference {check.MatchedBits}");
        Assert.Equal(check.DecodedBits, string.Concat(bits.Select(b => b ? '1' : '0')));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decoder_sees_the_same_pixels_as_OpenCV_for_every_shared_file(string file)
    {
        // The JPEGs were decoded by OpenCV 4.6 / libjpeg-turbo 2.1.5; Skia must give the same BGR bytes, or JPEG
        // results could differ from the reference for reasons outside the watermark code.
        var image = ReferenceData.Read(file);
        var bgr = new byte[image.Pixels.Length];
        for (var i = 0; i < bgr.Length; i += 3)
        {
            bgr[i] = image.Pixels[i + 2];
            bgr[i + 1] = image.Pixels[i + 1];
            bgr[i + 2] = image.Pixels[i];
        }

        Assert.Equal(ReferenceData.Checks.First(c => c.File == file).DecodedBgrSha256, Convert.ToHexStringLower(SHA256.HashData(bgr)));
    }

    [Fact]
    public void SDXL_verdicts_follow_the_buckets_of_generative_models_detect_py()
    {
        var sdxl = ReferenceData.Checks.Where(c => c.Config == "sdxl").ToList();
        Assert.NotEmpty(sdxl);
        foreach (var c in sdxl)
        {
            Assert.Equal(c.DetectVerdict, StableDiffusionPayloads.SdxlDetectVerdict(c.MatchedBits));
        }

        Assert.Equal("No watermark detected", StableDiffusionPayloads.SdxlDetectVerdict(27));
        Assert.Equal("Partial watermark match. Cannot determine with certainty.", StableDiffusionPayloads.SdxlDetectVerdict(33));
        Assert.Equal("Likely watermarked", StableDiffusionPayloads.SdxlDetectVerdict(34));
        Assert.Equal("Very likely watermarked", StableDiffusionPayloads.SdxlDetectVerdict(36));
    }
}
