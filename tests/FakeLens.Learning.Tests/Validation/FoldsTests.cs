using FakeLens.Learning.Validation;

namespace FakeLens.Learning.Tests.Validation;

public sealed class FoldsTests
{
    [Fact]
    public void Grouped_folds_keep_each_group_together_and_balance_classes()
    {
        var groups = new List<string>();
        var labels = new List<bool>();
        for (int g = 0; g < 40; g++)
        {
            for (int p = 0; p < 1 + (g % 5); p++)
            {
                groups.Add("img" + g);
                labels.Add(g % 2 == 0);
            }
        }

        var fold = Folds.Grouped(groups, labels, 5, seed: 1);
        foreach (var g in groups.Distinct())
        {
            Assert.Single(Enumerable.Range(0, groups.Count).Where(i => groups[i] == g).Select(i => fold[i]).Distinct());
        }

        for (int f = 0; f < 5; f++)
        {
            int fakes = Enumerable.Range(0, labels.Count).Count(i => fold[i] == f && labels[i]);
            int reals = Enumerable.Range(0, labels.Count).Count(i => fold[i] == f && !labels[i]);
            Assert.InRange(fakes, 8, 16);
            Assert.InRange(reals, 8, 16);
        }
    }

    [Fact]
    public void Stratified_folds_are_reproducible_and_differ_by_seed()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0).ToArray();
        Assert.Equal(Folds.Stratified(labels, 4, 9), Folds.Stratified(labels, 4, 9));
        Assert.NotEqual(Folds.Stratified(labels, 4, 9), Folds.Stratified(labels, 4, 10));
    }
}
