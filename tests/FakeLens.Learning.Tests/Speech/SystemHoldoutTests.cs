using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class SystemHoldoutTests
{
    /// <summary>The committed corpus manifest (labels, systems and voice groups only; the audio is not needed).</summary>
    private static IReadOnlyList<SpeechSample> Corpus()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-corpus").FullName;
        return SpeechCorpus.Load(Path.Combine(RepoRoot(), "data", "speech-corpus.csv"), root);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FakeLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (FakeLens.slnx) not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void No_split_of_the_corpus_trains_on_the_held_out_system_or_any_voice_it_used()
    {
        var samples = Corpus();
        var clips = samples.Select(s => (s.IsFake, s.Family, s.Group)).ToList();
        var systems = samples.Where(s => s.IsFake).Select(s => s.Family).Distinct().ToList();
        Assert.True(systems.Count >= 20, $"{systems.Count} systems in the manifest");
        foreach (var system in systems)
        {
            var split = new SystemHoldout(system, clips, seed: 7);
            var train = samples.Where(s => split.InTraining(s.IsFake, s.Family, s.Group)).ToList();
            var test = samples.Where(s => split.InTest(s.IsFake, s.Family, s.Group)).ToList();
            Assert.DoesNotContain(train, s => s.Family == system);
            Assert.DoesNotContain(train, s => split.HeldGroups.Contains(s.Group));
            Assert.Empty(train.Intersect(test));
            Assert.Equal(samples.Count(s => s.Family == system), test.Count(s => s.IsFake));
            Assert.Contains(test, s => !s.IsFake);
            Assert.Contains(train, s => s.IsFake);
            Assert.Contains(train, s => !s.IsFake);
        }
    }

    [Fact]
    public void A_system_that_shares_a_voice_with_another_removes_that_voice_from_training_entirely()
    {
        (bool, string, string)[] clips =
        [
            (true, "hifigan", "lj"), (true, "waveglow", "lj"), (false, "real", "lj"),
            (true, "waveglow", "vctk:p225"), (false, "real", "vctk:p225"), (false, "real", "libri:1"), (false, "real", "libri:2"),
        ];
        var split = new SystemHoldout("hifigan", clips, seed: 7);
        Assert.False(split.InTraining(true, "waveglow", "lj"));
        Assert.False(split.InTraining(false, "real", "lj"));
        Assert.True(split.InTest(false, "real", "lj"));
        Assert.True(split.InTraining(true, "waveglow", "vctk:p225"));
        Assert.False(split.InTest(true, "waveglow", "vctk:p225"));
    }

    [Fact]
    public void Corpus_manifest_rows_carry_system_voice_and_matched_flags()
    {
        var samples = Corpus();
        Assert.True(samples.Count(s => s.IsFake) > 1500);
        Assert.Contains(samples, s => s.IsMatched && s.IsFake && s.Group == "lj");
        Assert.Contains(samples, s => s.IsMatched && !s.IsFake && s.Group == "lj");
        Assert.All(samples.Where(s => !s.IsFake), s => Assert.Equal("real", s.Family));
        Assert.All(samples, s => Assert.Contains("+", s.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_fields_keep_quoted_commas_and_quotes()
    {
        Assert.Equal(["a", "b, c", "say \"hi\"", string.Empty], SpeechCorpus.ParseLine("a,\"b, c\",\"say \"\"hi\"\"\","));
    }
}
