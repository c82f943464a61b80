namespace FakeLens.Watermark.Bench;

/// <summary>Outcome of looking for a mark in images that do not carry it.</summary>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Images">Whole unmarked images examined.</param>
/// <param name="Crops">Random crops examined.</param>
/// <param name="FalseDetections">Items reported as marked (each one is a false positive).</param>
/// <param name="CannotDecide">Items the scheme declined to judge (too small, flat, or a pattern without a readable payload).</param>
/// <param name="SmallestPValue">The smallest p-value reported on any item (1 when none).</param>
public sealed record FalsePositiveResult(string Scheme, int Images, int Crops, int FalseDetections, int CannotDecide, double SmallestPValue)
{
    public int Items => Images + Crops;

    /// <summary>One line for a console or a README.</summary>
    public string Summary() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Scheme}: {FalseDetections} false detections in {Items} unmarked items ({Images} images, {Crops} random crops); {CannotDecide} cannot-decide; smallest p-value {SmallestPValue:0.###e0}.");
}
