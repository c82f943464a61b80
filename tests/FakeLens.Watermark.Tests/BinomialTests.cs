using FakeLens.Watermark;

namespace FakeLens.Watermark.Tests;

public sealed class BinomialTests
{
    [Fact]
    public void Tail_matches_hand_computed_values()
    {
        Assert.Equal(1.0, Binomial.UpperTail(48, 0), 12);
        Assert.Equal(1.0, Binomial.UpperTail(48, 48) / Math.Pow(0.5, 48), 9);
        Assert.Equal(0.5, Binomial.UpperTail(1, 1), 12);
        // P(X ≥ 3 | n = 4) = (4 + 1) / 16
        Assert.Equal(5.0 / 16, Binomial.UpperTail(4, 3), 12);
    }

    [Fact]
    public void Payload_parses_hex_and_text()
    {
        Assert.Equal("0xB3EC907BB19E", WatermarkPayload.Parse("0xB3EC907BB19E").ToHex());
        Assert.Equal(48, WatermarkPayload.Parse("0xb3ec907bb19e").Bits.Count);
        Assert.Equal("0x464C776D", WatermarkPayload.Parse("FLwm").ToHex());
    }
}
