using FakeLens.Audio.Cues;
using FakeLens.Audio.Features;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary>The leave-one-system-out tables: feature families, heads and conditions on rows whose answer is built in.</summary>
public sealed class LeaveOneSystemOutTests
{
    [Fact]
    public void The_seven_single_feature_families_partition_the_utterance_vector()
    {
        // LFCC, spectral shape, phase, prosody, pauses, then (v2) sub-band and modulation; [5] is "all cues",
        // [8] the v1 prefix and [9] LFCC + sub-band + modulation.
        var families = SpeechEvaluation.FeatureFamilies;
        var single = families.Take(5).Concat(families.Skip(6).Take(2)).SelectMany(f => f.Columns).ToList();

        Assert.Equal(single.Count, single.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, UtteranceFeatures.Count), single.Order());
        Assert.Equal(SpeechCues.ModelNames.Count, families[5].Columns.Length);
        Assert.Equal(Enumerable.Range(0, UtteranceFeatures.CountV1), families[8].Columns);
        Assert.Equal(families[0].Columns.Concat(families[6].Columns).Concat(families[7].Columns), families[9].Columns);
    }

    // Three systems, real voices of their own; only the group-delay cue tells the classes apart (fake ≈ 1, real ≈ 0),
    // every other value is noise. The phase family must then separate every held-out system (EER under 5 %: LightGBM's leaves on a noise column
    // may cost a clip or two) and the LFCC family must not.
    [Fact]
    public void Only_the_family_that_carries_the_signal_separates_unseen_systems()
    {
        var random = new Random(3);
        var phase = SpeechEvaluation.FeatureFamilies[2].Columns[0];
        var rows = new List<SpeechRow>();
        SpeechRow Row(bool fake, string family, string group)
        {
            var x = new float[UtteranceFeatures.Count];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = (float)random.NextDouble();
            }

            x[phase] = (fake ? 1f : 0f) + (0.2f * (float)random.NextDouble());
            var i0 = rows.Count;
            return new SpeechRow(i0, new SpeechSample($"/c/{i0}.wav", fake, fake ? family : "real", family, group), fake, family, "clean", x, [], 3.0);
        }

        foreach (var system in new[] { "s1", "s2", "s3" })
        {
            for (var i = 0; i < 40; i++)
            {
                rows.Add(Row(true, system, $"{system}-v{i % 4}"));
            }
        }

        for (var i = 0; i < 160; i++)
        {
            rows.Add(Row(false, "real", $"r{i % 20}"));
        }

        var options = new SpeechTrainingOptions { TrainGmm = false, Threads = 1 };
        var report = SpeechEvaluation.LeaveOneSystemOut(rows, [("clean", rows)], options, null, CancellationToken.None, featureFamilies: true);

        string[] Cells(string start) => report.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        double Percent(string cell) => double.Parse(cell.TrimEnd('%', ' '), System.Globalization.CultureInfo.InvariantCulture);
        var phaseEer = Percent(Cells("| phase (group-delay irregularity) |")[3]);
        Assert.True(phaseEer < 5, $"phase family: {phaseEer} %");
        // The full vector holds one informative column among 247 noise columns: near-perfect, not necessarily perfect.
        var full = Percent(Cells("| LightGBM |")[2]);
        Assert.True(full < 5, $"full vector: {full} %");
        Assert.Equal("—", Cells("| LFCC-GMM |")[2]);   // no GMM trained
        var lfcc = double.Parse(Cells("| LFCC statistics (mean")[3].TrimEnd('%', ' '), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lfcc > 20, $"LFCC noise separated unseen systems: {lfcc} %");
        Assert.All(new[] { "s1", "s2", "s3" }, s => Assert.True(Percent(Cells($"| {s} |")[5]) < 5, $"{s}: {Cells($"| {s} |")[5]}"));
    }
}
