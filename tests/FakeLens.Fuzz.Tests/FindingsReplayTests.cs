namespace FakeLens.Fuzz.Tests;

/// <summary>
/// Replays every minimised crash, hang or out-of-memory input the fuzzers found (Findings/&lt;target&gt;/), each fixed in
/// the parser: it must now end in a result or the parser's documented refusal. docs/fuzzing.md lists them.
/// </summary>
public class FindingsReplayTests
{
    public static TheoryData<string, string> Findings()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, file) in FuzzCorpus.Findings())
        {
            data.Add(target, file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void A_minimised_finding_no_longer_crashes(string target, string file)
    {
        var input = FuzzCorpus.Finding(target, file);
        var ex = Record.Exception(() => FuzzTargets.Run(target, input));
        Assert.Null(ex);
    }
}
