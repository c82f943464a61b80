using System.Collections.Immutable;

namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Matches a file's luminance (and chrominance, when present) quantisation tables against <see cref="KnownEncoderTables"/>.
/// A match is exact, or differs by at most <see cref="MaxTotalDifference"/> in total with no step size off by more than one
/// (room for an encoder build that rounds one coefficient differently, too little to confuse two different settings).
/// </summary>
public static class EncoderIdentifier
{
    /// <summary>Largest total absolute difference, over luma and chroma together, still reported as a match.</summary>
    public const int MaxTotalDifference = 2;

    /// <summary>Identifies the encoder of a parsed file from the tables of its first two frame components.</summary>
    public static EncoderMatch? Identify(JpegStructure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var luma = structure.TableFor(0);
        if (luma is null || structure.Frame is null)
        {
            return null;
        }

        return Identify(luma, structure.Frame.Components.Count > 1 ? structure.TableFor(1) : null);
    }

    /// <summary>The closest entry within tolerance, or null; ties go to the earlier entry.</summary>
    public static EncoderMatch? Identify(QuantizationTable luma, QuantizationTable? chroma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        if (luma.Values.Length != 64 || (chroma is not null && chroma.Values.Length != 64))
        {
            return null;
        }

        EncoderMatch? best = null;
        foreach (var entry in KnownEncoderTables.All)
        {
            var difference = Distance(luma.Values, entry.Luma, MaxTotalDifference);
            if (chroma is not null && difference <= MaxTotalDifference)
            {
                difference += Distance(chroma.Values, entry.Chroma, MaxTotalDifference - difference);
            }

            if (difference <= MaxTotalDifference && (best is null || difference < best.Difference))
            {
                best = new EncoderMatch(entry, difference, chroma is not null);
                if (difference == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>Sum of absolute differences, or a value above <paramref name="budget"/> as soon as it is exceeded or any step differs by more than one.</summary>
    private static int Distance(ushort[] values, ImmutableArray<ushort> known, int budget)
    {
        var total = 0;
        for (var i = 0; i < 64; i++)
        {
            var d = Math.Abs(values[i] - known[i]);
            if (d > 1)
            {
                return budget + 1;
            }

            total += d;
            if (total > budget)
            {
                return total;
            }
        }

        return total;
    }
}
