using System.Text.Json.Serialization;

namespace FakeLens.Core.Scoring;

/// <summary>
/// One regression tree in arrays (ML.NET's layout): inner node <c>i</c> splits on <see cref="Feature"/>[i] at
/// <see cref="Threshold"/>[i]; <see cref="Left"/>[i] is taken when the value is ≤ the threshold, <see cref="Right"/>[i]
/// otherwise; a child ≥ 0 is an inner node, a child &lt; 0 the leaf <c>~child</c> of <see cref="Leaf"/>. A tree with no
/// inner node is the single leaf 0.
/// </summary>
public sealed class RegressionTreeData
{
    [JsonPropertyName("weight")]
    public double Weight { get; init; } = 1;

    [JsonPropertyName("feature")]
    public int[] Feature { get; init; } = [];

    [JsonPropertyName("threshold")]
    public float[] Threshold { get; init; } = [];

    [JsonPropertyName("left")]
    public int[] Left { get; init; } = [];

    [JsonPropertyName("right")]
    public int[] Right { get; init; } = [];

    [JsonPropertyName("leaf")]
    public double[] Leaf { get; init; } = [];

    /// <summary>The leaf value this row reaches.</summary>
    public double Output(ReadOnlySpan<float> features)
    {
        if (Feature.Length == 0)
        {
            return Leaf[0];
        }

        var node = 0;
        while (node >= 0)
        {
            var v = features[Feature[node]];
            if (!float.IsFinite(v))
            {
                v = 0;
            }

            node = v <= Threshold[node] ? Left[node] : Right[node];
        }

        return Leaf[~node];
    }

    internal void Validate(int featureCount, int index)
    {
        var inner = Feature.Length;
        if (Threshold.Length != inner || Left.Length != inner || Right.Length != inner || Leaf.Length != inner + 1 || !double.IsFinite(Weight))
        {
            throw new InvalidDataException($"tree {index}: {inner} inner nodes need as many thresholds and children and {inner + 1} leaves");
        }

        for (var i = 0; i < inner; i++)
        {
            if (Feature[i] < 0 || Feature[i] >= featureCount || float.IsNaN(Threshold[i]))
            {
                throw new InvalidDataException($"tree {index}, node {i}: feature {Feature[i]} of {featureCount} or threshold {Threshold[i]}");
            }
        }

        // A tree: from the root every inner node and every leaf is reached exactly once (so the walk always ends).
        var seenNode = new bool[inner];
        var seenLeaf = new bool[inner + 1];
        var stack = new Stack<int>();
        if (inner > 0)
        {
            stack.Push(0);
            seenNode[0] = true;
        }

        while (stack.Count > 0)
        {
            var i = stack.Pop();
            foreach (var c in (int[])[Left[i], Right[i]])
            {
                var bad = c >= 0 ? c >= inner || seenNode[c] : ~c > inner || seenLeaf[~c];
                if (bad)
                {
                    throw new InvalidDataException($"tree {index}, node {i}: child {c} out of range or reached twice");
                }

                if (c >= 0)
                {
                    seenNode[c] = true;
                    stack.Push(c);
                }
                else
                {
                    seenLeaf[~c] = true;
                }
            }
        }

        if (Leaf.Any(v => !double.IsFinite(v)))
        {
            throw new InvalidDataException($"tree {index}: a non-finite leaf value");
        }
    }
}
