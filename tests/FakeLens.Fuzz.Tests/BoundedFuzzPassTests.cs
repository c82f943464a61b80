namespace FakeLens.Fuzz.Tests;

/// <summary>
/// The short fuzz pass CI runs (afl++ is not in CI): each target gets a few hundred deterministic mutations of its
/// seeds, and every one must end in a result or the parser's documented refusal (the same rule as the afl++ harness).
/// </summary>
public class BoundedFuzzPassTests
{
    private const int MutationsPerTarget = 300;

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var name in FuzzTargets.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_mutated_seed_ends_in_a_result_or_a_clear_refusal(string target)
    {
        var seeds = FuzzCorpus.Seeds(target);
        Assert.NotEmpty(seeds);
        var random = new Random(20_0001 + target.Length);
        var failures = new List<string>();
        foreach (var seed in seeds)
        {
            Run(target, seed, "seed", failures);
        }

        for (var i = 0; i < MutationsPerTarget; i++)
        {
            var input = Mutator.Mutate(seeds[i % seeds.Count], random);
            Run(target, input, $"mutation {i}", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public void The_harness_reports_an_unexpected_exception_as_a_finding()
    {
        // The pass above can only fail if FuzzTargets lets foreign exceptions through: check that it does.
        Assert.False(FuzzTargets.IsExpected("jpeg", new IndexOutOfRangeException()));
        Assert.True(FuzzTargets.IsExpected("jpeg", new FakeLens.Core.Detection.MediaException("bad")));
        Assert.False(FuzzTargets.IsExpected("jpeg", new FormatException()));
        Assert.True(FuzzTargets.IsExpected("tamper-manifest", new FormatException()));
    }

    private static void Run(string target, byte[] input, string what, List<string> failures)
    {
        try
        {
            FuzzTargets.Run(target, input);
        }
        catch (Exception ex)
        {
            failures.Add($"{target} {what} ({input.Length} bytes, starts {Convert.ToHexString(input.AsSpan(0, Math.Min(16, input.Length)))}): {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }
}
