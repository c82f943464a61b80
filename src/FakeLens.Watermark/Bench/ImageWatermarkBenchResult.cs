using System.Globalization;
using System.Text;

namespace FakeLens.Watermark.Bench;

/// <summary>
/// Benchmark figures: per attack (rows) and scheme (columns) the mean payload bit accuracy and the fraction of
/// photos detected as marked; per scheme the fidelity of the marked photos and the mean embed/detect times.
/// </summary>
public sealed record ImageWatermarkBenchResult(
    IReadOnlyList<string> Schemes,
    IReadOnlyList<string> Attacks,
    IReadOnlyList<IReadOnlyList<double>> BitAccuracy,
    IReadOnlyList<IReadOnlyList<double>> DetectionRate,
    IReadOnlyList<double> MeanPsnr,
    IReadOnlyList<double> MinPsnr,
    IReadOnlyList<double> MeanSsim,
    IReadOnlyList<double> MinSsim,
    IReadOnlyList<double> EmbedMilliseconds,
    IReadOnlyList<double> DetectMilliseconds,
    int Images)
{
    /// <summary>Markdown tables for the README: robustness (bit accuracy / detection rate) and fidelity.</summary>
    public string ToMarkdown()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"Robustness on {Images} photos: mean payload bit accuracy / share detected as marked.\n\n| attack |");
        foreach (var s in Schemes)
        {
            sb.Append(ci, $" {s} |");
        }

        sb.Append("\n|---|");
        foreach (var _ in Schemes)
        {
            sb.Append("---|");
        }

        sb.Append('\n');
        for (var a = 0; a < Attacks.Count; a++)
        {
            sb.Append(ci, $"| {Attacks[a]} |");
            for (var s = 0; s < Schemes.Count; s++)
            {
                sb.Append(ci, $" {BitAccuracy[a][s]:0.000} / {DetectionRate[a][s] * 100:0} % |");
            }

            sb.Append('\n');
        }

        sb.Append("\n| fidelity and speed |");
        foreach (var s in Schemes)
        {
            sb.Append(ci, $" {s} |");
        }

        sb.Append("\n|---|");
        foreach (var _ in Schemes)
        {
            sb.Append("---|");
        }

        sb.Append("\n| PSNR dB (mean / min) |");
        for (var s = 0; s < Schemes.Count; s++)
        {
            sb.Append(ci, $" {MeanPsnr[s]:0.0} / {MinPsnr[s]:0.0} |");
        }

        sb.Append("\n| SSIM (mean / min) |");
        for (var s = 0; s < Schemes.Count; s++)
        {
            sb.Append(ci, $" {MeanSsim[s]:0.0000} / {MinSsim[s]:0.0000} |");
        }

        sb.Append("\n| embed / detect ms per photo |");
        for (var s = 0; s < Schemes.Count; s++)
        {
            sb.Append(ci, $" {EmbedMilliseconds[s]:0} / {DetectMilliseconds[s]:0} |");
        }

        sb.Append('\n');
        return sb.ToString();
    }
}
