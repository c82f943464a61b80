using FakeLens.Audio.Augmentation;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary><c>eval speech --multi-condition --train-conditions</c>: training rows come only from the named test conditions.</summary>
public sealed class MultiConditionTrainingTests
{
    private static List<(string Condition, List<SpeechRow> Rows)> Tests()
    {
        SpeechRow Row(int i, string codec) =>
            new(i, new SpeechSample($"/c/{i}.wav", i % 2 == 0, "f", i % 2 == 0 ? "sys" : "real", "v" + i), i % 2 == 0, i % 2 == 0 ? "sys" : "real", codec, [i], [], 3.0);
        return [.. new[] { CodecCondition.Parse("clean"), CodecCondition.Parse("mp3:64"), CodecCondition.Parse("opus:24") }
            .Select(c => (c.Name, Enumerable.Range(0, 4).Select(i => Row(i, c.Name)).ToList()))];
    }

    [Fact]
    public void Named_conditions_keep_only_their_rows_and_none_keeps_all()
    {
        var tests = Tests();
        var two = SpeechEvaluation.MultiConditionTraining(tests, [CodecCondition.Parse("clean").Name, CodecCondition.Parse("mp3:64").Name]);
        Assert.Equal(8, two.Count);
        Assert.DoesNotContain(two, r => r.Codec == CodecCondition.Parse("opus:24").Name);
        Assert.Equal(4, two.Count(r => r.Codec == "clean"));
        Assert.Equal(12, SpeechEvaluation.MultiConditionTraining(tests, []).Count);
    }

    [Fact]
    public void A_training_condition_that_is_not_tested_is_an_error_that_names_it()
    {
        var e = Assert.Throws<ArgumentException>(() => SpeechEvaluation.MultiConditionTraining(Tests(), [CodecCondition.Parse("aac:48").Name]));
        Assert.Contains(CodecCondition.Parse("aac:48").Name, e.Message, StringComparison.Ordinal);
        Assert.Contains("--codecs", e.Message, StringComparison.Ordinal);
    }
}
