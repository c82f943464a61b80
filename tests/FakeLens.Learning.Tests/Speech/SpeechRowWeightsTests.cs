using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary>Training row weights: both schemes give each class the same total and a mean of 1; they differ in how a folder's size counts.</summary>
public sealed class SpeechRowWeightsTests
{
    // Synthetic: a big repository of 100 rows and a small one of 4; real: 30 rows in one folder and 10 in another.
    private static readonly List<SpeechRow> Rows =
    [
        .. Make(true, "big", 100), .. Make(true, "small", 4), .. Make(false, "real-a", 30), .. Make(false, "real-b", 10),
    ];

    [Theory]
    [InlineData(RowWeighting.Folder)]
    [InlineData(RowWeighting.SqrtFolder)]
    public void Both_schemes_give_each_class_the_same_total_and_mean_one(RowWeighting weighting)
    {
        var w = SpeechModelTrainer.Weights(Rows, weighting);
        Assert.Equal(Rows.Count, w.Length);
        Assert.Equal(1.0, w.Average(), 4);
        var fake = Enumerable.Range(0, Rows.Count).Where(i => Rows[i].IsFake).Sum(i => (double)w[i]);
        var real = Enumerable.Range(0, Rows.Count).Where(i => !Rows[i].IsFake).Sum(i => (double)w[i]);
        Assert.Equal(fake, real, 3);
    }

    [Fact]
    public void Folder_weights_give_every_folder_the_same_total_within_its_class()
    {
        var w = SpeechModelTrainer.Weights(Rows, RowWeighting.Folder);
        Assert.Equal(Total(w, "big"), Total(w, "small"), 3);
        Assert.Equal(Total(w, "real-a"), Total(w, "real-b"), 3);
    }

    [Fact]
    public void Sqrt_weights_let_a_folder_count_with_the_square_root_of_its_size()
    {
        var w = SpeechModelTrainer.Weights(Rows, RowWeighting.SqrtFolder);

        // Totals √100 : √4 = 5 : 1 for the synthetic folders, √30 : √10 for the real ones; per-row weight 1/√n.
        Assert.Equal(5.0, Total(w, "big") / Total(w, "small"), 3);
        Assert.Equal(Math.Sqrt(3), Total(w, "real-a") / Total(w, "real-b"), 3);
        Assert.Equal(Math.Sqrt(100.0 / 4), w[Rows.FindIndex(r => r.Folder == "small")] / w[Rows.FindIndex(r => r.Folder == "big")], 3);
    }

    [Fact]
    public void The_option_names_parse_and_an_unknown_one_is_refused()
    {
        Assert.Equal(RowWeighting.Folder, SpeechModelTrainer.ParseWeighting(null));
        Assert.Equal(RowWeighting.Folder, SpeechModelTrainer.ParseWeighting("folder"));
        Assert.Equal(RowWeighting.SqrtFolder, SpeechModelTrainer.ParseWeighting("SQRT"));
        Assert.Throws<ArgumentException>(() => SpeechModelTrainer.ParseWeighting("log"));
    }

    private static double Total(float[] w, string folder) => Enumerable.Range(0, Rows.Count).Where(i => Rows[i].Folder == folder).Sum(i => (double)w[i]);

    private static IEnumerable<SpeechRow> Make(bool fake, string folder, int n)
        => Enumerable.Range(0, n).Select(i => new SpeechRow(i, new SpeechSample($"/c/{folder}/{i}.wav", fake, folder, fake ? folder : "real", $"{folder}-{i % 3}"), fake, fake ? folder : "real", "clean", [i], [], 3.0));
}
