namespace FakeLens.Learning.Validation;

/// <summary>
/// Assignment of samples to k cross-validation folds (fold index per sample, 0..k−1). Stratified keeps the
/// fake/real ratio in every fold; Grouped keeps every sample of a group (a source image, a speaker, a
/// voice) in one fold, so patches of one photo or clips of one voice never sit on both sides of a split.
/// </summary>
public static class Folds
{
    public static int[] Stratified(IReadOnlyList<bool> labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var groups = new string[labels.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            groups[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Grouped(groups, labels, k, seed);
    }

    public static int[] Grouped(IReadOnlyList<string> groups, IReadOnlyList<bool> labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        if (groups.Count != labels.Count)
        {
            throw new ArgumentException($"{groups.Count} groups but {labels.Count} labels.", nameof(labels));
        }

        // Each group goes with the class most of its samples have; groups of each class are shuffled and
        // dealt to the fold that has the fewest samples of that class so far.
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < groups.Count; i++)
        {
            if (!members.TryGetValue(groups[i], out var list))
            {
                members[groups[i]] = list = [];
            }

            list.Add(i);
        }

        var random = new Random(seed);
        var fold = new int[groups.Count];
        var perClass = new[] { new int[k], new int[k] };
        foreach (bool cls in new[] { true, false })
        {
            var keys = members.Where(m => (m.Value.Count(i => labels[i]) * 2 >= m.Value.Count) == cls).Select(m => m.Key).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            random.Shuffle(keys);
            Array.Sort(keys, (a, b) => members[b].Count.CompareTo(members[a].Count));
            var load = perClass[cls ? 1 : 0];
            foreach (var key in keys)
            {
                int best = 0;
                for (int f = 1; f < k; f++)
                {
                    if (load[f] < load[best])
                    {
                        best = f;
                    }
                }

                foreach (int i in members[key])
                {
                    fold[i] = best;
                }

                load[best] += members[key].Count;
            }
        }

        return fold;
    }
}
