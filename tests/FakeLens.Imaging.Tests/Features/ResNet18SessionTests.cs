using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Features;

/// <summary>The memory-lean ONNX Runtime sessions (no graph optimisation, no pre-packing; issue 19) against the
/// default optimised sessions: the same pooled activations to 1e-4.</summary>
public sealed class ResNet18SessionTests
{
    [Fact]
    public void The_lean_sessions_give_the_optimised_sessions_features_to_1e4()
    {
        var optimised = ResNet18Features.LoadOptimised();
        var worst = 0.0;
        var active = 0;
        foreach (var (seed, size) in new[] { (5, 256), (21, 256), (3, 128) })
        {
            var image = Scenes.Natural(size, size, seed);
            var planes = new PatchPlanes(size);
            planes.Load(image, new PatchRect(0, 0, size));
            var lean = new float[ResNet18Features.Count];
            var reference = new float[ResNet18Features.Count];
            ResNet18Features.Instance.Compute(planes, lean);
            optimised.Compute(planes, reference);
            for (var i = 0; i < lean.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(lean[i] - reference[i]));
                active += reference[i] > 0 ? 1 : 0;
            }
        }

        Assert.True(active > 300, $"the scenes activate many channels ({active})");
        Assert.True(worst <= 1e-4, $"largest difference {worst:G3}");
    }

    [Fact]
    public void The_network_read_into_one_array_equals_the_file_with_the_layer_outputs_appended()
    {
        // Issue 19, seventh round: the session is built from one array (file bytes + layer-output suffix) instead of
        // the file's bytes and a copy; the bytes ONNX Runtime sees must not change.
        var path = Path.Combine(AppContext.BaseDirectory, "onnx", ResNet18Features.ModelFile);
        var expected = ResNet18Features.WithLayerOutputs(File.ReadAllBytes(path));
        var actual = ResNet18Features.ReadWithLayerOutputs(path);
        Assert.True(actual.Length > new FileInfo(path).Length, "the layer outputs are appended");
        Assert.True(expected.AsSpan().SequenceEqual(actual), "same bytes as the file plus WithLayerOutputs' suffix");
    }
}
