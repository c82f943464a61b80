using FakeLens.Learning.Evaluation;
using ScottPlot;

namespace FakeLens.Learning.Plotting;

/// <summary>
/// Evaluation figures as PNG (ScottPlot 5): ROC curves with their AUC in the legend, DET curves (miss rate
/// against false-alarm rate on normal-deviate axes, Martin et al. 1997, the speaker-verification
/// convention, EER in the legend) and a reliability diagram with the ECE.
/// </summary>
public static class Plots
{
    private const int Width = 720;
    private const int Height = 600;

    public static void Roc(string path, string title, IReadOnlyList<ScoreCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = new Plot();
        foreach (var curve in curves)
        {
            var roc = BinaryMetrics.Roc(curve.Scores, curve.Labels);
            var line = plot.Add.Scatter(roc.Select(p => p.Fpr).ToArray(), roc.Select(p => p.Tpr).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = FormattableString.Invariant($"{curve.Name} (AUC {BinaryMetrics.Auc(curve.Scores, curve.Labels):0.000})");
        }

        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title(title);
        plot.XLabel("False-positive rate (real called fake)");
        plot.YLabel("True-positive rate (fakes caught)");
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    public static void Det(string path, string title, IReadOnlyList<ScoreCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        const double lo = 0.001, hi = 0.6;
        var plot = new Plot();
        foreach (var curve in curves)
        {
            var roc = BinaryMetrics.Roc(curve.Scores, curve.Labels);
            var xs = roc.Select(p => Probit(Math.Clamp(p.Fpr, lo, hi))).ToArray();
            var ys = roc.Select(p => Probit(Math.Clamp(1 - p.Tpr, lo, hi))).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = FormattableString.Invariant($"{curve.Name} (EER {100 * BinaryMetrics.Eer(curve.Scores, curve.Labels).Eer:0.0} %)");
        }

        var eer = plot.Add.Line(Probit(lo), Probit(lo), Probit(hi), Probit(hi));
        eer.LinePattern = LinePattern.Dotted;
        eer.Color = Colors.Gray;
        double[] ticks = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6];
        var positions = ticks.Select(Probit).ToArray();
        var labels = ticks.Select(t => FormattableString.Invariant($"{100 * t:0.#}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimits(Probit(lo), Probit(hi), Probit(lo), Probit(hi));
        plot.Title(title);
        plot.XLabel("False-alarm rate (%)");
        plot.YLabel("Miss rate (%)");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    public static void Reliability(string path, string title, IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        var diagram = CalibrationMetrics.Reliability(probabilities, labels, bins);
        double ece = CalibrationMetrics.ExpectedCalibrationError(probabilities, labels, bins);
        var plot = new Plot();
        var used = diagram.Where(b => b.Count > 0).ToArray();
        var bars = plot.Add.Bars(used.Select(b => (b.Lower + b.Upper) / 2).ToArray(), used.Select(b => b.FractionPositive).ToArray());
        foreach (var bar in bars.Bars)
        {
            bar.Size = 0.9 / bins;
        }

        bars.LegendText = FormattableString.Invariant($"observed share of fakes (ECE {ece:0.000})");
        var mean = plot.Add.Scatter(used.Select(b => (b.Lower + b.Upper) / 2).ToArray(), used.Select(b => b.MeanPredicted).ToArray());
        mean.LineWidth = 0;
        mean.MarkerSize = 8;
        mean.LegendText = "mean predicted probability";
        var ideal = plot.Add.Line(0, 0, 1, 1);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.Color = Colors.Gray;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title(title);
        plot.XLabel("Predicted probability of fake");
        plot.YLabel("Observed share of fakes");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    /// <summary>Inverse standard normal CDF (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    internal static double Probit(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q + c[5]) / ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }

        if (p > 1 - 0.02425)
        {
            return -Probit(1 - p);
        }

        double r = p - 0.5, s = r * r;
        return (((((((((a[0] * s) + a[1]) * s) + a[2]) * s) + a[3]) * s) + a[4]) * s + a[5]) * r / (((((((((b[0] * s) + b[1]) * s) + b[2]) * s) + b[3]) * s) + b[4]) * s + 1);
    }

    private static void Save(Plot plot, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        plot.SavePng(path, Width, Height);
    }
}
