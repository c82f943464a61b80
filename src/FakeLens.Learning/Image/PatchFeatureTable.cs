using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

/// <summary>
/// Patch feature rows of a set of images: each row belongs to one image (<see cref="ImageOf"/>, an index into
/// <see cref="Samples"/>) and is a real patch, a fake patch, or a pseudo-fake made from a real photo (training only).
/// </summary>
public sealed class PatchFeatureTable
{
    public PatchFeatureTable(IReadOnlyList<ImageSample> samples, IReadOnlyList<string> names, List<float[]> rows, List<int> imageOf, List<bool> labels, List<bool> pseudo, IReadOnlyList<string> failures)
    {
        Samples = samples;
        Names = names;
        Rows = rows;
        ImageOf = imageOf;
        Labels = labels;
        Pseudo = pseudo;
        Failures = failures;
    }

    public IReadOnlyList<ImageSample> Samples { get; }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<float[]> Rows { get; }

    public IReadOnlyList<int> ImageOf { get; }

    public IReadOnlyList<bool> Labels { get; }

    public IReadOnlyList<bool> Pseudo { get; }

    /// <summary>Files that could not be read or were too small, with the reason.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Images that have at least one row.</summary>
    public bool[] ImagesPresent()
    {
        var present = new bool[Samples.Count];
        foreach (var i in ImageOf)
        {
            present[i] = true;
        }

        return present;
    }

    /// <summary>The same rows restricted to the columns of <paramref name="families"/>.</summary>
    public PatchFeatureTable Select(ImageFeatureFamilies families)
    {
        var wanted = new ImagePatchFeatures(families).Names;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            index[Names[i]] = i;
        }

        var columns = wanted.Select(n => index.TryGetValue(n, out var c) ? c : throw new ArgumentException($"feature {n} was not extracted")).ToArray();
        var rows = new List<float[]>(Rows.Count);
        foreach (var row in Rows)
        {
            var r = new float[columns.Length];
            for (var j = 0; j < columns.Length; j++)
            {
                r[j] = row[columns[j]];
            }

            rows.Add(r);
        }

        return new PatchFeatureTable(Samples, wanted, rows, [.. ImageOf], [.. Labels], [.. Pseudo], Failures);
    }

    /// <summary>The rows whose image passes <paramref name="keepImage"/> (sample list unchanged, so indices stay valid).</summary>
    public PatchFeatureTable Where(Func<int, bool> keepImage, bool keepPseudo = true)
    {
        ArgumentNullException.ThrowIfNull(keepImage);
        var rows = new List<float[]>();
        var imageOf = new List<int>();
        var labels = new List<bool>();
        var pseudo = new List<bool>();
        for (var i = 0; i < Rows.Count; i++)
        {
            if (keepImage(ImageOf[i]) && (keepPseudo || !Pseudo[i]))
            {
                rows.Add(Rows[i]);
                imageOf.Add(ImageOf[i]);
                labels.Add(Labels[i]);
                pseudo.Add(Pseudo[i]);
            }
        }

        return new PatchFeatureTable(Samples, Names, rows, imageOf, labels, pseudo, Failures);
    }
}
