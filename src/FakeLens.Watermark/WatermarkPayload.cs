using System.Globalization;
using System.Text;

namespace FakeLens.Watermark;

/// <summary>The bits a watermark carries, most significant bit of the first byte first.</summary>
public sealed record WatermarkPayload(IReadOnlyList<bool> Bits)
{
    public static WatermarkPayload FromBytes(ReadOnlySpan<byte> bytes)
    {
        var bits = new bool[bytes.Length * 8];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = ((bytes[i / 8] >> (7 - (i % 8))) & 1) == 1;
        }

        return new WatermarkPayload(bits);
    }

    /// <summary>"0xB3EC907BB19E" or "b3ec907bb19e" as hex; anything else as UTF-8 text.</summary>
    public static WatermarkPayload Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : null;
        return hex is not null && hex.Length % 2 == 0 && hex.All(Uri.IsHexDigit)
            ? FromBytes(Convert.FromHexString(hex))
            : FromBytes(Encoding.UTF8.GetBytes(text));
    }

    public string ToHex()
    {
        var sb = new StringBuilder("0x");
        for (var i = 0; i + 8 <= Bits.Count; i += 8)
        {
            var b = 0;
            for (var k = 0; k < 8; k++)
            {
                b = (b << 1) | (Bits[i + k] ? 1 : 0);
            }

            sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
